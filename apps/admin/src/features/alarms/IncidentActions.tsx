import { Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider';
import { useIncidentAction } from './hooks';
import { allowedActions, NEEDS_REASON, useAlarmRights } from './rights';
import { isOpen, type Incident, type IncidentAction } from './types';

function ReasonModal({
  onOk,
  onClose,
  pending,
}: {
  onOk: (reason: string) => void;
  onClose: () => void;
  pending: boolean;
}) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  return (
    <Modal
      open
      title={t('alarm.reason.title')}
      okText={t('alarm.reason.ok')}
      okButtonProps={{ danger: true, loading: pending }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => onOk(v.reason.trim())}>
        <Form.Item
          name="reason"
          label={t('alarm.reason.label')}
          rules={[{ required: true, whitespace: true, max: 500, message: t('alarm.reason.required') }]}
        >
          <Input.TextArea rows={3} autoFocus placeholder={t('alarm.reason.placeholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The steps the user may take on the incident now (by its state and their rights), one button each. */
export function IncidentActions({ incident }: { incident: Incident }) {
  const t = useT();
  const rights = useAlarmRights();
  const act = useIncidentAction();
  const [asking, setAsking] = useState<IncidentAction | null>(null);
  const actions = allowedActions(incident, rights);

  if (actions.length === 0)
    return (
      <Typography.Text type="secondary">
        {isOpen(incident.status) && !rights.handle && !rights.police
          ? t('incident.viewOnly')
          : t('incident.noActions')}
      </Typography.Text>
    );

  const run = (action: IncidentAction, reason?: string) =>
    act.mutate(
      { id: incident.id, action, ...(reason ? { reason } : {}) },
      { onSuccess: () => setAsking(null) },
    );

  return (
    <>
      <Space wrap>
        {actions.map((action, i) => (
          <Button
            key={action}
            data-testid={`action-${action}`}
            type={i === 0 && !NEEDS_REASON.has(action) ? 'primary' : 'default'}
            danger={NEEDS_REASON.has(action)}
            loading={act.isPending && act.variables?.action === action}
            disabled={act.isPending && act.variables?.action !== action}
            onClick={() => (NEEDS_REASON.has(action) ? setAsking(action) : run(action))}
          >
            {t(`alarm.action.${action}`)}
          </Button>
        ))}
      </Space>
      {asking && (
        <ReasonModal
          pending={act.isPending}
          onOk={(reason) => run(asking, reason)}
          onClose={() => setAsking(null)}
        />
      )}
    </>
  );
}
