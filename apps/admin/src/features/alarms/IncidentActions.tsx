import { Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider';
import { useIncidentAction } from './hooks';
import { allowedActions, NEEDS_NOTE, NEEDS_REASON, useAlarmRights } from './rights';
import { isOpen, type Incident, type IncidentAction } from './types';

/** The words of the dialog that asks for a text with a step: a false alarm's reason, a note. */
function askWords(action: IncidentAction) {
  if (action === 'resolve' || action === 'close')
    return {
      title: `alarm.note.${action}.title`,
      label: `alarm.note.${action}.label`,
      placeholder: `alarm.note.${action}.placeholder`,
      required: 'alarm.note.required',
      ok: `alarm.action.${action}`,
      danger: false,
    } as const;
  return {
    title: 'alarm.reason.title',
    label: 'alarm.reason.label',
    placeholder: 'alarm.reason.placeholder',
    required: 'alarm.reason.required',
    ok: 'alarm.reason.ok',
    danger: true,
  } as const;
}

function AskModal({
  action,
  onOk,
  onClose,
  pending,
}: {
  action: IncidentAction;
  onOk: (text: string) => void;
  onClose: () => void;
  pending: boolean;
}) {
  const t = useT();
  const words = askWords(action);
  const [form] = Form.useForm<{ text: string }>();
  return (
    <Modal
      open
      title={t(words.title)}
      okText={t(words.ok)}
      okButtonProps={{ danger: words.danger, loading: pending }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form form={form} layout="vertical" onFinish={(v) => onOk(v.text.trim())}>
        <Form.Item
          name="text"
          label={t(words.label)}
          rules={[{ required: true, whitespace: true, max: 500, message: t(words.required) }]}
        >
          <Input.TextArea rows={3} autoFocus placeholder={t(words.placeholder)} data-testid="ask-text" />
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

  // 处置完毕 and 结案 carry a note (kept as 处置说明, 结案说明); a false alarm carries its reason.
  const run = (action: IncidentAction, text?: string) =>
    act.mutate(
      {
        id: incident.id,
        action,
        ...(text ? (NEEDS_NOTE.has(action) ? { note: text } : { reason: text }) : {}),
      },
      { onSuccess: () => setAsking(null) },
    );
  const asks = (action: IncidentAction) => NEEDS_REASON.has(action) || NEEDS_NOTE.has(action);

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
            onClick={() => (asks(action) ? setAsking(action) : run(action))}
          >
            {t(`alarm.action.${action}`)}
          </Button>
        ))}
      </Space>
      {asking && (
        <AskModal
          action={asking}
          pending={act.isPending}
          onOk={(text) => run(asking, text)}
          onClose={() => setAsking(null)}
        />
      )}
    </>
  );
}
