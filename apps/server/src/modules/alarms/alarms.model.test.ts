import { describe, expect, it } from 'vitest';
import {
  escalationStep,
  responseClock,
  signDeviceRequest,
  transition,
  verifyDeviceRequest,
  type IncidentState,
} from './alarms.model.js';

const t0 = new Date('2026-11-23T08:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const incident = (over: Partial<IncidentState> = {}): IncidentState => ({
  status: 'raised',
  alarmClass: 'staff_assist',
  raisedAt: t0,
  raisedBy: 'guard',
  acknowledgedAt: null,
  policeAcceptedAt: null,
  onSceneAt: null,
  policeOnSceneAt: null,
  ...over,
});
const opts = { actorId: 'guard', cancelWindowMs: 15_000 };

describe('incident lifecycle', () => {
  it('goes raised → acknowledged → dispatched → on scene → resolved → closed, stamping each hop', () => {
    let s = incident();
    const steps = [
      ['acknowledge', 20, 'acknowledged'],
      ['dispatch', 40, 'dispatched'],
      ['on_scene', 150, 'on_scene'],
      ['resolve', 600, 'resolved'],
      ['close', 900, 'closed'],
    ] as const;
    for (const [action, sec, status] of steps) {
      const r = transition(s, action, at(sec), opts);
      expect(r).toMatchObject({ ok: true, status });
      if (!r.ok) return;
      s = { ...s, status: r.status, ...r.set };
    }
    expect(s.acknowledgedAt).toEqual(at(20));
    expect(s.onSceneAt).toEqual(at(150));
  });

  it('counts a dispatch or a police acceptance of an unacknowledged alarm as its acknowledgement', () => {
    expect(transition(incident(), 'dispatch', at(30), opts)).toMatchObject({
      ok: true,
      set: { acknowledgedAt: at(30) },
    });
    expect(transition(incident({ alarmClass: 'police' }), 'police_accept', at(50), opts)).toMatchObject({
      ok: true,
      status: 'dispatched',
      set: { acknowledgedAt: at(50), policeAcceptedAt: at(50) },
    });
  });

  it('lets the sender cancel an accidental press within the window, but never a police alarm', () => {
    expect(transition(incident(), 'cancel', at(10), opts)).toMatchObject({ ok: true, status: 'cancelled' });
    expect(transition(incident(), 'cancel', at(16), opts)).toEqual({
      ok: false,
      reason: 'cancel_window_over',
    });
    expect(transition(incident(), 'cancel', at(5), { ...opts, actorId: 'someone else' })).toEqual({
      ok: false,
      reason: 'cancel_window_over',
    });
    expect(transition(incident({ alarmClass: 'police' }), 'cancel', at(1), opts)).toEqual({
      ok: false,
      reason: 'no_cancel',
    });
    // Whoever handles it may still close a police alarm as a false alarm.
    expect(transition(incident({ alarmClass: 'police' }), 'false_alarm', at(90), opts)).toMatchObject({
      ok: true,
      status: 'false_alarm',
    });
  });

  it('refuses steps out of order and on closed incidents', () => {
    expect(transition(incident(), 'close', at(5), opts)).toEqual({ ok: false, reason: 'wrong_status' });
    expect(transition(incident(), 'resolve', at(5), opts)).toEqual({ ok: false, reason: 'wrong_status' });
    expect(transition(incident({ status: 'acknowledged' }), 'acknowledge', at(5), opts)).toEqual({
      ok: false,
      reason: 'already',
    });
    expect(transition(incident({ status: 'closed' }), 'on_scene', at(5), opts)).toEqual({
      ok: false,
      reason: 'not_open',
    });
  });
});

describe('response clock (1-3-5)', () => {
  it('measures each step against its target, and police steps only for alarms that reach the police', () => {
    const police = incident({
      alarmClass: 'police',
      status: 'on_scene',
      acknowledgedAt: at(25),
      policeAcceptedAt: at(70),
      onSceneAt: at(200),
      policeOnSceneAt: at(180),
    });
    expect(responseClock(police, at(400))).toEqual([
      { key: 'acknowledge', seconds: 25, target: 60, state: 'met' },
      { key: 'police_accept', seconds: 70, target: null, state: 'met' },
      { key: 'on_scene', seconds: 200, target: 180, state: 'missed' },
      { key: 'police_on_scene', seconds: 180, target: 300, state: 'met' },
    ]);
    const assist = responseClock(incident(), at(75));
    expect(assist[0]).toEqual({ key: 'acknowledge', seconds: 75, target: 60, state: 'overdue' });
    // A class that stays in the school has no police steps at all; a fire's are the brigade's (119).
    expect(assist.map((c) => c.key)).toEqual(['acknowledge', 'on_scene']);
    expect(responseClock(incident({ alarmClass: 'fire' }), at(75)).map((c) => c.key)).toEqual([
      'acknowledge',
      'fire_accept',
      'on_scene',
      'fire_on_scene',
    ]);
  });
});

describe('escalation', () => {
  it('walks the chain at each interval and starts again when it repeats', () => {
    const chain = { intervalSeconds: 30, steps: ['duty_leader', 'security_head', 'principal'], repeat: true };
    expect([0, 1, 2, 3].map((n) => escalationStep(chain, n))).toEqual([
      { step: 'duty_leader', dueAfterSeconds: 30 },
      { step: 'security_head', dueAfterSeconds: 60 },
      { step: 'principal', dueAfterSeconds: 90 },
      { step: 'duty_leader', dueAfterSeconds: 120 },
    ]);
    expect(escalationStep({ ...chain, repeat: false }, 3)).toBeNull();
  });
});

describe('device signature', () => {
  const secret = 'a'.repeat(64);
  const body = JSON.stringify({ button: 1 });
  const ts = String(Math.floor(t0.getTime() / 1000));

  it('accepts a fresh, correctly signed request and refuses a changed body, key or an old one', () => {
    const signature = signDeviceRequest(secret, ts, 'k1', body);
    expect(verifyDeviceRequest(secret, { timestamp: ts, idempotencyKey: 'k1', body, signature }, at(5))).toBe(
      'ok',
    );
    expect(
      verifyDeviceRequest(
        secret,
        { timestamp: ts, idempotencyKey: 'k1', body: `${body} `, signature },
        at(5),
      ),
    ).toBe('bad_signature');
    expect(verifyDeviceRequest(secret, { timestamp: ts, idempotencyKey: 'k2', body, signature }, at(5))).toBe(
      'bad_signature',
    );
    expect(
      verifyDeviceRequest(secret, { timestamp: ts, idempotencyKey: 'k1', body, signature }, at(301)),
    ).toBe('stale');
    expect(
      verifyDeviceRequest(secret, { timestamp: ts, idempotencyKey: 'k1', body, signature: 'zz' }, at(5)),
    ).toBe('bad_signature');
  });
});
