import { formatDuration } from '../../lib/format';
import { Alert, Form, Input, InputNumber, Typography } from 'antd';
import { FormModal } from '../../components/FormModal';
import { useT } from '../../i18n/I18nProvider';
import { trimmed } from '../../lib/format';
import { DurationInput } from './DurationInput';
import { useDrillStep } from './hooks';
import type { Drill } from './types';

interface Values {
  evacuationSeconds?: number;
  participants?: number;
  summary?: string;
}

/** The evacuation time so far entered, against the target: 达标 or 未达标. */
function Preview({ seconds, target }: { seconds: number | undefined; target: number | null }) {
  const t = useT();
  if (!seconds || target === null) return null;
  const met = seconds <= target;
  return (
    <Typography.Text type={met ? 'success' : 'danger'} data-testid="drill-finish-preview">
      {t('drills.finish.preview', {
        seconds,
        target: formatDuration(target),
        result: t(met ? 'drills.result.met' : 'drills.result.missed'),
      })}
    </Typography.Text>
  );
}

/** Finish a running drill or test with its evidence; its alarm is closed. Mount only while shown. */
export function FinishDrillModal({ drill, onClose }: { drill: Drill; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const seconds = Form.useWatch('evacuationSeconds', form);
  const step = useDrillStep({ quiet: true, onDone: onClose });
  const isDrill = drill.kind === 'drill';
  const save = {
    mutate: (v: Values) =>
      step.mutate({
        kind: 'finish',
        id: drill.id,
        input: {
          evacuationSeconds: v.evacuationSeconds,
          participants: v.participants ?? undefined,
          summary: trimmed(v.summary),
        },
      }),
    reset: step.reset,
    isPending: step.isPending,
    error: step.error,
  };

  return (
    <FormModal<Values>
      title={t('drills.finish.title', { title: drill.title })}
      width={560}
      form={form}
      save={save}
      onClose={onClose}
    >
      {isDrill && (
        <Form.Item
          label={t('drills.finish.evacuation')}
          extra={
            <>
              {t('drills.finish.evacuationHint')}
              <br />
              <Preview seconds={seconds} target={drill.targetSeconds} />
            </>
          }
        >
          <Form.Item
            name="evacuationSeconds"
            noStyle
            rules={[{ type: 'number', min: 1, max: 36_000, message: t('drills.finish.evacuationRange') }]}
          >
            <DurationInput data-testid="drill-finish-evacuation" />
          </Form.Item>
        </Form.Item>
      )}
      {isDrill && (
        <Form.Item name="participants" label={t('drills.finish.participants')}>
          <InputNumber<number>
            min={0}
            max={100_000}
            precision={0}
            suffix={t('drills.finish.participantsUnit')}
            style={{ width: 160 }}
          />
        </Form.Item>
      )}
      <Form.Item name="summary" label={t('drills.finish.summary')}>
        <Input.TextArea
          rows={4}
          maxLength={2000}
          showCount
          placeholder={t(`drills.finish.summaryPlaceholder.${drill.kind}`)}
        />
      </Form.Item>
      <Alert
        type="info"
        showIcon
        title={t(`drills.finish.closesIncident.${drill.kind}`)}
        style={{ marginBottom: 12 }}
      />
    </FormModal>
  );
}
