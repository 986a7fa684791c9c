import dayjs from 'dayjs';

export const EMPTY = '—';

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dayjs(iso).format('YYYY-MM-DD HH:mm:ss') : EMPTY;
}

/** The time of day of a moment, to the second: 14:05:09. */
export function formatTime(iso: string): string {
  return dayjs(iso).format('HH:mm:ss');
}

/** A length of time as a clock reads: 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

/** A text field's value trimmed; undefined when nothing is left of it. */
export function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}
