import { describe, expect, it } from 'vitest';
import { isFailing, judgeChecklist, judgeItem, type ChecklistItem } from './checklist.js';

// The server's own examples (apps/server/src/modules/tasks/tasks.model.test.ts): the one copy
// of the rules the phone and the server share must judge them the same.
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
const [EXT, EXIT, TEMP, PATH, SIGN] = ITEMS as [
  ChecklistItem,
  ChecklistItem,
  ChecklistItem,
  ChecklistItem,
  ChecklistItem,
];

describe('the phone judges a checklist as the server does', () => {
  it('passes, fails and skips items as a grid worker answers them', () => {
    const r = judgeChecklist(ITEMS, [
      { code: 'EXT', value: 'no', photos: 1 },
      { code: 'EXIT', value: 'na' },
      { code: 'TEMP', value: 72 },
      { code: 'PATH', value: 'clear' },
      { code: 'SIGN', value: '赵磊' },
    ]);
    expect(r.invalid).toEqual([]);
    expect(r.failed).toEqual(['EXT', 'TEMP']);
    expect(r.verdicts.map((v) => v.state)).toEqual(['fail', 'na', 'fail', 'pass', 'pass']);
  });

  it('refuses what the server refuses: missing, out of list, no photo of a failure, 不适用 not allowed', () => {
    expect(judgeItem(EXT, { code: 'EXT', value: 'no' })).toEqual({
      code: 'EXT',
      state: 'invalid',
      problem: 'photo_required',
    });
    expect(judgeItem(EXT, { code: 'EXT', value: 'na' })).toMatchObject({
      problem: 'not_applicable_not_allowed',
    });
    expect(judgeItem(EXT, { code: 'EXT', value: 'maybe' })).toMatchObject({ problem: 'yes_or_no' });
    expect(judgeItem(PATH, { code: 'PATH', value: 'open' })).toMatchObject({ problem: 'choice' });
    expect(judgeItem(SIGN, undefined)).toMatchObject({ problem: 'required' });
    expect(judgeItem(SIGN, { code: 'SIGN', value: '' })).toMatchObject({ problem: 'required' });
    expect(judgeItem(TEMP, undefined)).toEqual({ code: 'TEMP', state: 'unanswered' });
    expect(judgeItem(TEMP, { code: 'TEMP', value: 'hot' })).toMatchObject({ problem: 'number' });
    expect(judgeItem(SIGN, { code: 'SIGN', value: 3 })).toMatchObject({ problem: 'text' });
  });

  it('takes the range as inclusive, and failOn "yes" the other way round', () => {
    expect(judgeItem(TEMP, { code: 'TEMP', value: 60 }).state).toBe('pass');
    expect(judgeItem(TEMP, { code: 'TEMP', value: -10 }).state).toBe('pass');
    expect(judgeItem(TEMP, { code: 'TEMP', value: -10.5 }).state).toBe('fail');
    const smoke: ChecklistItem = {
      code: 'SMOKE',
      type: 'yes_no',
      prompt: '有人吸烟',
      required: true,
      failOn: 'yes',
    };
    expect(judgeItem(smoke, { code: 'SMOKE', value: 'yes' }).state).toBe('fail');
    expect(judgeItem(smoke, { code: 'SMOKE', value: 'no' }).state).toBe('pass');
  });

  it('needs a photo for a photo item, whatever its value', () => {
    const photo: ChecklistItem = { code: 'PIC', type: 'photo', prompt: '拍摄消防通道', required: true };
    expect(judgeItem(photo, { code: 'PIC', value: 1, photos: 0 })).toMatchObject({
      problem: 'photo_required',
    });
    expect(judgeItem(photo, { code: 'PIC', value: 1, photos: 1 }).state).toBe('pass');
  });

  it('tells which answer is the failing one, to mark it red before the photo is taken', () => {
    expect(isFailing(EXT, 'no')).toBe(true);
    expect(isFailing(EXT, 'yes')).toBe(false);
    expect(isFailing(EXIT, 'na')).toBe(false);
    expect(isFailing(TEMP, 61)).toBe(true);
    expect(isFailing(TEMP, '61')).toBe(false);
    expect(isFailing(PATH, 'blocked')).toBe(true);
    expect(isFailing(SIGN, '赵磊')).toBe(false);
  });
});
