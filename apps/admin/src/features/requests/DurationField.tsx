import { InputNumber, Select, Space } from 'antd';
import { useT } from '../../i18n/I18nProvider';
import { DURATION_UNITS, type Duration, type DurationUnit } from './types';

interface DurationFieldProps {
  id?: string;
  value?: Duration;
  onChange?: (value: Duration) => void;
  units?: readonly DurationUnit[];
  'data-testid'?: string;
}

/** A deadline rule's length: an amount and its unit (working hours, working days, calendar time). */
export function DurationField({
  id,
  value,
  onChange,
  units = DURATION_UNITS,
  'data-testid': testId,
}: DurationFieldProps) {
  const t = useT();
  const unit = value?.unit ?? 'working_hours';
  const whole = unit === 'working_days';
  return (
    <Space.Compact data-testid={testId}>
      <InputNumber<number>
        id={id}
        min={0}
        max={10_000}
        step={whole ? 1 : 0.5}
        precision={whole ? 0 : undefined}
        value={value?.amount ?? null}
        aria-label={t('requests.form.amount')}
        style={{ width: 100 }}
        onChange={(amount) => onChange?.({ amount: amount ?? 0, unit })}
      />
      <Select<DurationUnit>
        value={unit}
        aria-label={t('requests.form.durationUnit')}
        style={{ width: 120 }}
        popupMatchSelectWidth={false}
        onChange={(next) =>
          onChange?.({
            amount: next === 'working_days' ? Math.round(value?.amount ?? 0) : (value?.amount ?? 0),
            unit: next,
          })
        }
        options={units.map((u) => ({ value: u, label: t(`requests.duration.${u}`) }))}
      />
    </Space.Compact>
  );
}

/** A duration as read: 2 工作小时, 3 个工作日. */
export function durationText(t: ReturnType<typeof useT>, d: Duration): string {
  return t(`requests.amount.${d.unit}`, { n: d.amount });
}
