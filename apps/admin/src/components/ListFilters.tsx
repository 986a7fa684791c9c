import { Button, Checkbox, DatePicker, Input, Select } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { useT } from '../i18n/I18nProvider';

// The filters of a list kept in the address (see lib/urlFilters): each control shows the value
// read from the address and hands a change back; undefined removes a filter.

const DATE = 'YYYY-MM-DD';

/** A search box: the text (trimmed) is the filter, set on Enter or the button, removed with ×. */
export function SearchFilter({
  value,
  label,
  width,
  onChange,
}: {
  value: string | undefined;
  label: string;
  width: number;
  onChange: (q: string) => void;
}) {
  return (
    <Input.Search
      key={`q-${value ?? ''}`}
      allowClear
      aria-label={label}
      placeholder={label}
      defaultValue={value}
      style={{ width }}
      onSearch={(q) => onChange(q.trim())}
    />
  );
}

/** One value out of a list, or none (cleared). */
export function SelectFilter<T extends string>({
  value,
  label,
  placeholder,
  width,
  options,
  search,
  onChange,
}: {
  value: T | undefined;
  /** the control's name for assistive technology */
  label: string;
  placeholder: string;
  width: number;
  options: { value: T; label: string }[];
  /** typing filters the options by their labels */
  search?: boolean;
  onChange: (value: T | undefined) => void;
}) {
  return (
    <Select<T>
      allowClear
      aria-label={label}
      placeholder={placeholder}
      style={{ width }}
      value={value}
      onChange={onChange}
      {...(search ? { showSearch: { optionFilterProp: 'label' } } : {})}
      options={options}
    />
  );
}

/**
 * A range of days (YYYY-MM-DD each end), shown while both ends are set; `openEnd`: the end may be
 * left empty (from a day on), and the range shows with its start alone.
 */
export function DateRangeFilter({
  from,
  to,
  label,
  placeholder,
  openEnd,
  onChange,
}: {
  from: string | undefined;
  to: string | undefined;
  label: string;
  placeholder: [string, string];
  openEnd?: boolean;
  onChange: (range: { from: string | undefined; to: string | undefined }) => void;
}) {
  const range: [dayjs.Dayjs, dayjs.Dayjs | null] | null = openEnd
    ? from
      ? [dayjs(from), to ? dayjs(to) : null]
      : null
    : from && to
      ? [dayjs(from), dayjs(to)]
      : null;
  return (
    <DatePicker.RangePicker
      {...(openEnd ? { allowEmpty: [false, true] as [boolean, boolean] } : {})}
      aria-label={label}
      placeholder={placeholder}
      value={range}
      onChange={(dates) => onChange({ from: dates?.[0]?.format(DATE), to: dates?.[1]?.format(DATE) })}
    />
  );
}

/** A yes-or-nothing filter: checked sets it ('true'), unchecked removes it. */
export function FlagFilter({
  checked,
  onChange,
  children,
}: {
  checked: boolean;
  onChange: (value: 'true' | undefined) => void;
  children: ReactNode;
}) {
  return (
    <Checkbox checked={checked} onChange={(e) => onChange(e.target.checked ? 'true' : undefined)}>
      {children}
    </Checkbox>
  );
}

/** 重置: every filter removed; shown only while one is set. */
export function ResetFilters({ filtered, onClear }: { filtered: boolean; onClear: () => void }) {
  const t = useT();
  if (!filtered) return null;
  return (
    <Button type="link" onClick={onClear}>
      {t('common.reset')}
    </Button>
  );
}
