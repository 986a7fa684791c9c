import { isPassing, type Failure } from '../offline/failure';
import { isValidKey } from '../offline/key';
import type { AnswerValue } from '@anxiao/contracts';
import {
  HAZARD_GRADES,
  HAZARD_STATUSES,
  type CompleteBody,
  type HazardGrade,
  type HazardStatus,
} from './types';

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

export type EntryState = 'pending' | 'sent' | 'rejected' | 'taken' | 'failed';

export interface OutboxPhoto {
  localId: string;
  /** a small data URL, to show the photo while the entry waits */
  thumb: string;
  /** the server's file, once uploaded */
  fileId: string | null;
}

export interface OutboxAnswer {
  code: string;
  value: AnswerValue;
  note: string | null;
  photos: OutboxPhoto[];
}

export interface Location {
  lat: number;
  lng: number;
  accuracy: number | null;
}

interface Base {
  /** the entry's key in the outbox (a completion's idempotency key) */
  key: string;
  /** the account that did it: sent only under that account's session */
  userId: string;
  taskId: string;
  state: EntryState;
  createdAt: number;
  attempts: number;
  /** when the next attempt is due (pending only) */
  nextAttemptAt: number | null;
  lastError: Failure | null;
  /** when it stopped being pending */
  settledAt: number | null;
}

export interface CompletionEntry extends Base {
  kind: 'complete';
  /** for the pages while the task itself cannot be read */
  templateName: string;
  gridName: string;
  answers: OutboxAnswer[];
  /** when the worker finished, by the phone's clock (ISO) */
  doneAt: string;
  location: Location | null;
  /** the items failed as the phone judged them */
  failed: string[];
  /** the items failed as the server recorded them */
  recordedFailed: string[] | null;
}

export interface HazardEntry extends Base {
  kind: 'hazard';
  itemCode: string;
  grade: HazardGrade;
  hazard: { id: string; no: string; status: HazardStatus } | null;
}

export type OutboxEntry = CompletionEntry | HazardEntry;

export interface NewCompletion {
  key: string;
  userId: string;
  taskId: string;
  templateName: string;
  gridName: string;
  answers: OutboxAnswer[];
  location: Location | null;
  failed: string[];
}

export function newCompletion(input: NewCompletion, now: number): CompletionEntry {
  return {
    kind: 'complete',
    ...input,
    doneAt: new Date(now).toISOString(),
    state: 'pending',
    createdAt: now,
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    settledAt: null,
    recordedFailed: null,
  };
}

/** The key of the hazard made from a task's item: one per task and item, as on the server. */
export const hazardKey = (taskId: string, itemCode: string): string => `hazard:${taskId}:${itemCode}`;

export function newHazard(
  input: { userId: string; taskId: string; itemCode: string; grade: HazardGrade },
  now: number,
): HazardEntry {
  return {
    kind: 'hazard',
    key: hazardKey(input.taskId, input.itemCode),
    ...input,
    state: 'pending',
    createdAt: now,
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    settledAt: null,
    hazard: null,
  };
}

/**
 * Whether `entry` may take the place of one already under its key: a checklist or hazard sent
 * twice (a double tap, another tab) stays one entry, and one on its way is never replaced. Only
 * a hazard that failed may be asked for again.
 */
export const replaces = (old: OutboxEntry | undefined, entry: OutboxEntry): boolean =>
  !old || (old.kind === 'hazard' && entry.kind === 'hazard' && old.state === 'failed');

/** The body of POST /api/tasks/:id/complete: every photo must be uploaded (photosToUpload empty). */
export function completeBody(e: CompletionEntry): CompleteBody {
  return {
    key: e.key,
    answers: e.answers.map((a) => ({
      code: a.code,
      value: a.value,
      photoIds: a.photos.flatMap((p) => (p.fileId ? [p.fileId] : [])),
      ...(a.note ? { note: a.note } : {}),
    })),
    doneAt: e.doneAt,
    ...(e.location ? { location: e.location } : {}),
  };
}

/** Photos of the checklist not yet on the server. */
export const photosToUpload = (e: CompletionEntry): OutboxPhoto[] =>
  e.answers.flatMap((a) => a.photos.filter((p) => !p.fileId));

/** Every photo the entry holds on the phone, by local id. */
export const localPhotos = (e: OutboxEntry): string[] =>
  e.kind === 'complete' ? e.answers.flatMap((a) => a.photos.map((p) => p.localId)) : [];

/** A photo reached the server: its file id is kept, so no retry uploads it again. */
export function photoUploaded(e: CompletionEntry, localId: string, fileId: string): CompletionEntry {
  if (!e.answers.some((a) => a.photos.some((p) => p.localId === localId && p.fileId !== fileId))) return e;
  return {
    ...e,
    answers: e.answers.map((a) => ({
      ...a,
      photos: a.photos.map((p) => (p.localId === localId ? { ...p, fileId } : p)),
    })),
  };
}

/** A photo no longer on the phone (storage cleared): the checklist goes without it. */
export function photoLost(e: CompletionEntry, localId: string): CompletionEntry {
  return {
    ...e,
    answers: e.answers.map((a) => ({ ...a, photos: a.photos.filter((p) => p.localId !== localId) })),
  };
}

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

// ── storage ──────────────────────────────────────────────────────────────────────────────────

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | null =>
  list.find((x) => x === v) ?? null;
const STATES = ['pending', 'sent', 'rejected', 'taken', 'failed'] as const;

function readFailure(v: unknown): Failure | null {
  if (!isRecord(v)) return null;
  return { status: num(v['status']) ?? 0, code: str(v['code']) ?? '', message: str(v['message']) ?? '' };
}

function readAnswer(v: unknown): OutboxAnswer | null {
  if (!isRecord(v) || !str(v['code'])) return null;
  const value = v['value'];
  if (value !== null && typeof value !== 'string' && num(value) === null) return null;
  const photos = Array.isArray(v['photos'])
    ? v['photos'].flatMap((p) =>
        isRecord(p) && str(p['localId'])
          ? [{ localId: str(p['localId'])!, thumb: str(p['thumb']) ?? '', fileId: str(p['fileId']) }]
          : [],
      )
    : [];
  return { code: str(v['code'])!, value: value as AnswerValue, note: str(v['note']), photos };
}

/**
 * An entry as stored, read back (IndexedDB keeps what was put, but an older page version may have
 * put it): null when it does not read. Parts that do not read are dropped, never a whole entry
 * that can still be sent.
 */
export function readEntry(v: unknown): OutboxEntry | null {
  if (!isRecord(v)) return null;
  const key = str(v['key']);
  const userId = str(v['userId']);
  const taskId = str(v['taskId']);
  const state = oneOf(STATES, v['state']);
  const createdAt = num(v['createdAt']);
  if (!key || !userId || !taskId || !state || createdAt === null) return null;
  const base = {
    key,
    userId,
    taskId,
    state,
    createdAt,
    attempts: num(v['attempts']) ?? 0,
    nextAttemptAt: state === 'pending' ? (num(v['nextAttemptAt']) ?? createdAt) : null,
    lastError: readFailure(v['lastError']),
    settledAt: num(v['settledAt']),
  };
  if (v['kind'] === 'complete') {
    if (!isValidKey(key) || !Array.isArray(v['answers'])) return null;
    const l = v['location'];
    return {
      ...base,
      kind: 'complete',
      templateName: str(v['templateName']) ?? '',
      gridName: str(v['gridName']) ?? '',
      answers: v['answers'].map(readAnswer).filter((a): a is OutboxAnswer => a !== null),
      doneAt: str(v['doneAt']) ?? new Date(createdAt).toISOString(),
      location:
        isRecord(l) && num(l['lat']) !== null && num(l['lng']) !== null
          ? { lat: num(l['lat'])!, lng: num(l['lng'])!, accuracy: num(l['accuracy']) }
          : null,
      failed: Array.isArray(v['failed']) ? v['failed'].filter((c): c is string => typeof c === 'string') : [],
      recordedFailed: Array.isArray(v['recordedFailed'])
        ? v['recordedFailed'].filter((c): c is string => typeof c === 'string')
        : null,
    };
  }
  if (v['kind'] === 'hazard') {
    const itemCode = str(v['itemCode']);
    if (!itemCode || key !== hazardKey(taskId, itemCode)) return null;
    const h = v['hazard'];
    const status = isRecord(h) ? oneOf(HAZARD_STATUSES, h['status']) : null;
    return {
      ...base,
      kind: 'hazard',
      itemCode,
      grade: oneOf(HAZARD_GRADES, v['grade']) ?? 'general',
      hazard:
        isRecord(h) && str(h['id']) && str(h['no']) && status
          ? { id: str(h['id'])!, no: str(h['no'])!, status }
          : null,
    };
  }
  return null;
}
