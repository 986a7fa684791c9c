import type { Failure } from '../offline/failure';
import { isValidKey } from '../offline/key';
import {
  ALARM_CLASSES,
  INCIDENT_STATUSES,
  type CancelRequest,
  type Outbox,
  type OutboxItem,
} from './outboxItem';

/** Items kept this long after their press at most, unless still pending (those are kept for ever). */
export const KEEP_MS = 7 * 24 * 3600_000;

/**
 * The outbox as stored, read back: anything unreadable is dropped (never the whole outbox for one
 * bad item), and old items that are no longer pending are forgotten.
 */
export function parseOutbox(raw: string | null, now: number): Outbox {
  if (!raw) return {};
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return {};
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
  const out: Record<string, OutboxItem> = {};
  for (const [key, value] of Object.entries(data)) {
    const item = readItem(value);
    if (!item || item.key !== key) continue;
    if (item.state !== 'pending' && now - item.pressedAt > KEEP_MS) continue;
    out[key] = item;
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | null =>
  list.find((x) => x === v) ?? null;

function readFailure(v: unknown): Failure | null {
  if (!isRecord(v)) return null;
  return { status: num(v['status']) ?? 0, code: str(v['code']) ?? '', message: str(v['message']) ?? '' };
}

function readItem(v: unknown): OutboxItem | null {
  if (!isRecord(v)) return null;
  const key = str(v['key']);
  const alarmClass = oneOf(ALARM_CLASSES, v['alarmClass']);
  const state = oneOf(['pending', 'sent', 'failed'] as const, v['state']);
  const pressedAt = num(v['pressedAt']);
  if (!key || !isValidKey(key) || !alarmClass || !state || pressedAt === null) return null;
  const incidentId = str(v['incidentId']);
  if (state === 'sent' && !incidentId) return null;
  const p = v['position'];
  const position =
    isRecord(p) && num(p['lon']) !== null && num(p['lat']) !== null
      ? { lon: num(p['lon'])!, lat: num(p['lat'])!, accuracy: num(p['accuracy']) }
      : null;
  const c = v['cancel'];
  const cancelState = isRecord(c) ? oneOf(['pending', 'done', 'refused'] as const, c['state']) : null;
  const cancel: CancelRequest | null =
    isRecord(c) && cancelState && str(c['reason'])
      ? {
          reason: str(c['reason'])!,
          requestedAt: num(c['requestedAt']) ?? pressedAt,
          state: cancelState,
          attempts: num(c['attempts']) ?? 0,
          nextAttemptAt: num(c['nextAttemptAt']),
          error: readFailure(c['error']),
        }
      : null;
  return {
    key,
    userId: str(v['userId']),
    alarmClass,
    note: str(v['note']),
    position,
    locating: v['locating'] === true,
    pressedAt,
    state,
    attempts: num(v['attempts']) ?? 0,
    failures: num(v['failures']) ?? 0,
    nextAttemptAt: num(v['nextAttemptAt']),
    lastError: readFailure(v['lastError']),
    incidentId,
    sentAt: num(v['sentAt']),
    incidentStatus: oneOf(INCIDENT_STATUSES, v['incidentStatus']),
    cancel,
  };
}
