import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Select, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { useCurrentUser } from '../../session/CurrentUser';
import { createWarning, previewAudience, stepWarning, type Audience, type WarningInput } from './api';
import { AudienceFields } from './AudienceFields';
import { CAP_STATUSES, CATEGORIES, CERTAINTIES, SEVERITIES, URGENCIES } from './labels';

type Values = Omit<WarningInput, 'expires' | 'effective' | 'audience'> & {
  audience?: Partial<Audience>;
  expires?: Dayjs | null;
};

const audienceOf = (v: Values): Audience => ({
  orgIds: v.audience?.orgIds ?? [],
  gridIds: v.audience?.gridIds ?? [],
  roles: v.audience?.roles ?? [],
});

/** 发布预警: who from, to whom, what and how severe (红橙黄蓝), then save a draft or send. */
export function ComposePage() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const [form] = Form.useForm<Values>();
  const [preview, setPreview] = useState<{ persons: number; needsApproval: boolean } | null>(null);
  const check = useMutation({
    mutationFn: (v: Values) => previewAudience(v.orgId, audienceOf(v)),
    onSuccess: setPreview,
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const save = useMutation({
    mutationFn: async ({ v, send }: { v: Values; send: boolean }) => {
      const { warning } = await createWarning({
        ...v,
        instruction: v.instruction || null,
        audience: audienceOf(v),
        areaDesc: v.areaDesc ?? '',
        effective: null,
        expires: v.expires ? v.expires.toISOString() : null,
      });
      if (send) await stepWarning(warning.id, 'submit');
      return warning.id;
    },
    onSuccess: (id) => void navigate(`/warnings/${id}`),
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const go = (send: boolean) => void form.validateFields().then((v) => save.mutate({ v, send }));
  const opts = <T extends string>(list: readonly T[], prefix: string) =>
    list.map((v) => ({ value: v, label: t(`${prefix}.${v}` as Parameters<typeof t>[0]) }));
  return (
    <Card title={t('warnings.new')}>
      <Form<Values>
        form={form}
        layout="vertical"
        style={{ maxWidth: 760 }}
        data-testid="warning-compose"
        initialValues={{
          orgId: me.memberships[0]?.orgId,
          severity: 'Moderate',
          urgency: 'Expected',
          certainty: 'Likely',
          category: 'Safety',
          capStatus: 'Actual',
          publicFeed: false,
        }}
        onValuesChange={() => setPreview(null)}
      >
        <Form.Item name="orgId" label={t('warnings.form.org')} rules={[{ required: true }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Card size="small" title={t('warnings.form.audience')} style={{ marginBottom: 16 }}>
          <AudienceFields />
          <Space>
            <Button
              onClick={() =>
                void form.validateFields(['orgId']).then(() => check.mutate(form.getFieldsValue()))
              }
            >
              {t('warnings.form.preview')}
            </Button>
            {preview && (
              <Alert
                data-testid="warning-preview"
                type={preview.needsApproval ? 'warning' : 'info'}
                message={`${t('warnings.form.previewResult', { persons: preview.persons })}${
                  preview.needsApproval ? `；${t('warnings.form.needsApproval')}` : ''
                }`}
              />
            )}
          </Space>
        </Card>
        <Space wrap>
          <Form.Item name="severity" label={t('warnings.form.severity')}>
            <Select
              style={{ width: 200 }}
              options={opts(SEVERITIES, 'warnings.colour')}
              data-testid="warning-severity"
            />
          </Form.Item>
          <Form.Item name="urgency" label={t('warnings.form.urgency')}>
            <Select style={{ width: 200 }} options={opts(URGENCIES, 'warnings.urgency')} />
          </Form.Item>
          <Form.Item name="certainty" label={t('warnings.form.certainty')}>
            <Select style={{ width: 160 }} options={opts(CERTAINTIES, 'warnings.certainty')} />
          </Form.Item>
          <Form.Item name="category" label={t('warnings.form.category')}>
            <Select style={{ width: 140 }} options={opts(CATEGORIES, 'warnings.category')} />
          </Form.Item>
          <Form.Item name="capStatus" label={t('warnings.form.capStatus')}>
            <Select style={{ width: 140 }} options={opts(CAP_STATUSES, 'warnings.capStatus')} />
          </Form.Item>
        </Space>
        <Form.Item name="event" label={t('warnings.form.event')} rules={[{ required: true, max: 100 }]}>
          <Input placeholder="暴雨红色预警" data-testid="warning-event" />
        </Form.Item>
        <Form.Item name="headline" label={t('warnings.form.headline')} rules={[{ required: true, max: 200 }]}>
          <Input data-testid="warning-headline" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('warnings.form.description')}
          rules={[{ required: true, max: 4000 }]}
        >
          <Input.TextArea rows={3} data-testid="warning-description" />
        </Form.Item>
        <Form.Item name="instruction" label={t('warnings.form.instruction')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap>
          <Form.Item
            name="areaDesc"
            label={t('warnings.form.areaDesc')}
            extra={t('warnings.form.areaDescHint')}
          >
            <Input style={{ width: 320 }} maxLength={500} />
          </Form.Item>
          <Form.Item name="expires" label={t('warnings.form.expires')}>
            <DatePicker showTime />
          </Form.Item>
        </Space>
        <Form.Item name="publicFeed" valuePropName="checked">
          <Checkbox>{t('warnings.form.publicFeed')}</Checkbox>
        </Form.Item>
        <Space>
          <Button onClick={() => go(false)} loading={save.isPending}>
            {t('warnings.form.saveDraft')}
          </Button>
          <Button
            type="primary"
            danger
            onClick={() => go(true)}
            loading={save.isPending}
            data-testid="warning-send"
          >
            {preview?.needsApproval ? t('warnings.form.submitApproval') : t('warnings.form.send')}
          </Button>
        </Space>
      </Form>
    </Card>
  );
}
