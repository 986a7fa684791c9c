import { describe, expect, it } from 'vitest';
import {
  closedLate,
  flaggedForSupervision,
  hazardDeadline,
  hazardStep,
  isOverdue,
  type FiveFixes,
  type HazardStatus,
} from './hazards.model.js';

const found = new Date('2026-11-30T10:00:00+08:00');
const deadline = hazardDeadline('serious', found);
const plan: FiveFixes = {
  person: '后勤处 王工',
  measures: '更换松动护栏立柱',
  funds: 1200,
  deadline: new Date('2026-12-02T17:00:00+08:00'),
  interim: '设置警戒线',
};
const hazard = (status: HazardStatus, over: object = {}) => ({
  status,
  grade: 'serious' as const,
  deadline,
  rectifiers: ['u-worker'],
  ...over,
});

describe('the rectification loop', () => {
  it('runs 待整改 → 整改中 → 待验收 → 退回 → 待验收 → 已销号', () => {
    expect(hazardStep(hazard('open'), 'plan', { actorId: 'u-worker', plan })).toEqual({
      ok: true,
      status: 'rectifying',
    });
    expect(hazardStep(hazard('rectifying'), 'progress', { actorId: 'u-worker', photos: 2 })).toEqual({
      ok: true,
      status: 'rectifying',
    });
    expect(hazardStep(hazard('rectifying'), 'submit', { actorId: 'u-worker', photos: 1 })).toEqual({
      ok: true,
      status: 'submitted',
    });
    expect(
      hazardStep(hazard('submitted'), 'reject', { actorId: 'u-verifier', reason: '立柱仍有晃动' }),
    ).toEqual({
      ok: true,
      status: 'rectifying',
    });
    expect(hazardStep(hazard('submitted'), 'pass', { actorId: 'u-verifier' })).toEqual({
      ok: true,
      status: 'closed',
    });
  });

  it('never lets the rectifier verify their own work', () => {
    expect(hazardStep(hazard('submitted'), 'pass', { actorId: 'u-worker' })).toEqual({
      ok: false,
      reason: 'verifier_is_rectifier',
    });
  });

  it('asks for the 五定, interim controls on a major hazard, evidence and a reason', () => {
    expect(
      hazardStep(hazard('open'), 'plan', { actorId: 'u', plan: { ...plan, measures: ' ' } }),
    ).toMatchObject({
      reason: 'plan_required',
    });
    const major = hazard('open', { grade: 'major', deadline: hazardDeadline('major', found) });
    expect(
      hazardStep(major, 'plan', { actorId: 'u', plan: { ...plan, interim: '', deadline: found } }),
    ).toMatchObject({ reason: 'interim_required' });
    expect(
      hazardStep(hazard('open'), 'plan', {
        actorId: 'u',
        plan: { ...plan, deadline: new Date('2026-12-31T00:00:00+08:00') },
      }),
    ).toMatchObject({ reason: 'deadline_too_late' });
    expect(hazardStep(hazard('rectifying'), 'submit', { actorId: 'u' })).toMatchObject({
      reason: 'evidence_required',
    });
    expect(hazardStep(hazard('submitted'), 'reject', { actorId: 'v' })).toMatchObject({
      reason: 'reason_required',
    });
    expect(hazardStep(hazard('closed'), 'progress', { actorId: 'u', photos: 1 })).toMatchObject({
      reason: 'wrong_status',
    });
  });
});

describe('deadlines and supervision', () => {
  it('gives each grade its days, to the end of the last day in China time', () => {
    expect(hazardDeadline('general', found).toISOString()).toBe('2026-12-07T15:59:59.000Z');
    expect(deadline.toISOString()).toBe('2026-12-03T15:59:59.000Z');
    expect(hazardDeadline('major', found).toISOString()).toBe('2026-12-01T15:59:59.000Z');
    // Found at 00:30 China time (still the previous day in UTC): the China date counts.
    expect(hazardDeadline('major', new Date('2026-11-30T00:30:00+08:00')).toISOString()).toBe(
      '2026-12-01T15:59:59.000Z',
    );
  });

  it('flags every major hazard and any hazard long overdue, until it is closed', () => {
    const day = (d: string) => new Date(`${d}T12:00:00+08:00`);
    expect(flaggedForSupervision({ grade: 'major', status: 'open', deadline }, day('2026-11-30'))).toBe(true);
    expect(
      flaggedForSupervision({ grade: 'general', status: 'rectifying', deadline }, day('2026-12-05')),
    ).toBe(false);
    expect(
      flaggedForSupervision({ grade: 'general', status: 'rectifying', deadline }, day('2026-12-07')),
    ).toBe(true);
    expect(flaggedForSupervision({ grade: 'major', status: 'closed', deadline }, day('2026-12-07'))).toBe(
      false,
    );
    expect(isOverdue({ status: 'submitted', deadline }, day('2026-12-04'))).toBe(true);
    expect(closedLate({ closedAt: day('2026-12-04'), deadline })).toBe(true);
    expect(closedLate({ closedAt: day('2026-12-03'), deadline })).toBe(false);
  });
});
