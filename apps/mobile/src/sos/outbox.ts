import type { Position } from '../geo';
import { isPassing, isStaleSession, type Failure } from '../offline/failure';
import {
  BACKOFF_FIRST_MS,
  BACKOFF_MAX_MS,
  CANCEL_WINDOW_MS,
  isSettledStatus,
  isWithdrawable,
  type IncidentStatus,
  type Outbox,
  type OutboxItem,
} from './outboxItem';

export * from './outboxItem';
export { KEEP_MS, parseOutbox } from './outboxRead';
export type { Position } from '../geo';
export { isValidKey } from '../offline/key';
/** Why an attempt (or the whole alarm) failed, as the server or the network said it. */
export type { Failure };

/**
 * The SOS outbox: the pure rules of an alarm on its way from the phone to the server. No I/O, no
 * clock, no randomness of its own, so every rule is unit-tested (outbox.test.ts).
 *
 * An item is written to the phone's storage before the first attempt and is sent again with the
 * same idempotency key until the server confirms it (2xx): the server answers a repeated key with
 * the alarm it already has, so a retry never raises a second alarm. States:
 *
 *   pending ──2xx──▶ sent          (the server holds the alarm: follow its incident)
 *      │ ▲
 *      │ └── no answer, timeout, 408, 429, 5xx: wait (1 s, 2 s, 4 s, 8 s, then every 10 s), retry
 *      └──── any other 4xx ─────▶ failed   (permanent: shown, never sent again)
 */

// ── retries ──────────────────────────────────────────────────────────────────────────────────

/**
 * How long to wait after the `failures`-th failed attempt in a row: 1 s, 2 s, 4 s, 8 s, then
 * 10 s for ever. `random` (0..1) spreads the retries of many phones by ±20 % after an outage;
 * 0.5 gives the plain schedule.
 */
export function backoffMs(failures: number, random = 0.5): number {
  const n = Math.max(1, Math.floor(failures));
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** Math.min(n - 1, 20));
  return Math.round(base * (0.8 + 0.4 * Math.min(1, Math.max(0, random))));
}

export type Outcome =
  | { kind: 'confirmed'; incidentId: string }
  | { kind: 'retry'; error: Failure; resync: boolean }
  | { kind: 'fatal'; error: Failure };

/**
 * What a failed call means for the alarm. No answer, a timeout (408), throttling (429) and server
 * errors (5xx) are passing: retry. A stale CSRF token (403 auth.csrf) is passing too, once the
 * session has been read again (`resync`). Any other 4xx is the server's final word: stop.
 */
export function classifyFailure(error: Failure): Exclude<Outcome, { kind: 'confirmed' }> {
  if (!isPassing(error)) return { kind: 'fatal', error };
  return { kind: 'retry', error, resync: isStaleSession(error) };
}

/** The server's answer to POST /api/alarms/sos, checked: a captive portal can answer 200 too. */
export function classifyAnswer(body: unknown): Outcome {
  if (typeof body === 'object' && body !== null && 'id' in body && typeof body.id === 'string' && body.id)
    return { kind: 'confirmed', incidentId: body.id };
  return { kind: 'retry', error: { status: 200, code: 'bad_answer', message: '' }, resync: false };
}

/** An attempt begins now. */
export function startAttempt(item: OutboxItem): OutboxItem {
  if (item.state !== 'pending') return item;
  return { ...item, locating: false, attempts: item.attempts + 1, nextAttemptAt: null, lastError: null };
}

/** An attempt ended with `outcome`. An item no longer pending (another tab got it through) stays. */
export function settle(item: OutboxItem, outcome: Outcome, now: number, random = 0.5): OutboxItem {
  if (item.state !== 'pending') return item;
  switch (outcome.kind) {
    case 'confirmed':
      return {
        ...item,
        state: 'sent',
        locating: false,
        incidentId: outcome.incidentId,
        sentAt: now,
        nextAttemptAt: null,
        lastError: null,
        incidentStatus: item.incidentStatus ?? 'raised',
      };
    case 'retry':
      return {
        ...item,
        failures: item.failures + 1,
        nextAttemptAt: now + backoffMs(item.failures + 1, random),
        lastError: outcome.error,
      };
    case 'fatal':
      return { ...item, state: 'failed', locating: false, nextAttemptAt: null, lastError: outcome.error };
  }
}

/** The position arrived (or did not, in time): the first attempt may go. */
export function located(item: OutboxItem, position: Position | null): OutboxItem {
  if (!item.locating) return item;
  return { ...item, locating: false, position: item.attempts === 0 ? position : item.position };
}

/**
 * Retry now rather than at the scheduled time (the network came back, the page was shown or
 * reopened); should that fail too, the schedule starts again from 1 s.
 */
export function wake(item: OutboxItem, now: number): OutboxItem {
  let next = item;
  if (item.state === 'pending' && (item.nextAttemptAt === null || item.nextAttemptAt > now))
    next = { ...next, nextAttemptAt: now, failures: 0 };
  if (item.cancel?.state === 'pending' && (item.cancel.nextAttemptAt ?? 0) > now)
    next = { ...next, cancel: { ...item.cancel, nextAttemptAt: now } };
  return next;
}

/**
 * The page starts with this item in the outbox: it was pending when the page closed (perhaps
 * mid-attempt, perhaps while locating). Send it at once, without waiting for a position again.
 */
export function resume(item: OutboxItem, now: number): OutboxItem {
  const next = item.locating ? { ...item, locating: false } : item;
  return wake(next, now);
}

/** An attempt of this item is due at `now`. */
export const isDue = (item: OutboxItem, now: number): boolean =>
  item.state === 'pending' && !item.locating && item.nextAttemptAt !== null && item.nextAttemptAt <= now;

// ── withdrawing ──────────────────────────────────────────────────────────────────────────────

/** Seconds left to offer withdrawing (0: no longer offered). */
export function cancelSecondsLeft(item: OutboxItem, now: number): number {
  if (!isWithdrawable(item.alarmClass) || item.cancel || item.state === 'failed') return 0;
  if (item.incidentStatus && item.incidentStatus !== 'raised') return 0;
  return Math.max(0, Math.ceil((item.pressedAt + CANCEL_WINDOW_MS - now) / 1000));
}

/**
 * The sender asks to withdraw the alarm. Kept in the item: if it is still on its way, the
 * withdrawal follows as soon as the server confirms it (the server counts its window from when
 * it received the alarm).
 */
export function requestCancel(item: OutboxItem, reason: string, now: number): OutboxItem {
  const why = reason.trim().slice(0, 500);
  if (!why || !isWithdrawable(item.alarmClass) || item.cancel || item.state === 'failed') return item;
  return {
    ...item,
    cancel: { reason: why, requestedAt: now, state: 'pending', attempts: 0, nextAttemptAt: now, error: null },
  };
}

/** A withdrawal may be sent now: the alarm has reached the server and the request is due. */
export const isCancelDue = (item: OutboxItem, now: number): boolean =>
  item.state === 'sent' &&
  item.incidentId !== null &&
  item.cancel?.state === 'pending' &&
  (item.cancel.nextAttemptAt ?? 0) <= now;

export function startCancel(item: OutboxItem): OutboxItem {
  if (item.cancel?.state !== 'pending') return item;
  return { ...item, cancel: { ...item.cancel, attempts: item.cancel.attempts + 1, nextAttemptAt: null } };
}

/**
 * The server answered the withdrawal, or did not. A refusal (409: too late, already taken up)
 * is final; the server's message is shown.
 */
export function settleCancel(
  item: OutboxItem,
  outcome: { kind: 'done'; status: IncidentStatus } | Exclude<Outcome, { kind: 'confirmed' }>,
  now: number,
  random = 0.5,
): OutboxItem {
  const c = item.cancel;
  if (c?.state !== 'pending') return item;
  switch (outcome.kind) {
    case 'done':
      return { ...item, incidentStatus: outcome.status, cancel: { ...c, state: 'done', error: null } };
    case 'retry':
      return {
        ...item,
        cancel: { ...c, nextAttemptAt: now + backoffMs(c.attempts, random), error: outcome.error },
      };
    case 'fatal':
      return { ...item, cancel: { ...c, state: 'refused', nextAttemptAt: null, error: outcome.error } };
  }
}

/** The incident was read again: its status as the server has it now. */
export function withIncidentStatus(item: OutboxItem, status: IncidentStatus): OutboxItem {
  if (item.incidentStatus === status) return item;
  // Withdrawn, even if our answer got lost on the way: nothing more to ask.
  const cancel =
    item.cancel?.state === 'pending' && status === 'cancelled'
      ? { ...item.cancel, state: 'done' as const, nextAttemptAt: null }
      : item.cancel;
  return { ...item, incidentStatus: status, cancel };
}

// ── the outbox as a whole ────────────────────────────────────────────────────────────────────

/** The alarm to show: the latest pressed. */
export function currentItem(outbox: Outbox): OutboxItem | null {
  let latest: OutboxItem | null = null;
  for (const item of Object.values(outbox)) if (!latest || item.pressedAt > latest.pressedAt) latest = item;
  return latest;
}

/** The item may be put away by its sender: it failed, or its incident needs nothing more. */
export const isDismissable = (item: OutboxItem): boolean =>
  item.state === 'failed' || (item.state === 'sent' && isSettledStatus(item.incidentStatus));

/** When the next thing falls due (an attempt or a withdrawal), or null when nothing waits. */
export function nextWakeAt(outbox: Outbox): number | null {
  let at: number | null = null;
  for (const item of Object.values(outbox)) {
    const due =
      item.state === 'pending' && !item.locating
        ? item.nextAttemptAt
        : item.state === 'sent' && item.cancel?.state === 'pending'
          ? item.cancel.nextAttemptAt
          : null;
    if (due !== null && (at === null || due < at)) at = due;
  }
  return at;
}
