import dayjs from 'dayjs';

export const EMPTY = '—';

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : EMPTY;
}

/** A text field's value trimmed; undefined when nothing is left of it. */
export function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}
