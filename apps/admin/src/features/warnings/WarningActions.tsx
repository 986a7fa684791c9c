import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Space } from 'antd';
import { useState } from 'react';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { cancelWarning, editWarning, rejectWarning, remindWarning, stepWarning, type Warning } from './api';
import { SEVERITIES } from './labels';

type Dialog = 'reject' | 'cancel' | 'withdraw' | 'update' | null;

/** The steps the server offers on a warning: send, approve, reject, update, cancel, remind. */
export function WarningActions({ warning: w, queryKey }: { warning: Warning; queryKey: readonly unknown[] }) {
  const t = useT();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [form] = Form.useForm<{
    reason?: string;
    headline?: string;
    description?: string;
    instruction?: string;
    severity?: Warning['severity'];
  }>();
  const done = () => {
    setDialog(null);
    form.resetFields();
    void qc.invalidateQueries({ queryKey: ['warnings'] });
    void qc.invalidateQueries({ queryKey });
  };
  const run = useMutation({
    mutationFn: async (what: string) => {
      const v = form.getFieldsValue();
      if (what === 'submit' || what === 'approve') return stepWarning(w.id, what);
      if (what === 'reject') return rejectWarning(w.id, v.reason ?? '');
      if (what === 'cancel' || what === 'withdraw') return cancelWarning(w.id, v.reason ?? '');
      if (what === 'remind') {
        const r = await remindWarning(w.id);
        void message.success(t('warnings.action.reminded', { n: r.reminded }));
        return r;
      }
      return editWarning(w.id, {
        headline: v.headline,
        description: v.description,
        instruction: v.instruction || null,
        severity: v.severity,
      });
    },
    onSuccess: done,
    onError: (e) => void message.error(errorMessage(e, t)),
  });
  const has = (a: Warning['actions'][number]) => w.actions.includes(a);
  return (
    <>
      <Space wrap>
        {has('submit') && (
          <Button type="primary" danger onClick={() => run.mutate('submit')} data-testid="warning-submit">
            {t('warnings.action.submit')}
          </Button>
        )}
        {has('approve') && (
          <Button type="primary" onClick={() => run.mutate('approve')} data-testid="warning-approve">
            {t('warnings.action.approve')}
          </Button>
        )}
        {has('reject') && <Button onClick={() => setDialog('reject')}>{t('warnings.action.reject')}</Button>}
        {has('remind') && (
          <Button onClick={() => run.mutate('remind')} data-testid="warning-remind">
            {t('warnings.action.remind')}
          </Button>
        )}
        {has('update') && (
          <Button
            onClick={() => {
              // An update of the source CAP alert waiting for review fills the form with its words.
              const f = (w.capPending?.msgType === 'Update' ? w.capPending.fields : undefined) as
                Partial<Pick<Warning, 'headline' | 'description' | 'instruction' | 'severity'>> | undefined;
              form.setFieldsValue({
                headline: f?.headline ?? w.headline,
                description: f?.description ?? w.description,
                instruction: f?.instruction ?? w.instruction ?? '',
                severity: f?.severity ?? w.severity,
              });
              setDialog('update');
            }}
          >
            {t('warnings.action.update')}
          </Button>
        )}
        {has('cancel') && (
          <Button danger onClick={() => setDialog('cancel')}>
            {t('warnings.action.cancel')}
          </Button>
        )}
        {has('withdraw') && (
          <Button onClick={() => setDialog('withdraw')}>{t('warnings.action.withdraw')}</Button>
        )}
      </Space>
      <Modal
        open={dialog !== null}
        title={dialog ? t(`warnings.action.${dialog}`) : ''}
        onCancel={() => setDialog(null)}
        onOk={() => void form.validateFields().then(() => run.mutate(dialog!))}
        confirmLoading={run.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical">
          {dialog === 'update' ? (
            <>
              <Form.Item name="severity" label={t('warnings.form.severity')}>
                <Select options={SEVERITIES.map((s) => ({ value: s, label: t(`warnings.colour.${s}`) }))} />
              </Form.Item>
              <Form.Item
                name="headline"
                label={t('warnings.form.headline')}
                rules={[{ required: true, max: 200 }]}
              >
                <Input />
              </Form.Item>
              <Form.Item
                name="description"
                label={t('warnings.form.description')}
                rules={[{ required: true, max: 4000 }]}
              >
                <Input.TextArea rows={3} />
              </Form.Item>
              <Form.Item name="instruction" label={t('warnings.form.instruction')} rules={[{ max: 2000 }]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </>
          ) : (
            <Form.Item
              name="reason"
              label={t('warnings.action.reason')}
              rules={[{ required: dialog === 'reject', max: 500 }]}
            >
              <Input.TextArea rows={3} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </>
  );
}
