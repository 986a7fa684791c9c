import { Alert, Form, Input } from 'antd';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { useDrillStep } from './hooks';
import type { Drill } from './types';

interface Values {
  reason: string;
}

/** Call a drill or test off before it starts; the police station is told. Mount only while shown. */
export function CancelDrillModal({ drill, onClose }: { drill: Drill; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const step = useDrillStep({ quiet: true, onDone: onClose });
  const save = {
    mutate: (v: Values) => step.mutate({ kind: 'cancel', id: drill.id, reason: v.reason.trim() }),
    reset: step.reset,
    isPending: step.isPending,
    error: step.error,
  };
  return (
    <FormModal<Values>
      title={t('drills.cancel.title', { title: drill.title })}
      form={form}
      save={save}
      onClose={onClose}
    >
      <Form.Item
        name="reason"
        label={t('drills.cancel.reason')}
        rules={[{ required: true, whitespace: true, max: 500, message: t('drills.cancel.reasonRequired') }]}
      >
        <Input.TextArea rows={3} maxLength={500} showCount placeholder={t('drills.cancel.placeholder')} />
      </Form.Item>
      <Alert type="warning" showIcon title={t('drills.cancel.hint')} style={{ marginBottom: 12 }} />
    </FormModal>
  );
}
