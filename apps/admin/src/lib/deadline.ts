/** How a deadline stands: past, close (under `soonMs` left), or not yet pressing. */
export type DeadlineState = 'overdue' | 'soon' | 'ok';

/** A request's clock turns amber two hours before its deadline. */
export const SOON_MS = 2 * 3_600_000;

export function deadlineState(dueAt: string, now: number, soonMs = SOON_MS): DeadlineState {
  const left = Date.parse(dueAt) - now;
  if (left < 0) return 'overdue';
  return left < soonMs ? 'soon' : 'ok';
}

/** A length of time in its largest units: days and hours, hours and minutes, or minutes and seconds. */
export type Span =
  | { unit: 'dh'; d: number; h: number }
  | { unit: 'hm'; h: number; m: number }
  | { unit: 'ms'; m: number; s: number };

export function spanOf(ms: number): Span {
  const total = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(total / 86_400);
  const h = Math.floor((total % 86_400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (d > 0) return { unit: 'dh', d, h };
  if (h > 0) return { unit: 'hm', h, m };
  return { unit: 'ms', m, s: total % 60 };
}

/** The date in China (UTC+8) of a moment, as YYYY-MM-DD: deadlines are whole days there. */
export function chinaDate(iso: string | number): string {
  const ms = typeof iso === 'number' ? iso : Date.parse(iso);
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
}
