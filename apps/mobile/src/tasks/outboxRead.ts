import type { AnswerValue } from '@anxiao/contracts';
import type { Failure } from '../offline/failure';
import { isValidKey } from '../offline/key';
import { hazardKey, type OutboxAnswer, type OutboxEntry } from './outboxEntry';
import { HAZARD_GRADES, HAZARD_STATUSES } from './types';

/** The tasks outbox's entries as stored (outbox.ts), read back. */

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
