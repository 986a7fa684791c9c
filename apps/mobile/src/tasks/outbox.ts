import { isPassing, type Failure } from '../offline/failure';
import {
  hazardKey,
  type CompletionEntry,
  type HazardEntry,
  type OutboxAnswer,
  type OutboxEntry,
} from './outboxEntry';
import type { HazardStatus } from './types';

export * from './outboxEntry';
export { readEntry } from './outboxRead';

/**
 * The tasks outbox: the pure rules of what the phone owes the server for grid tasks. No I/O, no
 * clock, no randomness of its own (queue.ts runs it; outbox.test.ts and queue.test.ts test it).
 *
 * An entry is written to the phone's IndexedDB before the first attempt and sent again with the
 * same key until the server answers:
 *
 *   complete   a filled checklist (answers, photos kept as blobs, where, when). Its idempotency
 *              key is made once per completion: a retry after a lost answer gets the task as it
 *              was recorded, never a second completion. Each photo's file id is kept in the entry
 *              as soon as its upload succeeds, so a retry never uploads it again.
 *   hazard     a failed item turned into a hazard (转为隐患); keyed by task and item, which the
 *              server holds unique too. It waits for its task's checklist to be recorded.
 *
 *   pending ──answer──▶ sent
 *      │ ▲
 *      │ └── no answer, timeout, 408, 429, 5xx, signed out: wait RETRY_MS (or the network
 *      │     coming back, the page opened or shown again), retry with the same key
 *      ├──── 409 tasks.already_done ──▶ taken      (someone else did the task: shown)
 *      ├──── 400 on a checklist ──────▶ rejected   (shown; kept for correcting, then sent again)
 *      └──── any other 4xx ───────────▶ failed     (shown)
 */

export const RETRY_MS = 30_000;
/** Entries that are over are kept this long for the pages, then forgotten. */
export const KEEP_MS = 7 * 24 * 3600_000;

// ── attempts ─────────────────────────────────────────────────────────────────────────────────

export type Outcome =
  | { kind: 'recorded'; failed: string[] }
  | { kind: 'hazard'; hazard: { id: string; no: string; status: HazardStatus } }
  | { kind: 'retry'; error: Failure }
  | { kind: 'rejected'; error: Failure }
  | { kind: 'taken'; error: Failure }
  | { kind: 'failed'; error: Failure };

/** What a failed call means for the entry. */
export function classify(e: OutboxEntry, error: Failure): Exclude<Outcome, { kind: 'recorded' | 'hazard' }> {
  // Signed out meanwhile: it waits for the account to sign in again.
  if (isPassing(error) || error.status === 401) return { kind: 'retry', error };
  if (error.status === 409 && error.code === 'tasks.already_done') return { kind: 'taken', error };
  if (e.kind === 'complete' && error.status === 400) return { kind: 'rejected', error };
  return { kind: 'failed', error };
}

/** Whether an attempt is due at `now`. */
export const isDue = (e: OutboxEntry, now: number): boolean =>
  e.state === 'pending' && e.nextAttemptAt !== null && e.nextAttemptAt <= now;

/** A hazard waits while its task's checklist is still on its way (or sent back for correcting). */
export const isBlocked = (e: OutboxEntry, all: readonly OutboxEntry[]): boolean =>
  e.kind === 'hazard' &&
  all.some(
    (o) =>
      o.kind === 'complete' && o.taskId === e.taskId && (o.state === 'pending' || o.state === 'rejected'),
  );

export function startAttempt<E extends OutboxEntry>(e: E): E {
  if (e.state !== 'pending') return e;
  return { ...e, attempts: e.attempts + 1, nextAttemptAt: null };
}

/** An attempt ended. An entry no longer pending (another tab got it through) stays as it is. */
export function settle<E extends OutboxEntry>(e: E, outcome: Outcome, now: number): E {
  if (e.state !== 'pending') return e;
  switch (outcome.kind) {
    case 'recorded':
      return e.kind === 'complete'
        ? {
            ...e,
            state: 'sent',
            recordedFailed: outcome.failed,
            lastError: null,
            settledAt: now,
            nextAttemptAt: null,
          }
        : e;
    case 'hazard':
      return e.kind === 'hazard'
        ? {
            ...e,
            state: 'sent',
            hazard: outcome.hazard,
            lastError: null,
            settledAt: now,
            nextAttemptAt: null,
          }
        : e;
    case 'retry':
      return { ...e, nextAttemptAt: now + RETRY_MS, lastError: outcome.error };
    case 'rejected':
    case 'taken':
    case 'failed':
      return { ...e, state: outcome.kind, lastError: outcome.error, settledAt: now, nextAttemptAt: null };
  }
}

/** Retry now rather than at the scheduled time: the network came back, the page was shown. */
export function wake<E extends OutboxEntry>(e: E, now: number): E {
  if (e.state !== 'pending' || (e.nextAttemptAt !== null && e.nextAttemptAt <= now)) return e;
  return { ...e, nextAttemptAt: now };
}

/** A checklist sent back (400) was corrected: it goes again, with the same key. */
export function resubmit(
  e: CompletionEntry,
  change: { answers: OutboxAnswer[]; failed: string[] },
  now: number,
): CompletionEntry {
  if (e.state !== 'rejected' && e.state !== 'pending') return e;
  // A photo kept from before keeps its upload.
  const uploaded = new Map(e.answers.flatMap((a) => a.photos).map((p) => [p.localId, p.fileId]));
  const answers = change.answers.map((a) => ({
    ...a,
    photos: a.photos.map((p) => ({ ...p, fileId: p.fileId ?? uploaded.get(p.localId) ?? null })),
  }));
  return {
    ...e,
    answers,
    failed: change.failed,
    doneAt: new Date(now).toISOString(),
    state: 'pending',
    nextAttemptAt: now,
    lastError: null,
    settledAt: null,
  };
}

/** When the next attempt falls due, or null when nothing waits. */
export function nextWakeAt(all: readonly OutboxEntry[]): number | null {
  let at: number | null = null;
  for (const e of all)
    if (
      e.state === 'pending' &&
      e.nextAttemptAt !== null &&
      !isBlocked(e, all) &&
      (at === null || e.nextAttemptAt < at)
    )
      at = e.nextAttemptAt;
  return at;
}

// ── what the pages show ──────────────────────────────────────────────────────────────────────

/** An account's entries still to go (the count shown as 待发送). */
export const queued = (all: readonly OutboxEntry[], userId: string): OutboxEntry[] =>
  all.filter((e) => e.userId === userId && e.state === 'pending');

/** The checklist entry of a task (the latest), if any. */
export const completionOf = (
  all: readonly OutboxEntry[],
  userId: string,
  taskId: string,
): CompletionEntry | undefined =>
  all
    .filter((e): e is CompletionEntry => e.kind === 'complete' && e.userId === userId && e.taskId === taskId)
    .sort((a, b) => b.createdAt - a.createdAt)[0];

export const hazardOf = (
  all: readonly OutboxEntry[],
  taskId: string,
  itemCode: string,
): HazardEntry | undefined =>
  all.find((e): e is HazardEntry => e.kind === 'hazard' && e.key === hazardKey(taskId, itemCode));

/** Forget what is over and old; what is pending or waits for correcting is kept for ever. */
export const isExpired = (e: OutboxEntry, now: number): boolean =>
  (e.state === 'sent' || e.state === 'taken' || e.state === 'failed') &&
  now - (e.settledAt ?? e.createdAt) > KEEP_MS;
