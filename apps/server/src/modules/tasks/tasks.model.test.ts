import { describe, expect, it } from 'vitest';
import {
  chinaWeekday,
  dueOn,
  judgeChecklist,
  judgeItem,
  periodDue,
  periodKey,
  type ChecklistItem,
} from './tasks.model.js';

const ITEMS: ChecklistItem[] = [
  {
    code: 'EXT',
    type: 'yes_no',
    prompt: '灭火器压力指针在绿区',
    required: true,
    failOn: 'no',
    photoOnFail: true,
    points: 10,
  },
  { code: 'EXIT', type: 'yes_no', prompt: '安全出口指示灯完好', required: true, allowNa: true, points: 10 },
  { code: 'TEMP', type: 'number', prompt: '配电箱温度（℃）', required: false, min: -10, max: 60 },
  {
    code: 'PATH',
    type: 'choice',
    prompt: '疏散通道',
    required: true,
    options: [
      { key: 'clear', label: '畅通' },
      { key: 'blocked', label: '堵塞', fails: true },
    ],
    points: 10,
  },
  { code: 'SIGN', type: 'signature', prompt: '检查人签名', required: true },
];

describe('a checklist', () => {
  it('passes, fails, skips and scores items as a grid worker answers them', () => {
    const r = judgeChecklist(ITEMS, [
      { code: 'EXT', value: 'no', photos: 1 },
      { code: 'EXIT', value: 'na' },
      { code: 'TEMP', value: 72 },
      { code: 'PATH', value: 'clear' },
      { code: 'SIGN', value: '赵磊' },
    ]);
    expect(r.invalid).toEqual([]);
    // A failed item is a hazard to be; 不适用 drops out of the maximum.
    expect(r.failed).toEqual(['EXT', 'TEMP']);
    expect(r.score).toEqual({ score: 10, max: 20, percent: 50 });
  });

  it('refuses what cannot be accepted: missing, out of list, no photo of a failure, 不适用 not allowed', () => {
    expect(judgeItem(ITEMS[0]!, { code: 'EXT', value: 'no' })).toMatchObject({
      state: 'invalid',
      problem: 'photo_required',
    });
    expect(judgeItem(ITEMS[0]!, { code: 'EXT', value: 'na' })).toMatchObject({
      problem: 'not_applicable_not_allowed',
    });
    expect(judgeItem(ITEMS[3]!, { code: 'PATH', value: 'open' })).toMatchObject({ problem: 'choice' });
    expect(judgeItem(ITEMS[4]!, undefined)).toMatchObject({ problem: 'required' });
    expect(judgeItem(ITEMS[2]!, undefined)).toEqual({ code: 'TEMP', state: 'unanswered' });
    expect(judgeChecklist(ITEMS, [{ code: 'NOPE', value: 'yes' }]).unknown).toEqual(['NOPE']);
  });
});

describe('the period of a schedule', () => {
  it('names days, ISO weeks and months in China time', () => {
    // 23:30 UTC on 30 November is 07:30 on 1 December in China.
    expect(periodKey('daily', new Date('2026-11-30T23:30:00Z'))).toBe('2026-12-01');
    expect(periodKey('monthly', new Date('2026-11-30T23:30:00Z'))).toBe('2026-12');
    expect(periodKey('weekly', new Date('2026-11-30T09:00:00+08:00'))).toBe('2026-W49');
    expect(periodKey('weekly', new Date('2026-12-06T23:00:00+08:00'))).toBe('2026-W49');
    expect(periodKey('weekly', new Date('2026-12-07T00:00:00+08:00'))).toBe('2026-W50');
    // 1 January 2027 is a Friday: it belongs to the last week of 2026.
    expect(periodKey('weekly', new Date('2027-01-01T12:00:00+08:00'))).toBe('2026-W53');
    expect(periodKey('once', new Date(), 'drill-2026')).toBe('drill-2026');
  });
});

describe('the seeded checklist library', () => {
  it('has one checklist per risk domain, the 校园周边 table and the kindergarten checks, each well formed', async () => {
    const { CHECKLIST_LIBRARY, RISK_DOMAINS } = await import('./tasks.library.js');
    const domains = new Set(
      CHECKLIST_LIBRARY.filter((c) => c.code.startsWith('DOMAIN-')).map((c) => c.domain),
    );
    expect(domains.size).toBe(15);
    expect(RISK_DOMAINS).toHaveLength(15);
    expect(CHECKLIST_LIBRARY.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        '校园周边安全隐患检查表',
        '幼儿园每周安全隐患排查表',
        '幼儿园每月安全隐患全面排查表',
      ]),
    );
    expect(new Set(CHECKLIST_LIBRARY.map((c) => c.code)).size).toBe(CHECKLIST_LIBRARY.length);
    for (const c of CHECKLIST_LIBRARY) {
      const codes = c.items.map((i) => i.code);
      expect(new Set(codes).size, c.name).toBe(codes.length);
      expect(c.items.length, c.name).toBeGreaterThanOrEqual(5);
      expect(codes.at(-1), c.name).toBe('SIGN');
      // Every checklist can be completed: answering each item the passing way judges clean.
      const answers = c.items.map((i) => ({
        code: i.code,
        value:
          i.type === 'yes_no'
            ? 'yes'
            : i.type === 'number'
              ? (i.min ?? 0)
              : i.type === 'choice'
                ? i.options![0]!.key
                : '检查人',
      }));
      const r = judgeChecklist(c.items, answers);
      expect(r.invalid, c.name).toEqual([]);
      expect(r.failed, c.name).toEqual([]);
    }
  });
});

describe('when a period is due', () => {
  it('ends the day, the ISO week (Sunday) and the month in China time', async () => {
    const { periodDue } = await import('./tasks.model.js');
    const at = new Date('2026-11-30T09:00:00+08:00');
    expect(periodDue('daily', '2026-11-30', at).toISOString()).toBe('2026-11-30T15:59:59.000Z');
    expect(periodDue('weekly', '2026-W49', at).toISOString()).toBe('2026-12-06T15:59:59.000Z');
    expect(periodDue('weekly', '2026-W53', at).toISOString()).toBe('2027-01-03T15:59:59.000Z');
    expect(periodDue('monthly', '2026-12', at).toISOString()).toBe('2026-12-31T15:59:59.000Z');
    expect(periodDue('once', 'x', at).toISOString()).toBe('2026-12-07T01:00:00.000Z');
  });
});

describe('custom recurrence', () => {
  it('makes a task only on the chosen weekdays, due at the end of that day', () => {
    const s = { recurrence: 'custom' as const, weekdays: [1, 3, 5] };
    // Monday 30 November 2026 and Wednesday 2 December, China time; not Tuesday 1 December.
    expect(dueOn(s, new Date('2026-11-30T08:00:00+08:00'))).toBe(true);
    expect(dueOn(s, new Date('2026-12-01T08:00:00+08:00'))).toBe(false);
    expect(dueOn(s, new Date('2026-12-02T23:59:00+08:00'))).toBe(true);
    // 23:30 UTC on Sunday is Monday in China.
    expect(chinaWeekday(new Date('2026-12-06T23:30:00Z'))).toBe(1);
    expect(periodKey('custom', new Date('2026-12-02T08:00:00+08:00'))).toBe('2026-12-02');
    expect(periodDue('custom', '2026-12-02', new Date()).toISOString()).toBe('2026-12-02T15:59:59.000Z');
    expect(dueOn({ recurrence: 'daily', weekdays: [] }, new Date('2026-12-01T08:00:00+08:00'))).toBe(true);
  });
});

describe('a photo item', () => {
  it('is answered by its photos alone', () => {
    const item: ChecklistItem = { code: 'SCENE', type: 'photo', prompt: '现场照片', required: true };
    expect(judgeItem(item, { code: 'SCENE', value: null, photos: 2 })).toEqual({
      code: 'SCENE',
      state: 'pass',
    });
    expect(judgeItem(item, { code: 'SCENE', value: null })).toEqual({
      code: 'SCENE',
      state: 'invalid',
      problem: 'photo_required',
    });
    expect(judgeItem({ ...item, required: false }, undefined)).toEqual({
      code: 'SCENE',
      state: 'unanswered',
    });
  });
});
