/**
 * The pure rules of grid tasks (网格任务清单): the eight kinds of grid work, checklists and how an
 * answer is judged (failed items become hazards), scoring, and the period a scheduled task belongs
 * to — the key that makes "one instance per grid per period" hold across restarts. No I/O.
 */
import { chinaDate, chinaDayStart } from '../../kernel/calendar/index.js';

/** The eight kinds of grid work (DOMAIN.md module 3). */
export const TASK_KINDS = [
  /** 设施设备检查 */
  'facility_check',
  /** 基础信息采集 */
  'info_collection',
  /** 师生民意收集 */
  'opinion_collection',
  /** 政策法规宣传 */
  'policy_outreach',
  /** 矛盾纠纷化解 */
  'dispute_mediation',
  /** 安全隐患排查 */
  'hazard_inspection',
  /** 心理健康教育 */
  'mental_health',
  /** 师德师风 */
  'teacher_ethics',
] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * Checklist items and how an answer is judged: one copy in packages/contracts, which the phone judges
 * with too (the server judges again when a checklist is sent, and its verdict is the one recorded).
 */
export {
  ITEM_TYPES,
  isFailing,
  judgeChecklist,
  judgeItem,
  type Answer,
  type AnswerValue,
  type ChecklistItem,
  type ItemType,
  type ItemVerdict,
} from '@anxiao/contracts';

/** custom: on chosen weekdays (每周一、三、五), each such day's task due at its end */
export const RECURRENCES = ['daily', 'weekly', 'monthly', 'custom', 'once'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

/**
 * The period of a schedule an instant falls in, as a key in China time: 2026-11-30 (daily),
 * 2026-W49 (weekly, ISO weeks from Monday), 2026-11 (monthly). An instance is unique per
 * (schedule, grid, period): generating twice, or after a restart, finds the one already there.
 */
export function periodKey(recurrence: Recurrence, at: Date, onceKey = 'once'): string {
  const day = chinaDate(at);
  switch (recurrence) {
    case 'daily':
    case 'custom':
      return day;
    case 'monthly':
      return day.slice(0, 7);
    case 'once':
      return onceKey;
    case 'weekly': {
      // ISO 8601: weeks start on Monday; the week's Thursday names its year.
      const d = new Date(`${day}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
      const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
      const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
      return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
    }
  }
}

/**
 * When a period's task is due: the end of its day, ISO week (Sunday) or month, China time; a
 * one-off task a week after it was given.
 */
export function periodDue(recurrence: Recurrence, key: string, givenAt: Date): Date {
  const chinaMidnight = (isoDay: string) => chinaDayStart(isoDay).getTime();
  const DAY = 86_400_000;
  switch (recurrence) {
    case 'daily':
    case 'custom':
      return new Date(chinaMidnight(key) + DAY - 1000);
    case 'monthly': {
      const [y, m] = key.split('-').map(Number) as [number, number];
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
      return new Date(chinaMidnight(next) - 1000);
    }
    case 'weekly': {
      const [y, w] = key.split('-W').map(Number) as [number, number];
      // Monday of ISO week 1 is the Monday on or before 4 January.
      const jan4 = new Date(Date.UTC(y, 0, 4));
      const monday1 = Date.UTC(y, 0, 4 - ((jan4.getUTCDay() + 6) % 7));
      const monday = new Date(monday1 + (w - 1) * 7 * DAY).toISOString().slice(0, 10);
      return new Date(chinaMidnight(monday) + 7 * DAY - 1000);
    }
    case 'once':
      return new Date(givenAt.getTime() + 7 * DAY);
  }
}

/** ISO weekday (1 Monday … 7 Sunday) of an instant, China time. */
export function chinaWeekday(at: Date): number {
  const d = new Date(`${chinaDate(at)}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** Does a schedule make a task on this day? A custom one only on its weekdays. */
export const dueOn = (s: { recurrence: Recurrence; weekdays: readonly number[] }, at: Date) =>
  s.recurrence !== 'custom' || s.weekdays.includes(chinaWeekday(at));

/** How often a task comes round, as it is labelled: a schedule's recurrence, or a due-date interval. */
export const CADENCES = [...RECURRENCES, 'interval'] as const;
export type Cadence = { kind: (typeof CADENCES)[number]; everyDays: number | null; weekdays: number[] };

/**
 * A task's real cadence: an equipment check comes round every `intervalDays` after the last
 * (its schedule's recurrence is only a placeholder), any other task by its schedule's recurrence.
 */
export function cadenceOf(s: {
  recurrence: Recurrence;
  weekdays: readonly number[];
  equipmentKind: string | null;
  intervalDays: number;
}): Cadence {
  if (s.equipmentKind) return { kind: 'interval', everyDays: s.intervalDays, weekdays: [] };
  return { kind: s.recurrence, everyDays: null, weekdays: s.recurrence === 'custom' ? [...s.weekdays] : [] };
}
