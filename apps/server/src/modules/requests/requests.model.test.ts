import { describe, expect, it } from 'vitest';
import {
  ladderStepAt,
  open311Status,
  requestTransition,
  threeRates,
  type RequestAction,
  type RequestStatus,
  type Side,
} from './requests.model.js';

/** Walk the loop: each step must be allowed; the statuses reached are returned. */
function walk(steps: [RequestAction, Side, object?][], from: RequestStatus = 'received') {
  let status = from;
  const seen: string[] = [];
  for (const [action, side, input] of steps) {
    const r = requestTransition(status, action, side, input);
    if (!r.ok) throw new Error(`${action} by ${side} from ${status}: ${r.reason}`);
    status = r.status;
    seen.push(r.closeKind ? `${status}:${r.closeKind}` : status);
  }
  return seen;
}

describe('the loop (接诉即办)', () => {
  it('runs from intake through the return visit to closed', () => {
    expect(
      walk([
        ['dispatch', 'centre'],
        ['sign', 'unit'],
        ['contact', 'unit'],
        ['progress', 'unit'],
        ['reply', 'unit'],
        ['audit_pass', 'centre'],
        ['visit', 'centre', { visit: { contacted: true, solved: true, satisfaction: 5 } }],
      ]),
    ).toEqual(['dispatched', 'accepted', 'contacted', 'in_progress', 'replied', 'revisit', 'closed:solved']);
  });

  it('reopens when the reporter says it is not solved, and goes round again', () => {
    expect(
      walk(
        [
          ['visit', 'centre', { visit: { contacted: true, solved: false, satisfaction: 2 } }],
          ['contact', 'unit'],
          ['reply', 'unit'],
          ['audit_fail', 'centre', { reason: '未附整改照片' }],
          ['reply', 'unit'],
        ],
        'revisit',
      ),
    ).toEqual(['reopened', 'contacted', 'replied', 'in_progress', 'replied']);
  });

  it('lets a unit return a request to the centre with a reason, and the centre transfer it', () => {
    expect(requestTransition('dispatched', 'return', 'unit')).toEqual({
      ok: false,
      reason: 'reason_required',
    });
    expect(
      walk(
        [
          ['return', 'unit', { reason: '不属本单位职责' }],
          ['dispatch', 'centre'],
        ],
        'dispatched',
      ),
    ).toEqual(['triage', 'dispatched']);
    expect(walk([['transfer', 'centre', { reason: '转后勤处' }]], 'in_progress')).toEqual(['dispatched']);
  });

  it('keeps each step to its side: a unit cannot pass its own reply, the centre cannot sign for a unit', () => {
    expect(requestTransition('replied', 'audit_pass', 'unit')).toEqual({ ok: false, reason: 'wrong_side' });
    expect(requestTransition('dispatched', 'sign', 'centre')).toEqual({ ok: false, reason: 'wrong_side' });
    expect(requestTransition('received', 'reply', 'unit')).toEqual({ ok: false, reason: 'wrong_status' });
    expect(requestTransition('closed', 'dispatch', 'centre')).toEqual({ ok: false, reason: 'wrong_status' });
  });

  it('extends or parks with a reason, and resumes', () => {
    expect(
      walk(
        [
          ['extend', 'centre', { reason: '需采购配件' }],
          ['reply', 'unit'],
        ],
        'in_progress',
      ),
    ).toEqual(['extended', 'replied']);
    expect(
      walk(
        [
          ['park', 'centre', { reason: '寒假施工' }],
          ['resume', 'unit'],
        ],
        'in_progress',
      ),
    ).toEqual(['parked', 'in_progress']);
  });

  it('closes by merging, referring to an alarm or answering directly', () => {
    expect(walk([['merge', 'centre']], 'dispatched')).toEqual(['closed:duplicate']);
    expect(walk([['refer', 'centre']], 'received')).toEqual(['closed:referred']);
    expect(walk([['answer_directly', 'centre']])).toEqual(['revisit']);
    expect(requestTransition('revisit', 'visit', 'centre')).toEqual({ ok: false, reason: 'answer_required' });
  });

  it('lets the reporter answer the return visit, never the unit', () => {
    const answer = { contacted: true, solved: false, satisfaction: 1 };
    expect(requestTransition('revisit', 'visit', 'reporter', { visit: answer })).toMatchObject({
      ok: true,
      status: 'reopened',
      by: 'reporter',
    });
    expect(requestTransition('revisit', 'visit', 'unit', { visit: answer })).toEqual({
      ok: false,
      reason: 'wrong_side',
    });
  });
});

describe('Open311 status', () => {
  it('maps every state as the shared table says', () => {
    expect(open311Status('received', null)).toEqual({ status: 'open', extended: 'for_triage' });
    expect(open311Status('accepted', null)).toEqual({ status: 'open', extended: 'open' });
    expect(open311Status('parked', null)).toEqual({ status: 'open', extended: 'action_scheduled' });
    expect(open311Status('reopened', null)).toEqual({ status: 'open', extended: 'reopen' });
    expect(open311Status('closed', 'solved')).toEqual({ status: 'closed', extended: 'fixed' });
    expect(open311Status('closed', 'not_ours')).toEqual({
      status: 'closed',
      extended: 'not_councils_responsibility',
    });
    expect(open311Status('closed', 'referred')).toEqual({ status: 'closed', extended: 'internal_referral' });
  });
});

describe('the three rates', () => {
  it('computes each rate and a weighted score over what fell due, leaving out a rate with nothing due', () => {
    const r = threeRates({
      dueResponse: 10,
      respondedInTime: 9,
      dueResolution: 8,
      solved: 6,
      evaluated: 8,
      satisfied: 4,
      overdue: 0,
    });
    expect(r.response).toBeCloseTo(0.9);
    expect(r.resolution).toBeCloseTo(0.75);
    expect(r.satisfaction).toBeCloseTo(0.5);
    expect(r.score).toBeCloseTo(0.3 * 90 + 0.35 * 75 + 0.35 * 50);
    const weighted = threeRates(
      {
        dueResponse: 10,
        respondedInTime: 10,
        dueResolution: 0,
        solved: 0,
        evaluated: 0,
        satisfied: 0,
        overdue: 0,
      },
      { response: 10, resolution: 45, satisfaction: 45 },
    );
    // Contacted in time, nothing yet due a resolution: nothing to judge (无数据), never 100.
    expect(weighted).toEqual({ response: 1, resolution: null, satisfaction: null, score: null });
    // A missed response is judged at once.
    expect(
      threeRates({
        dueResponse: 2,
        respondedInTime: 1,
        dueResolution: 0,
        solved: 0,
        evaluated: 0,
        satisfied: 0,
        overdue: 0,
      }).score,
    ).toBe(50);
    expect(
      threeRates({
        dueResponse: 0,
        respondedInTime: 0,
        dueResolution: 0,
        solved: 0,
        evaluated: 0,
        satisfied: 0,
        overdue: 0,
      }).score,
    ).toBeNull();
    // Two overdue requests nobody has evaluated yet count against the resolution rate.
    expect(
      threeRates({
        dueResponse: 4,
        respondedInTime: 4,
        dueResolution: 4,
        solved: 2,
        evaluated: 2,
        satisfied: 2,
        overdue: 2,
      }).resolution,
    ).toBe(0.5);
  });
});

describe('the escalation ladder', () => {
  it('is at the highest step whose time has come', () => {
    const due = {
      urge: new Date('2026-12-01T06:00:00Z'),
      supervise: new Date('2026-12-02T01:00:00Z'),
      notice: new Date('2026-12-09T01:00:00Z'),
    };
    expect(ladderStepAt(new Date('2026-12-01T05:59:59Z'), due)).toBeNull();
    expect(ladderStepAt(new Date('2026-12-01T06:00:00Z'), due)).toBe('urge');
    expect(ladderStepAt(new Date('2026-12-05T00:00:00Z'), due)).toBe('supervise');
    expect(ladderStepAt(new Date('2026-12-10T00:00:00Z'), due)).toBe('notice');
  });
});
