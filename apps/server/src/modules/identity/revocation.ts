import type { Executor } from '../../kernel/db.js';
import type { Clock } from '../../kernel/clock.js';
import { appendEvent, type BusEvent } from '../../kernel/events/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { SESSION_EVENTS, USER_EVENTS } from './identity.events.js';

/**
 * A session (or all of a user's) no longer stands as it was: signed out, account disabled,
 * password changed or reset (4401: sign in again), roles changed (4409: reconnect with the new
 * scope). Written as an outbox event in the transaction that made the change, so every process
 * hears of it over the bus; it is never pushed to a console (no read permission is declared for it).
 */
export interface Revocation {
  userId: string;
  /** one session only (sign-out); otherwise every session of the user */
  sessionId?: string;
  /** a session that stays signed in (the one that changed its own password) */
  keepSessionId?: string;
  code: 4401 | 4409;
}

export async function recordRevocation(ex: Executor, clock: Clock, r: Revocation): Promise<void> {
  await appendEvent(ex, clock, { type: SESSION_EVENTS.revoked, payload: r });
}

/** On this process: forget the cached sessions and close their sockets. Idempotent. */
export function applyRevocation(k: Pick<Kernel, 'actors' | 'realtime'>, r: Revocation): void {
  if (r.sessionId) {
    k.actors.dropKey(r.sessionId);
    k.realtime.disconnectSession(r.sessionId);
  } else {
    k.actors.dropUser(r.userId);
    k.realtime.disconnectUser(r.userId, r.code, r.keepSessionId);
  }
}

/** Changes that reach many actors at once: the organisation tree, its links, the grids. */
const RESCOPING_EVENTS = new Set(['org.updated', 'org.linked', 'grid.changed']);

/**
 * Every process applies the revocations any process wrote, and forgets its cached actors when
 * the tree their scopes come from changes.
 */
export function listenForRevocations(k: Pick<Kernel, 'actors' | 'realtime' | 'bus'>): () => void {
  return k.bus.subscribe((e: BusEvent) => {
    if (e.type === SESSION_EVENTS.revoked) {
      const r = e.payload as Revocation | null;
      if (r && typeof r.userId === 'string') applyRevocation(k, r);
    } else if (e.type === USER_EVENTS.rolesChanged || e.type === USER_EVENTS.updated) {
      const id = (e.payload as { id?: unknown } | null)?.id;
      if (typeof id === 'string') k.actors.dropUser(id);
    } else if (RESCOPING_EVENTS.has(e.type)) {
      k.actors.clear();
    }
  });
}
