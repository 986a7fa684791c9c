import { describe, expect, it } from 'vitest';
import {
  DRAFTS_MAX,
  addPhoto,
  draftFromOutbox,
  draftOf,
  judgeDraft,
  newChecklist,
  outboxAnswers,
  parseDrafts,
  parseNumber,
  setNote,
  setValue,
  withDraft,
  withPosition,
} from './draft';
import type { ChecklistItem } from './types';

const T0 = Date.parse('2026-11-30T09:00:00+08:00');
const KEY = '6f1c2a8e-7d3b-4c1a-9e2f-0a1b2c3d4e5f';
const ITEMS: ChecklistItem[] = [
  {
    code: 'BOX',
    type: 'yes_no',
    prompt: '箱门可开启',
    required: true,
    allowNa: true,
    failOn: 'no',
    photoOnFail: true,
  },
  { code: 'MPA', type: 'number', prompt: '静水压力', required: false, min: 0.1, max: 0.8 },
  { code: 'PIC', type: 'photo', prompt: '拍摄全景', required: true },
  { code: 'SIGN', type: 'signature', prompt: '检查人签名', required: true },
];
const photo = (n: number) => ({ localId: `p${n}`, thumb: 'data:', bytes: 100 });

describe('a checklist filled in on the phone', () => {
  it('reads numbers as typed on a phone keyboard', () => {
    expect(parseNumber(' 0.35 ')).toBe(0.35);
    expect(parseNumber('0,35')).toBe(0.35);
    expect(parseNumber('-2')).toBe(-2);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('')).toBeNull();
    expect(parseNumber('1e3')).toBe('1e3');
    expect(parseNumber('abc')).toBe('abc');
  });

  it('is judged live: a failing answer wants its photo, a photo item is answered by its photos', () => {
    let d = newChecklist('u', 't', KEY, T0);
    d = setValue(d, 'BOX', 'no', T0);
    d = setValue(d, 'MPA', '0.9', T0);
    d = setValue(d, 'SIGN', '  赵磊 ', T0);
    let v = judgeDraft(ITEMS, d);
    expect(v.verdicts.map((x) => (x.state === 'invalid' ? x.problem : x.state))).toEqual([
      'photo_required',
      'fail',
      // A photo item is answered by its photos: none yet.
      'photo_required',
      'pass',
    ]);
    d = addPhoto(d, 'BOX', photo(1), T0);
    d = addPhoto(d, 'PIC', photo(2), T0);
    v = judgeDraft(ITEMS, d);
    expect(v.invalid).toEqual([]);
    expect(v.failed).toEqual(['BOX', 'MPA']);
  });

  it('goes into the outbox typed and trimmed, items left unanswered left out', () => {
    let d = newChecklist('u', 't', KEY, T0);
    d = setValue(d, 'BOX', 'no', T0);
    d = setNote(d, 'BOX', ' 箱门锁死 ', T0);
    d = addPhoto(d, 'BOX', photo(1), T0);
    d = addPhoto(d, 'PIC', photo(2), T0);
    d = setValue(d, 'SIGN', ' 赵磊 ', T0);
    expect(outboxAnswers(ITEMS, d)).toEqual([
      {
        code: 'BOX',
        value: 'no',
        note: '箱门锁死',
        photos: [{ localId: 'p1', thumb: 'data:', fileId: null }],
      },
      { code: 'PIC', value: 1, note: null, photos: [{ localId: 'p2', thumb: 'data:', fileId: null }] },
      { code: 'SIGN', value: '赵磊', note: null, photos: [] },
    ]);
  });

  it('keeps at most 3 photos an item, and its first position only', () => {
    let d = newChecklist('u', 't', KEY, T0);
    for (let n = 0; n < 5; n++) d = addPhoto(d, 'BOX', photo(n), T0);
    expect(d.answers['BOX']?.photos).toHaveLength(3);
    d = withPosition(d, { lon: 116.3, lat: 39.9, accuracy: 10 }, T0);
    expect(withPosition(d, { lon: 1, lat: 2, accuracy: 1 }, T0).position?.lon).toBe(116.3);
  });

  it('comes back from the outbox for correcting, with its key', () => {
    const d = draftFromOutbox(
      { userId: 'u', taskId: 't', key: KEY, answers: [{ code: 'MPA', value: 0.5, note: null, photos: [] }] },
      null,
      T0,
    );
    expect(d).toMatchObject({ key: KEY, answers: { MPA: { value: '0.5', note: '', photos: [] } } });
  });

  it('is kept per account and task, the oldest dropped beyond DRAFTS_MAX', () => {
    let all = {};
    for (let n = 0; n < DRAFTS_MAX + 3; n++)
      all = withDraft(all, 'u', `t${n}`, { ...newChecklist('u', `t${n}`, KEY, T0 + n), updatedAt: T0 + n });
    expect(Object.keys(all)).toHaveLength(DRAFTS_MAX);
    expect(draftOf(all, 'u', 't0')).toBeNull();
    expect(draftOf(all, 'u', `t${DRAFTS_MAX + 2}`)?.key).toBe(KEY);
    expect(draftOf(all, 'other', `t${DRAFTS_MAX + 2}`)).toBeNull();
    const back = parseDrafts(JSON.stringify(all));
    expect(back).toEqual(all);
    expect(parseDrafts('{"x":{"userId":"u"}}')).toEqual({});
    expect(parseDrafts('nope')).toEqual({});
    expect(Object.keys(withDraft(back, 'u', `t${DRAFTS_MAX + 2}`, null))).toHaveLength(DRAFTS_MAX - 1);
  });
});
