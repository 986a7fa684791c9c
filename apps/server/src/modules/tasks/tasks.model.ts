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

export const ITEM_TYPES = ['yes_no', 'number', 'text', 'choice', 'photo', 'signature'] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** One item of a checklist. */
export interface ChecklistItem {
  code: string;
  type: ItemType;
  prompt: string;
  required: boolean;
  /** yes_no: may be answered 不适用 */
  allowNa?: boolean;
  /** yes_no: which answer is the failing one (usually 'no': 灭火器压力正常？否) */
  failOn?: 'yes' | 'no';
  /** number: the acceptable range; outside it the item fails */
  min?: number;
  max?: number;
  /** choice: the options, and which of them fail */
  options?: { key: string; label: string; fails?: boolean }[];
  /** photos required when the item fails (evidence of the finding) */
  photoOnFail?: boolean;
  /** points when passed (optional scoring) */
  points?: number;
}

/** yes_no: 'yes' | 'no' | 'na'; number: a number; choice: an option key; text and signature: text. */
export type AnswerValue = number | string | null;
export interface Answer {
  code: string;
  value: AnswerValue;
  photos?: number;
  note?: string;
}

export type ItemVerdict =
  | { code: string; state: 'pass' | 'fail' | 'na' | 'unanswered' }
  | { code: string; state: 'invalid'; problem: string };

/** How one answer stands against its item. */
export function judgeItem(item: ChecklistItem, answer: Answer | undefined): ItemVerdict {
  const code = item.code;
  const v = answer?.value ?? null;
  // A photo item is answered by its photos alone.
  if (item.type === 'photo') {
    if ((answer?.photos ?? 0) >= 1) return { code, state: 'pass' };
    return item.required
      ? { code, state: 'invalid', problem: 'photo_required' }
      : { code, state: 'unanswered' };
  }
  // A signature drawn on the phone is an image (its one photo); the typed name is the fallback.
  if (item.type === 'signature' && (answer?.photos ?? 0) >= 1 && (v === null || v === ''))
    return { code, state: 'pass' };
  if (v === null || v === '')
    return item.required ? { code, state: 'invalid', problem: 'required' } : { code, state: 'unanswered' };
  let failed: boolean;
  switch (item.type) {
    case 'yes_no':
      if (v === 'na')
        return item.allowNa
          ? { code, state: 'na' }
          : { code, state: 'invalid', problem: 'not_applicable_not_allowed' };
      if (v !== 'yes' && v !== 'no') return { code, state: 'invalid', problem: 'yes_or_no' };
      failed = v === (item.failOn ?? 'no');
      break;
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return { code, state: 'invalid', problem: 'number' };
      failed = (item.min !== undefined && v < item.min) || (item.max !== undefined && v > item.max);
      break;
    case 'choice': {
      const option = item.options?.find((o) => o.key === v);
      if (!option) return { code, state: 'invalid', problem: 'choice' };
      failed = !!option.fails;
      break;
    }
    case 'text':
    case 'signature':
      if (typeof v !== 'string') return { code, state: 'invalid', problem: 'text' };
      failed = false;
      break;
  }
  if (failed && item.photoOnFail && (answer?.photos ?? 0) < 1)
    return { code, state: 'invalid', problem: 'photo_required' };
  return { code, state: failed ? 'fail' : 'pass' };
}

/** A whole checklist: its verdicts, what failed (each a hazard to be), and the score when scored. */
export function judgeChecklist(items: readonly ChecklistItem[], answers: readonly Answer[]) {
  const byCode = new Map(answers.map((a) => [a.code, a]));
  const unknown = answers.filter((a) => !items.some((i) => i.code === a.code)).map((a) => a.code);
  const verdicts = items.map((i) => judgeItem(i, byCode.get(i.code)));
  const scored = items.filter((i) => i.points !== undefined);
  const max = scored.reduce((s, i) => s + (i.points ?? 0), 0);
  // Not applicable leaves an item out of the maximum rather than counting against the score.
  const applicableMax = scored.reduce(
    (s, i) => s + (verdicts.find((v) => v.code === i.code)?.state === 'na' ? 0 : (i.points ?? 0)),
    0,
  );
  const score = scored.reduce(
    (s, i) => s + (verdicts.find((v) => v.code === i.code)?.state === 'pass' ? (i.points ?? 0) : 0),
    0,
  );
  return {
    verdicts,
    invalid: verdicts.filter((v) => v.state === 'invalid'),
    unknown,
    failed: verdicts.filter((v) => v.state === 'fail').map((v) => v.code),
    score: max
      ? { score, max: applicableMax, percent: applicableMax ? (100 * score) / applicableMax : null }
      : null,
  };
}

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
