import { describe, expect, it } from 'vitest';
import { chinaDateTime } from '../clock.js';
import {
  addDuration,
  addWorkingDays,
  addWorkingMinutes,
  addChinaDays,
  chinaDate,
  chinaDayStart,
  DEFAULT_CALENDAR,
  durationSchema,
  isWorkingTime,
  workCalendarSchema,
  workingMinutesBetween,
  type WorkCalendar,
} from './calendar.js';

/** A China wall-clock time, '2026-03-02T08:00' (a Monday). */
const at = (wall: string) => new Date(`${wall}+08:00`);
/** Read a result back on the China wall clock. */
const cn = (d: Date) => chinaDateTime(d);

/**
 * An illustrative National Day 2026 arrangement (plausible dates, not the official notice):
 * Thursday 1 – Wednesday 7 October off; Sunday 20 September and Saturday 10 October worked.
 */
const NATIONAL_DAY: WorkCalendar = {
  ...DEFAULT_CALENDAR,
  holidays: [
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
  ],
  workdays: ['2026-09-20', '2026-10-10'],
};
const EMPTY: WorkCalendar = {
  weekly: { 0: [], 1: [], 2: [], 3: [], 4: [], 5: [], 6: [] },
  holidays: [],
  workdays: [],
};
const ALL_DAY = [{ start: '00:00', end: '24:00' }];
const ROUND_THE_CLOCK: WorkCalendar = {
  weekly: { 0: ALL_DAY, 1: ALL_DAY, 2: ALL_DAY, 3: ALL_DAY, 4: ALL_DAY, 5: ALL_DAY, 6: ALL_DAY },
  holidays: [],
  workdays: [],
};

/** Seeded PRNG (mulberry32): the property checks are the same on every run. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('isWorkingTime', () => {
  it('follows the weekly hours, half-open, with the lunch break off', () => {
    const c = DEFAULT_CALENDAR;
    expect(isWorkingTime(c, at('2026-03-02T07:59'))).toBe(false);
    expect(isWorkingTime(c, at('2026-03-02T08:00'))).toBe(true);
    expect(isWorkingTime(c, at('2026-03-02T11:59'))).toBe(true);
    expect(isWorkingTime(c, at('2026-03-02T12:00'))).toBe(false);
    expect(isWorkingTime(c, at('2026-03-02T13:59'))).toBe(false);
    expect(isWorkingTime(c, at('2026-03-02T14:00'))).toBe(true);
    expect(isWorkingTime(c, at('2026-03-02T17:29'))).toBe(true);
    expect(isWorkingTime(c, at('2026-03-02T17:30'))).toBe(false);
    expect(isWorkingTime(c, at('2026-03-07T10:00'))).toBe(false); // Saturday
    expect(isWorkingTime(c, at('2026-03-08T10:00'))).toBe(false); // Sunday
  });

  it('reads the day in Shanghai, not in UTC', () => {
    // 16:30 UTC Monday is 00:30 Tuesday in Shanghai; 00:30 UTC Tuesday is 08:30 Tuesday.
    expect(chinaDate(new Date('2026-03-02T16:30:00Z'))).toBe('2026-03-03');
    expect(chinaDayStart('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(addChinaDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(isWorkingTime(DEFAULT_CALENDAR, new Date('2026-03-02T16:30:00Z'))).toBe(false);
    expect(isWorkingTime(DEFAULT_CALENDAR, new Date('2026-03-03T00:30:00Z'))).toBe(true);
    // 01:00 UTC Saturday is 09:00 Saturday in Shanghai (off), though Friday 09:00 UTC is not.
    expect(isWorkingTime(DEFAULT_CALENDAR, new Date('2026-03-07T01:00:00Z'))).toBe(false);
    expect(isWorkingTime(DEFAULT_CALENDAR, new Date('2026-03-06T01:00:00Z'))).toBe(true);
  });

  it('takes holidays off and works make-up days with Monday hours or workdayHours', () => {
    expect(isWorkingTime(NATIONAL_DAY, at('2026-10-01T10:00'))).toBe(false); // Thursday, holiday
    expect(isWorkingTime(NATIONAL_DAY, at('2026-09-20T10:00'))).toBe(true); // Sunday, 调休
    expect(isWorkingTime(NATIONAL_DAY, at('2026-09-20T13:00'))).toBe(false); // lunch, as Monday
    expect(isWorkingTime(NATIONAL_DAY, at('2026-10-10T16:00'))).toBe(true); // Saturday, 调休
    const short = { ...NATIONAL_DAY, workdayHours: [{ start: '09:00', end: '12:00' }] };
    expect(isWorkingTime(short, at('2026-10-10T08:30'))).toBe(false);
    expect(isWorkingTime(short, at('2026-10-10T09:00'))).toBe(true);
    expect(isWorkingTime(short, at('2026-10-10T16:00'))).toBe(false);
  });
});

describe('addWorkingMinutes', () => {
  const c = DEFAULT_CALENDAR;
  const add = (wall: string, minutes: number, cal = c) => cn(addWorkingMinutes(cal, at(wall), minutes));

  it('counts within working hours and skips the lunch break', () => {
    expect(add('2026-03-02T09:00', 30)).toBe('2026-03-02 09:30');
    expect(add('2026-03-02T11:00', 120)).toBe('2026-03-02 15:00');
    expect(add('2026-03-02T09:00', 450)).toBe('2026-03-03 09:00'); // one full working day
  });

  it('ends at the end of an interval, not at the start of the next one', () => {
    expect(add('2026-03-02T11:00', 60)).toBe('2026-03-02 12:00');
    expect(add('2026-03-06T17:00', 30)).toBe('2026-03-06 17:30'); // Friday
  });

  it('starts counting at the next working interval when received outside working time', () => {
    expect(add('2026-03-02T06:00', 30)).toBe('2026-03-02 08:30');
    expect(add('2026-03-02T12:30', 30)).toBe('2026-03-02 14:30');
    expect(add('2026-03-06T18:00', 120)).toBe('2026-03-09 10:00'); // Friday evening → Monday
    expect(add('2026-03-07T10:00', 1)).toBe('2026-03-09 08:01'); // Saturday
  });

  it('0 minutes is the first working instant at or after the start', () => {
    expect(add('2026-03-02T09:15', 0)).toBe('2026-03-02 09:15');
    expect(add('2026-03-02T12:00', 0)).toBe('2026-03-02 14:00');
    expect(add('2026-03-06T17:30', 0)).toBe('2026-03-09 08:00');
  });

  it('crosses midnight on the Shanghai clock', () => {
    // 00:30 Tuesday in Shanghai.
    expect(cn(addWorkingMinutes(c, new Date('2026-03-02T16:30:00Z'), 30))).toBe('2026-03-03 08:30');
    // 23:59 UTC Monday is 07:59 Tuesday in Shanghai: one minute before work.
    expect(cn(addWorkingMinutes(c, new Date('2026-03-02T23:59:00Z'), 1))).toBe('2026-03-03 08:01');
  });

  it('skips the National Day holiday and works the make-up days', () => {
    const nd = NATIONAL_DAY;
    expect(add('2026-09-30T17:00', 60, nd)).toBe('2026-10-08 08:30');
    expect(add('2026-09-19T10:00', 30, nd)).toBe('2026-09-20 08:30'); // Saturday → 调休 Sunday
    expect(add('2026-10-09T17:00', 60, nd)).toBe('2026-10-10 08:30'); // Friday → 调休 Saturday
    const short = { ...nd, workdayHours: [{ start: '09:00', end: '12:00' }] };
    expect(add('2026-10-09T17:00', 60, short)).toBe('2026-10-10 09:30');
  });

  it('handles large durations by whole intervals', () => {
    const started = performance.now();
    // 15 working days of 7.5 hours from Friday 25 September 09:00, over the holiday.
    // 25, 28, 29, 30 Sep; 8, 9, 10 (调休), 12–16, 19, 20, 21 Oct.
    expect(add('2026-09-25T09:00', 15 * 450, NATIONAL_DAY)).toBe('2026-10-22 09:00');
    // About nine years of working time.
    expect(add('2026-01-05T08:00', 1_000_000)).toMatch(/^20(3[45])-/);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('is calendar time for a calendar that never stops', () => {
    expect(cn(addWorkingMinutes(ROUND_THE_CLOCK, at('2026-03-07T23:00'), 3 * 1440))).toBe('2026-03-10 23:00');
  });

  it('rejects a calendar with no working time instead of looping', () => {
    expect(() => addWorkingMinutes(EMPTY, at('2026-03-02T09:00'), 1)).toThrow(/no working time/);
    expect(() => addWorkingMinutes(EMPTY, at('2026-03-02T09:00'), 0)).toThrow(RangeError);
    // Only one make-up day, far ahead: found, because the gap is under 400 days.
    const rare: WorkCalendar = {
      ...EMPTY,
      workdays: ['2026-12-31'],
      workdayHours: [{ start: '09:00', end: '10:00' }],
    };
    expect(cn(addWorkingMinutes(rare, at('2026-03-02T09:00'), 10))).toBe('2026-12-31 09:10');
    expect(() => addWorkingMinutes(rare, at('2026-03-02T09:00'), 61)).toThrow(/no working time/);
  });

  it('rejects negative or non-finite minutes and invalid dates', () => {
    expect(() => addWorkingMinutes(c, at('2026-03-02T09:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(c, at('2026-03-02T09:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addWorkingMinutes(c, at('2026-03-02T09:00'), Infinity)).toThrow(RangeError);
    expect(() => addWorkingMinutes(c, new Date('nope'), 1)).toThrow(/not a valid date/);
  });
});

describe('addWorkingDays (次日起算: the day of receipt is not counted)', () => {
  const days = (wall: string, n: number, cal = DEFAULT_CALENDAR) => cn(addWorkingDays(cal, at(wall), n));

  it('is due at the end of the N-th working day after the day of receipt', () => {
    expect(days('2026-03-06T18:30', 3)).toBe('2026-03-11 17:30'); // Friday evening → Wednesday
    expect(days('2026-03-06T09:00', 3)).toBe('2026-03-11 17:30'); // Friday morning, the same
    expect(days('2026-03-07T10:00', 3)).toBe('2026-03-11 17:30'); // Saturday, the same
    expect(days('2026-03-02T07:00', 1)).toBe('2026-03-03 17:30'); // before work on Monday
    expect(days('2026-03-02T16:30', 5)).toBe('2026-03-09 17:30');
  });

  it('uses the Shanghai date of receipt', () => {
    // 20:00 UTC Thursday is 04:00 Friday in Shanghai: received Friday.
    expect(cn(addWorkingDays(DEFAULT_CALENDAR, new Date('2026-03-05T20:00:00Z'), 1))).toBe(
      '2026-03-09 17:30',
    );
  });

  it('0 days is the end of today, or of the next working day once today is over', () => {
    expect(days('2026-03-02T10:00', 0)).toBe('2026-03-02 17:30');
    expect(days('2026-03-02T12:30', 0)).toBe('2026-03-02 17:30');
    expect(days('2026-03-02T17:30', 0)).toBe('2026-03-03 17:30');
    expect(days('2026-03-07T10:00', 0)).toBe('2026-03-09 17:30');
  });

  it('skips the National Day holiday and counts the make-up days', () => {
    const nd = NATIONAL_DAY;
    expect(days('2026-09-29T10:00', 3, nd)).toBe('2026-10-09 17:30'); // 30 Sep, 8 Oct, 9 Oct
    expect(days('2026-09-18T15:00', 1, nd)).toBe('2026-09-20 17:30'); // Friday → 调休 Sunday
    expect(days('2026-10-01T09:00', 1, nd)).toBe('2026-10-08 17:30'); // received on the holiday
    expect(days('2026-10-09T09:00', 1, nd)).toBe('2026-10-10 17:30'); // → 调休 Saturday
    // 28, 29, 30 Sep; 8, 9, 10 (调休) Oct; 12–16 Oct; 19–22 Oct.
    expect(days('2026-09-25T16:00', 15, nd)).toBe('2026-10-22 17:30');
  });

  it('ends at the last interval of the day, whatever the make-up hours', () => {
    const short = { ...NATIONAL_DAY, workdayHours: [{ start: '09:00', end: '12:00' }] };
    expect(days('2026-10-09T09:00', 1, short)).toBe('2026-10-10 12:00');
  });

  it('rejects an empty calendar and counts that are not whole numbers ≥ 0', () => {
    expect(() => addWorkingDays(EMPTY, at('2026-03-02T09:00'), 1)).toThrow(/no working time/);
    expect(() => addWorkingDays(EMPTY, at('2026-03-02T09:00'), 0)).toThrow(/no working time/);
    expect(() => addWorkingDays(DEFAULT_CALENDAR, at('2026-03-02T09:00'), 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(DEFAULT_CALENDAR, at('2026-03-02T09:00'), -1)).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  const c = NATIONAL_DAY;
  const between = (a: string, b: string, cal = c) => workingMinutesBetween(cal, at(a), at(b));

  it('counts only working time', () => {
    expect(between('2026-03-02T11:00', '2026-03-02T15:00')).toBe(120);
    expect(between('2026-03-02T12:10', '2026-03-02T13:50')).toBe(0);
    expect(between('2026-03-06T17:00', '2026-03-09T08:30')).toBe(60); // over the weekend
    expect(between('2026-03-02T00:00', '2026-03-09T00:00')).toBe(5 * 450);
    expect(between('2026-09-30T17:00', '2026-10-08T08:30')).toBe(60); // over National Day
    expect(between('2026-09-19T00:00', '2026-09-21T00:00')).toBe(450); // the 调休 Sunday
  });

  it('is 0 when the end is not after the start, and for an empty calendar', () => {
    expect(between('2026-03-02T15:00', '2026-03-02T11:00')).toBe(0);
    expect(between('2026-03-02T11:00', '2026-03-02T11:00')).toBe(0);
    expect(between('2026-03-02T00:00', '2027-03-02T00:00', EMPTY)).toBe(0);
  });

  it('counts seconds as fractions of a minute', () => {
    expect(workingMinutesBetween(c, at('2026-03-02T09:00:00'), at('2026-03-02T09:00:30'))).toBe(0.5);
  });

  it('agrees with isWorkingTime minute by minute', () => {
    const from = at('2026-09-17T05:00');
    let count = 0;
    for (let m = 0; m < 6 * 1440; m++) {
      if (isWorkingTime(c, new Date(from.getTime() + m * 60_000))) count++;
    }
    expect(workingMinutesBetween(c, from, new Date(from.getTime() + 6 * 1440 * 60_000))).toBe(count);
  });

  it('is the inverse of addWorkingMinutes (seeded random starts)', () => {
    const random = prng(20261001);
    const lo = at('2026-09-01T00:00').getTime();
    const span = 60 * 86_400_000;
    for (let i = 0; i < 500; i++) {
      const from = new Date(lo + Math.floor(random() * span));
      const minutes = Math.floor(random() * 20 * 450);
      const due = addWorkingMinutes(c, from, minutes);
      expect(workingMinutesBetween(c, from, due)).toBe(minutes);
      expect(due >= from).toBe(true);

      // And the other way: the working time up to `to` runs out no later than `to` (unless there
      // was none: then it is the next working start), with no working time left in between.
      const to = new Date(from.getTime() + Math.floor(random() * 20 * 86_400_000));
      const worked = workingMinutesBetween(c, from, to);
      const back = addWorkingMinutes(c, from, worked);
      expect(back <= to || worked === 0).toBe(true);
      expect(workingMinutesBetween(c, back, to)).toBe(0);
    }
  });
});

describe('addDuration', () => {
  const from = at('2026-03-06T16:00'); // Friday
  const due = (amount: number, unit: Parameters<typeof addDuration>[2]['unit']) =>
    cn(addDuration(NATIONAL_DAY, from, { amount, unit }));

  it('adds calendar time without the calendar', () => {
    expect(due(90, 'calendar_minutes')).toBe('2026-03-06 17:30');
    expect(due(2, 'calendar_hours')).toBe('2026-03-06 18:00');
    expect(due(3, 'calendar_days')).toBe('2026-03-09 16:00');
    expect(due(0.5, 'calendar_hours')).toBe('2026-03-06 16:30');
  });

  it('adds working time with the calendar', () => {
    expect(due(2, 'working_hours')).toBe('2026-03-09 08:30');
    expect(due(0.5, 'working_hours')).toBe('2026-03-06 16:30');
    expect(due(3, 'working_days')).toBe('2026-03-11 17:30');
  });

  it('adds nothing for no time, even outside working hours', () => {
    const evening = at('2026-03-06T19:00');
    expect(cn(addDuration(NATIONAL_DAY, evening, { amount: 0, unit: 'working_hours' }))).toBe(
      '2026-03-06 19:00',
    );
    expect(cn(addDuration(NATIONAL_DAY, evening, { amount: 0, unit: 'working_days' }))).toBe(
      '2026-03-06 19:00',
    );
  });

  it('rejects negative amounts and fractional working days', () => {
    expect(() => addDuration(NATIONAL_DAY, from, { amount: -1, unit: 'calendar_hours' })).toThrow(RangeError);
    expect(() => addDuration(NATIONAL_DAY, from, { amount: 1.5, unit: 'working_days' })).toThrow(RangeError);
  });
});

describe('workCalendarSchema', () => {
  const hours = [
    { start: '08:00', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ];
  const withMonday = (monday: unknown) => ({ weekly: { 1: monday }, holidays: [], workdays: [] });

  it('accepts the default calendar and JSON with string keys, missing days off', () => {
    expect(workCalendarSchema.parse(DEFAULT_CALENDAR)).toEqual(DEFAULT_CALENDAR);
    const parsed = workCalendarSchema.parse(JSON.parse(JSON.stringify({ weekly: { '1': hours } })));
    expect(parsed).toEqual({
      weekly: { 0: [], 1: hours, 2: [], 3: [], 4: [], 5: [], 6: [] },
      holidays: [],
      workdays: [],
    });
    expect(isWorkingTime(parsed, at('2026-03-02T09:00'))).toBe(true);
    expect(isWorkingTime(parsed, at('2026-03-03T09:00'))).toBe(false);
    expect(workCalendarSchema.safeParse(ROUND_THE_CLOCK).success).toBe(true);
    expect(workCalendarSchema.safeParse(NATIONAL_DAY).success).toBe(true);
  });

  it('rejects bad HH:mm', () => {
    for (const bad of [
      { start: '8:00', end: '12:00' },
      { start: '08:00', end: '12:60' },
      { start: '08:00', end: '24:30' },
      { start: '24:00', end: '24:00' },
      { start: '08h00', end: '12:00' },
    ]) {
      expect(workCalendarSchema.safeParse(withMonday([bad])).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('rejects empty, backwards, overlapping and unordered intervals', () => {
    const bad = (monday: unknown) => workCalendarSchema.safeParse(withMonday(monday)).success;
    expect(bad([{ start: '12:00', end: '12:00' }])).toBe(false);
    expect(bad([{ start: '12:00', end: '08:00' }])).toBe(false);
    expect(
      bad([
        { start: '08:00', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ]),
    ).toBe(false);
    expect(bad([hours[1], hours[0]])).toBe(false);
    expect(
      bad([
        { start: '08:00', end: '12:00' },
        { start: '12:00', end: '13:00' },
      ]),
    ).toBe(true);
  });

  it('rejects bad dates, a date both off and on, and unknown weekdays', () => {
    const cal = (over: object) => workCalendarSchema.safeParse({ ...DEFAULT_CALENDAR, ...over }).success;
    expect(cal({ holidays: ['2026-02-30'] })).toBe(false);
    expect(cal({ holidays: ['2026/10/01'] })).toBe(false);
    expect(cal({ workdays: ['2026-9-20'] })).toBe(false);
    expect(cal({ holidays: ['2026-10-01'], workdays: ['2026-10-01'] })).toBe(false);
    expect(cal({ weekly: { ...DEFAULT_CALENDAR.weekly, 7: hours } })).toBe(false);
    expect(cal({ weekly: { mon: hours } })).toBe(false);
    expect(cal({ workdayHours: [{ start: '09:00', end: '08:00' }] })).toBe(false);
  });

  it('validates deadline durations', () => {
    expect(durationSchema.safeParse({ amount: 3, unit: 'working_days' }).success).toBe(true);
    expect(durationSchema.safeParse({ amount: 0.5, unit: 'working_hours' }).success).toBe(true);
    expect(durationSchema.safeParse({ amount: 1.5, unit: 'working_days' }).success).toBe(false);
    expect(durationSchema.safeParse({ amount: -1, unit: 'calendar_hours' }).success).toBe(false);
    expect(durationSchema.safeParse({ amount: 1, unit: 'fortnights' }).success).toBe(false);
  });
});
