import type { Lang } from '../api/types';
import type { RequestStatus } from './types';

/** Deadlines are the school's: shown in China time whatever zone the phone is set to. */
export const CHINA_TZ = 'Asia/Shanghai';

const chinaYear = (ms: number): string =>
  new Intl.DateTimeFormat('en-US', { timeZone: CHINA_TZ, year: 'numeric' }).format(ms);

/**
 * A moment in China time: date and time of day (3月5日 周四 17:30), with the year when it is not
 * this year's.
 */
export function formatChinaTime(iso: string, lang: Lang, now: number = Date.now()): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '';
  const withYear = chinaYear(ms) !== chinaYear(now);
  return new Intl.DateTimeFormat(lang, {
    timeZone: CHINA_TZ,
    ...(withYear ? { year: 'numeric' } : {}),
    month: lang === 'zh-CN' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

/** Statuses the request is over in. */
export const isClosed = (s: RequestStatus): boolean => s === 'closed';

/** How a status is shown: its colour family. */
export function statusTone(s: RequestStatus): 'new' | 'working' | 'waiting' | 'warn' | 'done' {
  switch (s) {
    case 'received':
    case 'triage':
    case 'dispatched':
      return 'new';
    case 'accepted':
    case 'contacted':
    case 'in_progress':
    case 'replied':
      return 'working';
    case 'revisit':
      return 'waiting';
    case 'extended':
    case 'parked':
    case 'reopened':
      return 'warn';
    case 'closed':
      return 'done';
  }
}

/** Whether a deadline has passed while the request is still open. */
export function isLate(deadlineIso: string, status: RequestStatus, now: number): boolean {
  return !['replied', 'revisit', 'closed'].includes(status) && Date.parse(deadlineIso) < now;
}

/** The time of day in China time (14:05), for "last updated" lines. */
export function formatChinaClock(ms: number, lang: Lang): string {
  if (!Number.isFinite(ms) || ms <= 0) return '';
  return new Intl.DateTimeFormat(lang, {
    timeZone: CHINA_TZ,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}
