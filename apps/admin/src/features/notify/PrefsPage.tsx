import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Spin, Switch, TimePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { errorMessage, useI18n, type MessageKey } from '../../i18n/I18nProvider';
import { getPrefs, notifyKeys, savePrefs, type NotifyPrefs, type NotifyPrefsInput } from './api';

const DIGEST = ['email', 'wecom', 'dingtalk', 'feishu'] as const;
const IM = ['wecom', 'dingtalk', 'feishu'] as const;

interface Values {
  quietOn: boolean;
  quiet?: [Dayjs, Dayjs];
  digestChannel: NotifyPrefs['digestChannel'] | 'none';
  wecom?: string;
  dingtalk?: string;
  feishu?: string;
}

const toValues = (p: NotifyPrefs): Values => ({
  quietOn: !!p.quietHours,
  quiet: p.quietHours ? [dayjs(p.quietHours.from, 'HH:mm'), dayjs(p.quietHours.to, 'HH:mm')] : undefined,
  digestChannel: p.digestChannel ?? 'none',
  wecom: p.contacts.wecom,
  dingtalk: p.contacts.dingtalk,
  feishu: p.contacts.feishu,
});

const toInput = (v: Values): NotifyPrefsInput => ({
  quietHours:
    v.quietOn && v.quiet ? { from: v.quiet[0].format('HH:mm'), to: v.quiet[1].format('HH:mm') } : null,
  digestChannel: v.digestChannel === 'none' ? null : v.digestChannel,
  contacts: Object.fromEntries(IM.map((c) => [c, v[c]?.trim() || undefined])),
});

/** 通知设置: one's own quiet hours, digest channel and messaging accounts. */
export function PrefsPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const prefs = useQuery({ queryKey: notifyKeys.prefs, queryFn: getPrefs });
  const save = useMutation({
    mutationFn: (v: Values) => savePrefs(toInput(v)),
    onSuccess: (p) => {
      qc.setQueryData(notifyKeys.prefs, p);
      void message.success(t('common.saved'));
    },
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  useEffect(() => {
    if (prefs.data) form.setFieldsValue(toValues(prefs.data));
  }, [prefs.data, form]);
  const quietOn = Form.useWatch('quietOn', form);

  if (prefs.isLoading) return <Spin />;
  if (prefs.error) return <Alert type="error" showIcon title={errorMessage(prefs.error, t)} />;
  const p = prefs.data!;
  return (
    <Card title={t('notify.prefs.title')}>
      <Alert type="info" showIcon title={t('notify.prefs.hint')} style={{ marginBottom: 16 }} />
      <Descriptions column={1} size="small" style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('notify.prefs.phone')}>
          {p.phone ?? t('notify.prefs.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('notify.prefs.email')}>
          {p.email ?? t('notify.prefs.none')}
        </Descriptions.Item>
      </Descriptions>
      <Form<Values> form={form} layout="vertical" style={{ maxWidth: 480 }} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="quietOn" label={t('notify.prefs.quietOn')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {quietOn && (
          <Form.Item name="quiet" label={t('notify.prefs.quiet')} rules={[{ required: true }]}>
            <TimePicker.RangePicker format="HH:mm" order={false} />
          </Form.Item>
        )}
        <Form.Item name="digestChannel" label={t('notify.prefs.digest')}>
          <Select
            options={[
              { value: 'none', label: t('notify.prefs.noDigest') },
              ...DIGEST.map((c) => ({ value: c, label: t(`notify.channel.${c}` as MessageKey) })),
            ]}
          />
        </Form.Item>
        {IM.map((c) => (
          <Form.Item key={c} name={c} label={t(`notify.prefs.${c}` as MessageKey)}>
            <Input maxLength={100} allowClear />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </Card>
  );
}
