import { z } from 'zod';
import { chinaDateTime } from '../clock.js';

/**
 * The working-time calendar (工作日历) that SLA deadlines are counted in: "respond within 2 working
 * hours", "resolve within 3 working days", "urgent: 2 hours (calendar time)". Every region sets its
 * own, so a calendar is data: weekly working hours, public holidays, and the make-up working days
 * (调休) that fall on weekends. Pure functions, no I/O.
 *
 * Everything is read on the wall clock in China: Asia/Shanghai is always UTC+8 (no daylight saving),
 * so plain arithmetic on UTC instants is exact. Inputs and outputs are `Date` instants. Working
 * intervals are half-open: 08:00–12:00 covers 08:00 up to, not including, 12:00.
 */

/** Wall time as HH:mm; an interval may end at 24:00 (midnight at the end of the day). */
export interface WorkInterval {
  start: string;
  end: string;
}
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;
export const WEEKDAYS: readonly Weekday[] = [0, 1, 2, 3, 4, 5, 6];

export interface WorkCalendar {
  /** Working hours per weekday, 0 = Sunday … 6 = Saturday, ordered; an empty list is a day off. */
  weekly: Record<Weekday, WorkInterval[]>;
  /** Dates (YYYY-MM-DD, China) that are off even on a weekday: 法定节假日. */
  holidays: string[];
  /** Dates that are working days even on a weekend: 调休上班. */
  workdays: string[];
  /** Hours on make-up working days; Monday's hours when absent. */
  workdayHours?: WorkInterval[];
}

const OFFICE_HOURS: WorkInterval[] = [
  { start: '08:00', end: '12:00' },
  { start: '14:00', end: '17:30' },
];

/** Monday to Friday 08:00–12:00 and 14:00–17:30, no holidays: a region adds its own dates. */
export const DEFAULT_CALENDAR: WorkCalendar = {
  weekly: {
    0: [],
    1: OFFICE_HOURS,
    2: OFFICE_HOURS,
    3: OFFICE_HOURS,
    4: OFFICE_HOURS,
    5: OFFICE_HOURS,
    6: [],
  },
  holidays: [],
  workdays: [],
};

// ---- schema -------------------------------------------------------------------------------------

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const intervalSchema = z
  .object({
    start: z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm (00:00–23:59)'),
    end: z.string().regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:mm (00:01–24:00)'),
  })
  .refine((i) => minutesOf(i.start) < minutesOf(i.end), 'an interval must end after it starts');

/** One day's hours: in order and not overlapping (touching, 12:00 then 12:00, is allowed). */
const dayHoursSchema = z.array(intervalSchema).superRefine((day, ctx) => {
  day.forEach((i, n) => {
    const before = day[n - 1];
    if (before && minutesOf(i.start) < minutesOf(before.end)) {
      ctx.addIssue({ code: 'custom', path: [n], message: 'intervals must be in order and must not overlap' });
    }
  });
});

/** A day left out of `weekly` is a day off; unknown keys (a misspelt day) are rejected. */
const weekdayHours = dayHoursSchema.default([]);

/** A calendar as regions configure it (JSON: weekday keys are the strings "0" … "6"). */
export const workCalendarSchema = z
  .object({
    weekly: z.strictObject({
      0: weekdayHours,
      1: weekdayHours,
      2: weekdayHours,
      3: weekdayHours,
      4: weekdayHours,
      5: weekdayHours,
      6: weekdayHours,
    }),
    holidays: z.array(z.iso.date()).default([]),
    workdays: z.array(z.iso.date()).default([]),
    workdayHours: dayHoursSchema.optional(),
  })
  .superRefine((cal, ctx) => {
    const holidays = new Set(cal.holidays);
    cal.workdays.forEach((d, n) => {
      if (holidays.has(d)) {
        ctx.addIssue({
          code: 'custom',
          path: ['workdays', n],
          message: `${d} is both a holiday and a workday`,
        });
      }
    });
  }) satisfies z.ZodType<WorkCalendar>;

// ---- time arithmetic ----------------------------------------------------------------------------

const MINUTE = 60_000;
const DAY = 86_400_000;
const CHINA_OFFSET = 8 * 3_600_000;
/** How far ahead to look for working time before deciding the calendar has none. */
const SEARCH_DAYS = 400;

/** The date on the wall clock in China: 2026-12-01. */
export const chinaDate = (at: Date): string => chinaDateTime(at).slice(0, 10);

/** 00:00 of a China date (2026-12-01 → 2026-11-30T16:00Z). */
export const chinaDayStart = (day: string): Date => new Date(`${day}T00:00:00+08:00`);

/** The China date `n` days after another. */
export const addChinaDays = (day: string, n: number): string =>
  chinaDate(new Date(chinaDayStart(day).getTime() + n * DAY));

/** A China calendar day as a number: days since 1970-01-01 (a Thursday) on the China wall clock. */
const dayOf = (ms: number) => Math.floor((ms + CHINA_OFFSET) / DAY);
const dayStart = (day: number) => day * DAY - CHINA_OFFSET;

/** Working spans of one China day, as [start, end) instants in ms. */
type SpansOn = (day: number) => Array<[number, number]>;

/** Precompute the lookups once per call; a holiday wins if a date is (wrongly) in both lists. */
function spansOf(cal: WorkCalendar): SpansOn {
  const holidays = new Set(cal.holidays);
  const workdays = new Set(cal.workdays);
  const toMinutes = (day: WorkInterval[]) => day.map((i) => [minutesOf(i.start), minutesOf(i.end)] as const);
  const weekly = WEEKDAYS.map((d) => toMinutes(cal.weekly[d]));
  const makeUp = toMinutes(cal.workdayHours ?? cal.weekly[1]);
  return (day) => {
    const start = dayStart(day);
    const date = chinaDate(new Date(start));
    const hours = holidays.has(date) ? [] : workdays.has(date) ? makeUp : weekly[(((day + 4) % 7) + 7) % 7]!;
    return hours.map(([s, e]) => [start + s * MINUTE, start + e * MINUTE]);
  };
}

function instant(at: Date, name: string): number {
  const t = at.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${name} is not a valid date`);
  return t;
}

function nonNegative(n: number, name: string, integer = false): void {
  if (!Number.isFinite(n) || n < 0 || (integer && !Number.isInteger(n))) {
    throw new RangeError(`${name} must be a ${integer ? 'whole ' : ''}number ≥ 0, got ${n}`);
  }
}

const noWorkingTime = (from: number) =>
  new RangeError(
    `the calendar has no working time in the ${SEARCH_DAYS} days after ${chinaDate(new Date(from))}`,
  );

/** Whether `at` falls within working hours. */
export function isWorkingTime(cal: WorkCalendar, at: Date): boolean {
  const t = instant(at, 'at');
  return spansOf(cal)(dayOf(t)).some(([s, e]) => s <= t && t < e);
}

/**
 * The instant at which `minutes` of working time have elapsed after `from`. Outside working hours
 * the clock starts at the next working interval, so 0 minutes gives the first working instant at or
 * after `from` (`from` itself when it is within working hours). A count that runs out exactly at
 * the end of an interval ends there (12:00), not at the start of the next one.
 * Throws a RangeError when the calendar has a stretch of 400 days without working time.
 */
export function addWorkingMinutes(cal: WorkCalendar, from: Date, minutes: number): Date {
  const t = instant(from, 'from');
  nonNegative(minutes, 'minutes');
  const spansOn = spansOf(cal);
  let left = Math.round(minutes * MINUTE);
  for (let day = dayOf(t), idle = 0; ; day++) {
    const spans = spansOn(day);
    if (spans.length === 0 && ++idle > SEARCH_DAYS) throw noWorkingTime(t);
    if (spans.length > 0) idle = 0;
    for (const [s, e] of spans) {
      if (e <= t) continue;
      const start = Math.max(s, t);
      if (left <= e - start) return new Date(start + left);
      left -= e - start;
    }
  }
}

/**
 * "Within N working days" (N个工作日内): the end of the working hours of the N-th working day after
 * the day of receipt. The day of receipt is not counted, whatever the hour (次日起算), as is common
 * in government practice: received Friday 09:00 or Friday 22:00 or Saturday, 3 working days are
 * due at the end of Wednesday's hours (Monday, Tuesday, Wednesday), holidays skipped and make-up
 * working days counted.
 * 0 working days means "today" (当日): the end of today's working hours if some remain at `from`,
 * otherwise the end of the next working day.
 */
export function addWorkingDays(cal: WorkCalendar, from: Date, days: number): Date {
  const t = instant(from, 'from');
  nonNegative(days, 'days', true);
  const spansOn = spansOf(cal);
  let day = dayOf(t);
  if (days === 0) {
    const end = spansOn(day).at(-1)?.[1];
    if (end !== undefined && end > t) return new Date(end);
    days = 1;
  }
  let spans: Array<[number, number]> = [];
  for (let idle = 0; days > 0;) {
    spans = spansOn(++day);
    if (spans.length > 0) {
      days--;
      idle = 0;
    } else if (++idle > SEARCH_DAYS) {
      throw noWorkingTime(t);
    }
  }
  return new Date(spans.at(-1)![1]);
}

/**
 * Working minutes between two instants: how long a response took, or how far past its deadline it
 * is, in working time. 0 when `to` is not after `from`. Fractional when the instants have seconds.
 * The inverse of addWorkingMinutes: workingMinutesBetween(c, a, addWorkingMinutes(c, a, m)) === m.
 */
export function workingMinutesBetween(cal: WorkCalendar, from: Date, to: Date): number {
  const a = instant(from, 'from');
  const b = instant(to, 'to');
  if (b <= a) return 0;
  const spansOn = spansOf(cal);
  let total = 0;
  for (let day = dayOf(a); day <= dayOf(b); day++) {
    for (const [s, e] of spansOn(day)) total += Math.max(0, Math.min(e, b) - Math.max(s, a));
  }
  return total / MINUTE;
}

export const DURATION_UNITS = [
  'calendar_minutes',
  'calendar_hours',
  'calendar_days',
  'working_hours',
  'working_days',
] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
export interface Duration {
  amount: number;
  unit: DurationUnit;
}

/** A deadline rule's duration as configured; working days are whole days. */
export const durationSchema = z
  // Bounded: a mistyped 1e8 working days would walk the calendar day by day for minutes.
  .object({ amount: z.number().nonnegative().max(1000), unit: z.enum(DURATION_UNITS) })
  .refine((d) => d.unit !== 'working_days' || Number.isInteger(d.amount), {
    message: 'working days must be a whole number',
    path: ['amount'],
  }) satisfies z.ZodType<Duration>;

/**
 * The deadline `d` after `from`: the one entry point for deadline rules. Calendar units ignore the
 * calendar (a calendar day is 24 hours: China has no daylight saving); working hours count within
 * working intervals (addWorkingMinutes); working days follow addWorkingDays.
 */
export function addDuration(cal: WorkCalendar, from: Date, d: Duration): Date {
  const t = instant(from, 'from');
  nonNegative(d.amount, 'amount', d.unit === 'working_days');
  // No time is no time, whatever the unit: 督办 "0 hours after the deadline" is the deadline itself.
  if (d.amount === 0) return new Date(t);
  switch (d.unit) {
    case 'calendar_minutes':
      return new Date(t + Math.round(d.amount * MINUTE));
    case 'calendar_hours':
      return new Date(t + Math.round(d.amount * 60 * MINUTE));
    case 'calendar_days':
      return new Date(t + Math.round(d.amount * DAY));
    case 'working_hours':
      return addWorkingMinutes(cal, from, d.amount * 60);
    case 'working_days':
      return addWorkingDays(cal, from, d.amount);
  }
}
