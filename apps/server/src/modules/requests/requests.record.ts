import type { Executor } from '../../kernel/db.js';
import { newId } from '../../kernel/ids.js';
import { appendEvent } from '../../kernel/events/index.js';
import type { RequestsContext } from './requests.context.js';
import { REQUEST_EVENTS } from './requests.events.js';
import type { RequestStatus } from './requests.model.js';
import * as repo from './requests.repository.js';

/** A step in a request's thread (what both sides read, or an internal note). */
export async function event(
  c: RequestsContext,
  ex: Executor,
  row: repo.RequestRow,
  e: {
    kind: string;
    actor: { id: string | null; name: string };
    side: 'reporter' | 'handler' | 'system';
    status?: RequestStatus | undefined;
    visibility?: 'public' | 'internal';
    body?: string | null;
    data?: Record<string, unknown>;
  },
) {
  await repo.addEvent(ex, {
    id: newId(),
    requestId: row.id,
    at: c.k.clock.now(),
    actorId: e.actor.id,
    actorName: e.actor.name,
    kind: e.kind,
    visibility: e.visibility ?? 'public',
    side: e.side,
    body: e.body ?? null,
    status: e.status ?? null,
    data: e.data ?? null,
  });
}

/** Tell the bus the request changed (consoles refresh it). */
export async function changed(c: RequestsContext, ex: Executor, row: repo.RequestRow, kind: string) {
  await appendEvent(ex, c.k.clock, {
    type: REQUEST_EVENTS.updated,
    payload: { id: row.id, no: row.no, status: row.status, kind },
    orgId: row.orgId,
    gridId: row.assignedGridId ?? null,
  });
}
