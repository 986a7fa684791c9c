import type { AnswerValue } from '@anxiao/contracts';
import type { Failure } from '../offline/failure';
import type { CompleteBody, HazardGrade, HazardStatus } from './types';

/**
 * What an entry of the tasks outbox (outbox.ts) holds: its shape, how one is made, and the body it
 * sends. How it is sent and retried is in outbox.ts, how it is read back from storage in outboxRead.ts.
 */

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
