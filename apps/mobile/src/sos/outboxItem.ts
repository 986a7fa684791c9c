import type { Position } from '../geo';
import type { Failure } from '../offline/failure';

/**
 * What an alarm in the SOS outbox (outbox.ts) is: its classes and statuses, the item's shape, how
 * one is made at the press, and the body it sends. How it is sent, retried and withdrawn is in
 * outbox.ts, how it is read back from storage in outboxRead.ts.
 */

export const ALARM_CLASSES = ['police', 'staff_assist', 'medical', 'fire'] as const;
export type AlarmClass = (typeof ALARM_CLASSES)[number];

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

/** The incident needs nothing more from anyone: its sender may put it away. */
export const isSettledStatus = (s: IncidentStatus | null): boolean =>
  s === 'resolved' || s === 'closed' || s === 'cancelled' || s === 'false_alarm';

/** The incident is over for good: nothing changes any more, so there is nothing left to follow. */
export const isFinalStatus = (s: IncidentStatus | null): boolean =>
  s === 'closed' || s === 'cancelled' || s === 'false_alarm';

/**
 * How long after the press the sender is offered to withdraw an alarm. The server's own setting
 * (ALARM_CANCEL_WINDOW_SECONDS, counted from when it received the alarm) decides in the end.
 */
export const CANCEL_WINDOW_MS = 15_000;

/** Police alarms are never withdrawn by the sender (only closed as a false alarm by a handler). */
export const isWithdrawable = (c: AlarmClass): boolean => c !== 'police';

/** The schedule of retries: 1 s after the first failure, doubling, at most this long. */
export const BACKOFF_FIRST_MS = 1_000;
export const BACKOFF_MAX_MS = 10_000;

/** The longest a note may be (the server takes 500). */
export const NOTE_MAX = 200;

export type ItemState = 'pending' | 'sent' | 'failed';

export type { Position } from '../geo';

export interface CancelRequest {
  reason: string;
  requestedAt: number;
  state: 'pending' | 'done' | 'refused';
  attempts: number;
  nextAttemptAt: number | null;
  error: Failure | null;
}

export interface OutboxItem {
  /** the idempotency key, chosen once at the press; also the item's key in the outbox */
  key: string;
  /** the sender's account, when known at the press (the phone may have been offline) */
  userId: string | null;
  alarmClass: AlarmClass;
  note: string | null;
  position: Position | null;
  /** waiting (briefly) for a position before the first attempt */
  locating: boolean;
  /** epoch milliseconds, by the phone's clock */
  pressedAt: number;
  state: ItemState;
  /** attempts started so far */
  attempts: number;
  /** failed attempts in a row since the last wake (the network coming back starts again at 1 s) */
  failures: number;
  /** when the next attempt is due (pending items only) */
  nextAttemptAt: number | null;
  lastError: Failure | null;
  incidentId: string | null;
  /** when the server's confirmation arrived */
  sentAt: number | null;
  /** the incident's status when last read, to tell the home page and to stop following it */
  incidentStatus: IncidentStatus | null;
  cancel: CancelRequest | null;
}

export type Outbox = Readonly<Record<string, OutboxItem>>;

export interface NewAlarm {
  key: string;
  userId: string | null;
  alarmClass: AlarmClass;
  note?: string | null;
}

export function newItem(input: NewAlarm, now: number): OutboxItem {
  const note = input.note?.trim().slice(0, NOTE_MAX) ?? '';
  return {
    key: input.key,
    userId: input.userId,
    alarmClass: input.alarmClass,
    note: note || null,
    position: null,
    locating: true,
    pressedAt: now,
    state: 'pending',
    attempts: 0,
    failures: 0,
    nextAttemptAt: now,
    lastError: null,
    incidentId: null,
    sentAt: null,
    incidentStatus: null,
    cancel: null,
  };
}

/** The body of POST /api/alarms/sos for an item: the same on every attempt but for the position. */
export function sosBody(item: OutboxItem) {
  return {
    idempotencyKey: item.key,
    alarmClass: item.alarmClass,
    ...(item.position ? { lon: item.position.lon, lat: item.position.lat } : {}),
    ...(item.position && item.position.accuracy !== null ? { accuracy: item.position.accuracy } : {}),
    ...(item.note ? { note: item.note } : {}),
  };
}
