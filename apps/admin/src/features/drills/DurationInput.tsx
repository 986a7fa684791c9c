import { InputNumber, Space } from 'antd';
import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider';

interface Parts {
  m: number | null;
  s: number | null;
}

const split = (value: number | undefined): Parts =>
  value === undefined ? { m: null, s: null } : { m: Math.floor(value / 60), s: value % 60 };

const total = ({ m, s }: Parts): number | undefined =>
  m === null && s === null ? undefined : (m ?? 0) * 60 + (s ?? 0);

interface DurationInputProps {
  id?: string;
  /** seconds */
  value?: number;
  onChange?: (seconds: number | undefined) => void;
  maxMinutes?: number;
  placeholder?: Parts;
  'data-testid'?: string;
}

/** A duration in seconds, entered as minutes and seconds (1 分 48 秒 is 108). */
export function DurationInput({
  id,
  value,
  onChange,
  maxMinutes = 600,
  placeholder,
  'data-testid': testId,
}: DurationInputProps) {
  const t = useT();
  const [parts, setParts] = useState<Parts>(() => split(value));
  // A value set from outside (the form reset) shows; one typed here is already in the parts.
  if (value !== total(parts)) setParts(split(value));

  const change = (next: Parts) => {
    setParts(next);
    onChange?.(total(next));
  };
  return (
    <Space.Compact data-testid={testId}>
      <InputNumber<number>
        id={id}
        aria-label={t('drills.duration.minutes')}
        min={0}
        max={maxMinutes}
        precision={0}
        value={parts.m}
        placeholder={
          placeholder?.m === undefined || placeholder.m === null ? undefined : String(placeholder.m)
        }
        suffix={t('drills.duration.min')}
        style={{ width: 110 }}
        onChange={(m) => change({ ...parts, m })}
        data-part="minutes"
      />
      <InputNumber<number>
        aria-label={t('drills.duration.seconds')}
        min={0}
        max={59}
        precision={0}
        value={parts.s}
        placeholder={
          placeholder?.s === undefined || placeholder.s === null ? undefined : String(placeholder.s)
        }
        suffix={t('drills.duration.sec')}
        style={{ width: 100 }}
        onChange={(s) => change({ ...parts, s })}
        data-part="seconds"
      />
    </Space.Compact>
  );
}
