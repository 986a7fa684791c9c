import { newIdempotencyKey } from '@anxiao/web-core';
import { describe, expect, it } from 'vitest';
import {
  BACKOFF_MAX_MS,
  KEEP_MS,
  backoffMs,
  cancelSecondsLeft,
  classifyAnswer,
  classifyFailure,
  currentItem,
  isCancelDue,
  isDismissable,
  isDue,
  isValidKey,
  located,
  newItem,
  nextWakeAt,
  parseOutbox,
  requestCancel,
  resume,
  settle,
  settleCancel,
  sosBody,
  startAttempt,
  startCancel,
  wake,
  withIncidentStatus,
  type Outbox,
  type OutboxItem,
} from './outbox';
import { progressSteps, type IncidentView } from './progress';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const KEY = '6f1c2a8e-7d3b-4c1a-9e2f-0a1b2c3d4e5f';
const INCIDENT = '0195f3a0-0000-7000-8000-000000000001';
const network = { status: 0, code: 'network', message: '' };

function pressed(over: Partial<OutboxItem> = {}): OutboxItem {
  return { ...newItem({ key: KEY, userId: 'u1', alarmClass: 'police', note: ' 3号楼 ' }, T0), ...over };
}

/** An item that has got past locating and had `n` attempts fail. */
function failedTimes(n: number, item = located(pressed(), null)): OutboxItem {
  let it = item;
  for (let i = 0; i < n; i++)
    it = settle(startAttempt(it), { kind: 'retry', error: network, resync: false }, T0);
  return it;
}

describe('back-off schedule', () => {
  it('waits 1, 2, 4, 8 s after successive failures, then 10 s for ever', () => {
    expect([1, 2, 3, 4, 5, 6, 50, 10_000].map((n) => backoffMs(n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000, 10_000,
    ]);
  });
  it('spreads retries by at most ±20 %, and never below the first step for nonsense input', () => {
    expect(backoffMs(5, 0)).toBe(BACKOFF_MAX_MS * 0.8);
    expect(backoffMs(5, 1)).toBe(BACKOFF_MAX_MS * 1.2);
    expect(backoffMs(0)).toBe(1_000);
    expect(backoffMs(-3, 7)).toBe(1_200);
  });
});

describe('what an answer means', () => {
  it('retries when no answer came, on 408, 429 and 5xx', () => {
    for (const status of [0, 408, 429, 500, 502, 503, 504])
      expect(classifyFailure({ status, code: 'x', message: '' }).kind, `status ${status}`).toBe('retry');
  });
  it('stops for good on any other 4xx, keeping the server message', () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422]) {
      const r = classifyFailure({ status, code: 'alarms.no_school', message: '请直接拨打 110' });
      expect(r.kind, `status ${status}`).toBe('fatal');
      expect(r.error.message).toBe('请直接拨打 110');
    }
  });
  it('reads the session again and retries on a stale CSRF token', () => {
    expect(classifyFailure({ status: 403, code: 'auth.csrf', message: '' })).toMatchObject({
      kind: 'retry',
      resync: true,
    });
  });
  it('takes a 2xx only with an incident id in it (a captive portal answers 200 too)', () => {
    expect(classifyAnswer({ id: INCIDENT, created: false })).toEqual({
      kind: 'confirmed',
      incidentId: INCIDENT,
    });
    expect(classifyAnswer('<html>wifi login</html>').kind).toBe('retry');
    expect(classifyAnswer(undefined).kind).toBe('retry');
    expect(classifyAnswer({ id: '' }).kind).toBe('retry');
  });
});

describe('an item from press to confirmation', () => {
  it('starts pending, due at once, waiting for a position; the note trimmed', () => {
    const item = pressed();
    expect(item).toMatchObject({ state: 'pending', attempts: 0, locating: true, note: '3号楼' });
    expect(isDue(item, T0)).toBe(false);
    expect(isDue(located(item, null), T0)).toBe(true);
  });

  it('sends the same key on every attempt, with the position and its accuracy when one came in time', () => {
    const withPos = located(pressed(), { lon: 116.3, lat: 39.9, accuracy: 12 });
    expect(sosBody(withPos)).toEqual({
      idempotencyKey: KEY,
      alarmClass: 'police',
      lon: 116.3,
      lat: 39.9,
      accuracy: 12,
      note: '3号楼',
    });
    expect(sosBody(failedTimes(3, withPos)).idempotencyKey).toBe(KEY);
    expect(sosBody(located(pressed({ note: null }), null))).toEqual({
      idempotencyKey: KEY,
      alarmClass: 'police',
    });
  });

  it('ignores a position that comes after the first attempt went', () => {
    const late = located(startAttempt(pressed()), { lon: 1, lat: 2, accuracy: 5 });
    expect(late.position).toBeNull();
  });

  it('after a failure waits per the schedule, counting attempts', () => {
    let it = startAttempt(located(pressed(), null));
    expect(it.attempts).toBe(1);
    it = settle(it, { kind: 'retry', error: network, resync: false }, T0 + 100);
    expect(it).toMatchObject({ state: 'pending', nextAttemptAt: T0 + 1_100, lastError: network });
    expect(isDue(it, T0 + 1_099)).toBe(false);
    expect(isDue(it, T0 + 1_100)).toBe(true);
    const sixth = failedTimes(6);
    expect(sixth.attempts).toBe(6);
    expect(sixth.nextAttemptAt).toBe(T0 + 10_000);
  });

  it('becomes sent on a 2xx, remembering the incident, and is never sent again', () => {
    const sent = settle(startAttempt(failedTimes(2)), { kind: 'confirmed', incidentId: INCIDENT }, T0 + 5);
    expect(sent).toMatchObject({
      state: 'sent',
      incidentId: INCIDENT,
      sentAt: T0 + 5,
      nextAttemptAt: null,
      lastError: null,
      incidentStatus: 'raised',
      attempts: 3,
    });
    expect(isDue(sent, T0 + 60_000)).toBe(false);
    // A late answer of an older attempt (another tab) changes nothing.
    expect(settle(sent, { kind: 'retry', error: network, resync: false }, T0 + 9)).toBe(sent);
    expect(startAttempt(sent)).toBe(sent);
  });

  it('becomes failed on a permanent refusal, and nothing is left pending', () => {
    const error = { status: 400, code: 'alarms.no_school', message: 'no school' };
    const failed = settle(startAttempt(located(pressed(), null)), { kind: 'fatal', error }, T0);
    expect(failed).toMatchObject({ state: 'failed', nextAttemptAt: null, lastError: error });
    expect(isDue(failed, T0 + 1e9)).toBe(false);
    expect(nextWakeAt({ [KEY]: failed })).toBeNull();
    expect(isDismissable(failed)).toBe(true);
  });

  it('is retried at once when the network comes back, the schedule starting again at 1 s', () => {
    const waiting = failedTimes(5);
    expect(waiting.nextAttemptAt).toBe(T0 + 10_000);
    expect(isDue(waiting, T0 + 1)).toBe(false);
    const woken = wake(waiting, T0 + 1);
    expect(isDue(woken, T0 + 1)).toBe(true);
    const failedAgain = settle(startAttempt(woken), { kind: 'retry', error: network, resync: false }, T0 + 2);
    expect(failedAgain).toMatchObject({ attempts: 6, failures: 1, nextAttemptAt: T0 + 1_002 });
    // Waking something already due or done changes nothing.
    expect(wake(woken, T0 + 2)).toBe(woken);
  });

  it('resumes on the next page load even if it closed mid-attempt or while locating', () => {
    const midAttempt = startAttempt(located(pressed(), null));
    expect(midAttempt.nextAttemptAt).toBeNull();
    expect(isDue(resume(midAttempt, T0 + 50_000), T0 + 50_000)).toBe(true);
    expect(isDue(resume(pressed(), T0 + 50_000), T0 + 50_000)).toBe(true);
  });
});

describe('idempotency key', () => {
  it('uses crypto.randomUUID where the page has it', () => {
    expect(newIdempotencyKey({ randomUUID: () => KEY, getRandomValues: () => new Uint8Array(16) })).toBe(KEY);
  });
  it('builds a v4 UUID from random bytes on a plain-http page', () => {
    const key = newIdempotencyKey({
      getRandomValues: (a) => {
        a.fill(0xff);
        return a;
      },
    });
    expect(key).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
    expect(isValidKey(key)).toBe(true);
    expect(isValidKey('short')).toBe(false);
    expect(isValidKey('has space in it')).toBe(false);
  });
});

describe('withdrawing', () => {
  const medical = () => located(pressed({ alarmClass: 'medical' }), null);
  const sent = (it: OutboxItem) =>
    settle(startAttempt(it), { kind: 'confirmed', incidentId: INCIDENT }, T0 + 500);

  it('is offered for 15 s from the press, never for a police alarm', () => {
    expect(cancelSecondsLeft(medical(), T0)).toBe(15);
    expect(cancelSecondsLeft(medical(), T0 + 14_001)).toBe(1);
    expect(cancelSecondsLeft(medical(), T0 + 15_000)).toBe(0);
    expect(cancelSecondsLeft(located(pressed(), null), T0)).toBe(0);
    expect(requestCancel(located(pressed(), null), '误触', T0).cancel).toBeNull();
  });

  it('is no longer offered once someone took the alarm up', () => {
    expect(cancelSecondsLeft(withIncidentStatus(sent(medical()), 'acknowledged'), T0 + 1_000)).toBe(0);
  });

  it('needs a reason, and waits for the alarm to reach the server', () => {
    expect(requestCancel(medical(), '   ', T0).cancel).toBeNull();
    const asked = requestCancel(medical(), ' 误触 ', T0 + 2_000);
    expect(asked.cancel).toMatchObject({ reason: '误触', state: 'pending' });
    expect(cancelSecondsLeft(asked, T0 + 2_000)).toBe(0);
    expect(isCancelDue(asked, T0 + 2_000)).toBe(false);
    // The alarm itself still goes out (the server counts its window from when it got it).
    expect(isDue(asked, T0 + 2_000)).toBe(true);
    expect(nextWakeAt({ [KEY]: asked })).toBe(T0);
    const delivered = sent(asked);
    expect(isCancelDue(delivered, T0 + 2_000)).toBe(true);
  });

  it('retries a withdrawal that got no answer, and stops on the server refusal', () => {
    let it = startCancel(requestCancel(sent(medical()), '误触', T0 + 1_000));
    expect(it.cancel).toMatchObject({ attempts: 1, nextAttemptAt: null });
    it = settleCancel(it, { kind: 'retry', error: network, resync: false }, T0 + 2_000);
    expect(it.cancel?.nextAttemptAt).toBe(T0 + 3_000);
    const refusal = { status: 409, code: 'alarms.no_cancel', message: '已超过撤销时限' };
    const refused = settleCancel(startCancel(it), { kind: 'fatal', error: refusal }, T0 + 3_100);
    expect(refused.cancel).toMatchObject({ state: 'refused', error: refusal });
    expect(isCancelDue(refused, T0 + 1e9)).toBe(false);
    const done = settleCancel(startCancel(it), { kind: 'done', status: 'cancelled' }, T0 + 3_100);
    expect(done).toMatchObject({ incidentStatus: 'cancelled', cancel: { state: 'done' } });
    expect(isDismissable(done)).toBe(true);
  });

  it('counts as done when the incident reads cancelled though our answer was lost', () => {
    const asked = requestCancel(sent(medical()), '误触', T0 + 1_000);
    expect(withIncidentStatus(asked, 'cancelled').cancel?.state).toBe('done');
  });
});

describe('the outbox', () => {
  const a = located(pressed(), null);
  const b = { ...newItem({ key: 'second-key-123', userId: null, alarmClass: 'fire' }, T0 + 10) };

  it('shows the latest alarm pressed', () => {
    expect(currentItem({})).toBeNull();
    expect(currentItem({ [a.key]: a, [b.key]: b })?.key).toBe(b.key);
  });

  it('wakes for the earliest due attempt; a locating item is woken by its position instead', () => {
    const later = failedTimes(4);
    expect(nextWakeAt({ [later.key]: later })).toBe(T0 + 8_000);
    expect(nextWakeAt({ [b.key]: b })).toBeNull();
  });

  it('is read back from storage, dropping what is unreadable and old settled items', () => {
    const sentOld = settle(startAttempt(a), { kind: 'confirmed', incidentId: INCIDENT }, T0);
    const outbox: Outbox = { [a.key]: a, [b.key]: b };
    const raw = JSON.stringify({ ...outbox, junk: { key: 'junk' }, 'bad key!': { ...b, key: 'bad key!' } });
    expect(parseOutbox(raw, T0)).toEqual(outbox);
    expect(parseOutbox('not json', T0)).toEqual({});
    expect(parseOutbox(null, T0)).toEqual({});
    expect(parseOutbox('[1,2]', T0)).toEqual({});
    const later = T0 + KEEP_MS + 1;
    const kept = parseOutbox(JSON.stringify({ [a.key]: sentOld, [b.key]: b }), later);
    // A settled alarm a week old is forgotten; one still pending never is.
    expect(Object.keys(kept)).toEqual([b.key]);
  });
});

describe('progress as the sender sees it', () => {
  const base: IncidentView = {
    alarmClass: 'police',
    status: 'raised',
    raisedAt: '2026-03-02T08:00:01Z',
    acknowledgedAt: null,
    policeAcceptedAt: null,
    onSceneAt: null,
    policeOnSceneAt: null,
    resolvedAt: null,
    closedAt: null,
    timeline: [{ kind: 'raised', at: '2026-03-02T08:00:01Z' }],
  };

  it('lists the police steps for a police alarm, each with its time', () => {
    const steps = progressSteps({
      ...base,
      status: 'dispatched',
      acknowledgedAt: '2026-03-02T08:00:20Z',
      timeline: [...base.timeline, { kind: 'dispatch', at: '2026-03-02T08:00:40Z' }],
    });
    expect(steps.map((s) => [s.key, s.done, s.at])).toEqual([
      ['sent', true, '2026-03-02T08:00:01Z'],
      ['acknowledged', true, '2026-03-02T08:00:20Z'],
      ['dispatched', true, '2026-03-02T08:00:40Z'],
      ['policeAccepted', false, null],
      ['onScene', false, null],
      ['policeOnScene', false, null],
      ['resolved', false, null],
    ]);
  });

  it('leaves the police out of a medical alarm, and ends a withdrawn one with how it ended', () => {
    const medical = progressSteps({ ...base, alarmClass: 'medical' }).map((s) => s.key);
    expect(medical).toEqual(['sent', 'acknowledged', 'dispatched', 'onScene', 'resolved']);
    const cancelled = progressSteps({
      ...base,
      alarmClass: 'medical',
      status: 'cancelled',
      closedAt: '2026-03-02T08:00:09Z',
    });
    expect(cancelled.map((s) => s.key)).toEqual(['sent', 'cancelled']);
  });

  it("gives a fire the fire brigade's steps (119), not the police's", () => {
    const fire = progressSteps({ ...base, alarmClass: 'fire' }).map((s) => s.key);
    expect(fire).toEqual([
      'sent',
      'acknowledged',
      'dispatched',
      'fireAccepted',
      'onScene',
      'fireOnScene',
      'resolved',
    ]);
  });
});
