import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The pure rules of alarms and incidents (一键报警, 应急处置): the lifecycle, who may cancel, the
 * response clock (1-3-5 minutes), escalation steps and the device request signature. No I/O.
 */

export const ALARM_CLASSES = ['police', 'staff_assist', 'medical', 'fire'] as const;
export type AlarmClass = (typeof ALARM_CLASSES)[number];
/** Drills and tests run the same path, marked everywhere so they are never mistaken for real. */
export const ALARM_MODES = ['real', 'drill', 'test'] as const;
export type AlarmMode = (typeof ALARM_MODES)[number];
export const ALARM_SOURCES = ['device', 'sos', 'manual', 'video'] as const;
export type AlarmSource = (typeof ALARM_SOURCES)[number];

export const INCIDENT_STATUSES = [
  'raised',
  'acknowledged',
  'dispatched',
  'on_scene',
  'resolved',
  'closed',
  'cancelled',
  'false_alarm',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_ACTIONS = [
  'acknowledge',
  'dispatch',
  'police_accept',
  'on_scene',
  'police_on_scene',
  'resolve',
  'close',
  'cancel',
  'false_alarm',
] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/**
 * Who receives an alarm of each class at once. Police alarms are silent at the source. `outside`
 * is who answers beyond the school: the police (110) for a police alarm; for a fire, the station
 * relays to the fire brigade (119), so its outside steps are the brigade's; none for the others.
 */
export const CLASS_ROUTES: Record<
  AlarmClass,
  { police: boolean; silent: boolean; cancelWindow: boolean; outside: 'police' | 'fire' | null }
> = {
  police: { police: true, silent: true, cancelWindow: false, outside: 'police' },
  staff_assist: { police: false, silent: false, cancelWindow: true, outside: null },
  medical: { police: false, silent: false, cancelWindow: true, outside: null },
  fire: { police: true, silent: false, cancelWindow: true, outside: 'fire' },
};

export const OPEN_STATUSES: readonly IncidentStatus[] = ['raised', 'acknowledged', 'dispatched', 'on_scene'];
export const isOpen = (s: IncidentStatus) => OPEN_STATUSES.includes(s);

export interface IncidentState {
  status: IncidentStatus;
  alarmClass: AlarmClass;
  raisedAt: Date;
  raisedBy: string | null;
  acknowledgedAt: Date | null;
  policeAcceptedAt: Date | null;
  onSceneAt: Date | null;
  policeOnSceneAt: Date | null;
}

export type TransitionResult =
  | {
      ok: true;
      status: IncidentStatus;
      set: Partial<
        Record<
          'acknowledgedAt' | 'policeAcceptedAt' | 'onSceneAt' | 'policeOnSceneAt' | 'resolvedAt' | 'closedAt',
          Date
        >
      >;
    }
  | { ok: false; reason: 'not_open' | 'wrong_status' | 'no_cancel' | 'cancel_window_over' | 'already' };

/**
 * Apply one action. Later steps imply earlier ones (dispatching an unacknowledged alarm also
 * acknowledges it: the clock must show when someone first took it). `cancelWindowMs` is how long
 * the sender may take back an accidental press (not for police alarms: those are never withdrawn
 * by the sender, only closed as a false alarm by whoever handles them).
 */
export function transition(
  s: IncidentState,
  action: IncidentAction,
  at: Date,
  opts: { actorId: string | null; cancelWindowMs: number },
): TransitionResult {
  const set: Extract<TransitionResult, { ok: true }>['set'] = {};
  const ack = () => {
    if (!s.acknowledgedAt) set.acknowledgedAt = at;
  };
  switch (action) {
    case 'acknowledge':
      if (s.status !== 'raised') return { ok: false, reason: isOpen(s.status) ? 'already' : 'not_open' };
      ack();
      return { ok: true, status: 'acknowledged', set };
    case 'dispatch':
      if (s.status !== 'raised' && s.status !== 'acknowledged')
        return { ok: false, reason: isOpen(s.status) ? 'already' : 'not_open' };
      ack();
      return { ok: true, status: 'dispatched', set };
    case 'police_accept':
      if (!isOpen(s.status)) return { ok: false, reason: 'not_open' };
      if (s.policeAcceptedAt) return { ok: false, reason: 'already' };
      ack();
      set.policeAcceptedAt = at;
      return {
        ok: true,
        status: s.status === 'raised' || s.status === 'acknowledged' ? 'dispatched' : s.status,
        set,
      };
    case 'on_scene':
    case 'police_on_scene': {
      if (!isOpen(s.status)) return { ok: false, reason: 'not_open' };
      const police = action === 'police_on_scene';
      if (police ? s.policeOnSceneAt : s.onSceneAt) return { ok: false, reason: 'already' };
      ack();
      if (police) {
        set.policeOnSceneAt = at;
        if (!s.policeAcceptedAt) set.policeAcceptedAt = at;
      } else set.onSceneAt = at;
      return { ok: true, status: 'on_scene', set };
    }
    case 'resolve':
      if (!isOpen(s.status)) return { ok: false, reason: 'not_open' };
      if (s.status === 'raised') return { ok: false, reason: 'wrong_status' };
      set.resolvedAt = at;
      return { ok: true, status: 'resolved', set };
    case 'close':
      if (s.status !== 'resolved') return { ok: false, reason: 'wrong_status' };
      set.closedAt = at;
      return { ok: true, status: 'closed', set };
    case 'cancel': {
      // The sender's "I pressed it by mistake", within the window, before anyone took it up.
      if (!CLASS_ROUTES[s.alarmClass].cancelWindow) return { ok: false, reason: 'no_cancel' };
      if (s.status !== 'raised') return { ok: false, reason: isOpen(s.status) ? 'wrong_status' : 'not_open' };
      if (opts.actorId !== s.raisedBy || at.getTime() - s.raisedAt.getTime() > opts.cancelWindowMs)
        return { ok: false, reason: 'cancel_window_over' };
      set.closedAt = at;
      return { ok: true, status: 'cancelled', set };
    }
    case 'false_alarm':
      if (!isOpen(s.status)) return { ok: false, reason: 'not_open' };
      ack();
      set.closedAt = at;
      return { ok: true, status: 'false_alarm', set };
  }
}

/** Targets of the response clock in seconds: 1-3-5 (self-rescue, mutual aid, police on scene). */
export interface ResponseTargets {
  acknowledge: number;
  onScene: number;
  policeOnScene: number;
}
export const DEFAULT_TARGETS: ResponseTargets = { acknowledge: 60, onScene: 180, policeOnScene: 300 };

/** The steps of the clock: the school's, then the outside responders' (110 or 119) where routed. */
export const CLOCK_KEYS = [
  'acknowledge',
  'police_accept',
  'on_scene',
  'police_on_scene',
  'fire_accept',
  'fire_on_scene',
] as const;

export interface ClockEntry {
  key: (typeof CLOCK_KEYS)[number];
  /** seconds from the alarm to the step, or so far while it is still awaited */
  seconds: number;
  target: number | null;
  state: 'met' | 'missed' | 'running' | 'overdue' | 'not_needed';
}

/**
 * The response clock of an incident at `now`: each step against its target. Its steps follow the
 * class's route: no police steps for an alarm that stays in the school; a fire's outside steps are
 * the fire brigade's (119 接警, 消防到场), stamped when the station relays and the brigade arrives.
 */
export function responseClock(
  s: IncidentState & { closedAt?: Date | null },
  now: Date,
  targets: ResponseTargets = DEFAULT_TARGETS,
): ClockEntry[] {
  const end = isOpen(s.status) ? now : (s.closedAt ?? now);
  const outside = CLASS_ROUTES[s.alarmClass].outside;
  const entry = (key: ClockEntry['key'], at: Date | null, target: number | null): ClockEntry => {
    const seconds = Math.max(0, Math.round(((at ?? end).getTime() - s.raisedAt.getTime()) / 1000));
    const late = target !== null && seconds > target;
    const state = at
      ? late
        ? 'missed'
        : 'met'
      : isOpen(s.status)
        ? late
          ? 'overdue'
          : 'running'
        : 'missed';
    return { key, seconds, target, state };
  };
  const own = [
    entry('acknowledge', s.acknowledgedAt, targets.acknowledge),
    entry('on_scene', s.onSceneAt, targets.onScene),
  ];
  if (!outside) return own;
  return [
    own[0]!,
    entry(outside === 'fire' ? 'fire_accept' : 'police_accept', s.policeAcceptedAt, null),
    own[1]!,
    entry(outside === 'fire' ? 'fire_on_scene' : 'police_on_scene', s.policeOnSceneAt, targets.policeOnScene),
  ];
}

/** An escalation chain: who is told next while nobody has acknowledged. */
export interface EscalationChain {
  /** seconds between steps (the first step fires this long after the alarm) */
  intervalSeconds: number;
  /** e.g. duty leader → security office head → principal */
  steps: string[];
  /** after the last step, start again from the first */
  repeat: boolean;
}

/** The step to notify at escalation number `n` (0-based), or null when the chain has run out. */
export function escalationStep(
  chain: EscalationChain,
  n: number,
): { step: string; dueAfterSeconds: number } | null {
  if (chain.steps.length === 0) return null;
  if (!chain.repeat && n >= chain.steps.length) return null;
  return { step: chain.steps[n % chain.steps.length]!, dueAfterSeconds: chain.intervalSeconds * (n + 1) };
}

/**
 * What an alarm device signs: its timestamp, the idempotency key and the body's SHA-256, so a
 * captured request cannot be replayed later or with another body.
 */
export function deviceSigningString(
  timestamp: string,
  idempotencyKey: string,
  body: string | Buffer,
): string {
  return `${timestamp}\n${idempotencyKey}\n${createHash('sha256').update(body).digest('hex')}`;
}

export function signDeviceRequest(
  secret: string,
  timestamp: string,
  idempotencyKey: string,
  body: string | Buffer,
) {
  return createHmac('sha256', secret)
    .update(deviceSigningString(timestamp, idempotencyKey, body))
    .digest('hex');
}

/** Check a device request: signature (constant time) and a timestamp within ±`skewSeconds`. */
export function verifyDeviceRequest(
  secret: string,
  req: { timestamp: string; idempotencyKey: string; body: string | Buffer; signature: string },
  now: Date,
  skewSeconds = 300,
): 'ok' | 'bad_signature' | 'stale' {
  const ts = Number(req.timestamp);
  if (!Number.isFinite(ts) || Math.abs(now.getTime() / 1000 - ts) > skewSeconds) return 'stale';
  const want = Buffer.from(signDeviceRequest(secret, req.timestamp, req.idempotencyKey, req.body), 'hex');
  const got = Buffer.from(/^[0-9a-f]{64}$/i.test(req.signature) ? req.signature : '', 'hex');
  return got.length === want.length && timingSafeEqual(got, want) ? 'ok' : 'bad_signature';
}
