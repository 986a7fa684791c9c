import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import { rows, type Executor } from '../db.js';
import { appendEvents } from '../events/index.js';
import { DELIVERY_CHANGED, type DeliveryChangedPayload, type DeliveryState } from './channel.js';
import { notifyDeliveries } from './notify.centre.tables.js';
import { notifications } from './notify.tables.js';

/** The order a delivery moves in; `failed` stands apart. */
const RANK: Record<DeliveryState, number> = {
  failed: -1,
  queued: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  acknowledged: 4,
};

/** The furthest of several states (a person's, over their deliveries); failed only when nothing got further. */
export function furthest(states: DeliveryState[]): DeliveryState {
  let best: DeliveryState | null = null;
  for (const s of states) if (best === null || RANK[s] > RANK[best]) best = s;
  return best ?? 'queued';
}

export interface Change {
  deliveryId: string;
  state: DeliveryState;
  provider?: string | null;
  to?: string | null;
  answered?: boolean;
  reason?: string;
}

/**
 * Move deliveries to a state, only from the states given (compare-and-set: a duplicated job or a
 * second receipt changes nothing), and append one DELIVERY_CHANGED per delivery that moved.
 * Returns the ids that moved.
 */
export async function moveDeliveries(
  ex: Executor,
  clock: Clock,
  ids: string[],
  to: DeliveryState,
  from: DeliveryState[],
  extra: Omit<Change, 'deliveryId' | 'state'> = {},
): Promise<string[]> {
  if (!ids.length) return [];
  const now = clock.now();
  const moved = await ex
    .update(notifyDeliveries)
    .set({
      state: to,
      updatedAt: now,
      ...(extra.provider !== undefined ? { provider: extra.provider } : {}),
      ...(extra.to !== undefined ? { toMasked: extra.to } : {}),
      ...(extra.reason !== undefined ? { reason: extra.reason } : {}),
    })
    .where(and(inArray(notifyDeliveries.id, ids), inArray(notifyDeliveries.state, from)))
    .returning({ id: notifyDeliveries.id });
  await announce(
    ex,
    clock,
    moved.map((m) => ({ deliveryId: m.id, state: to, ...extra })),
  );
  return moved.map((m) => m.id);
}

/** Append DELIVERY_CHANGED for deliveries (read with their notification for the payload). */
export async function announce(ex: Executor, clock: Clock, changes: Change[]): Promise<void> {
  if (!changes.length) return;
  const rows = await ex
    .select({
      id: notifyDeliveries.id,
      notificationId: notifyDeliveries.notificationId,
      userId: notifyDeliveries.userId,
      orgId: notifyDeliveries.orgId,
      channel: notifyDeliveries.channel,
      provider: notifyDeliveries.provider,
      toMasked: notifyDeliveries.toMasked,
      kind: notifications.kind,
      severity: notifications.severity,
      subjectType: notifications.subjectType,
      subjectId: notifications.subjectId,
    })
    .from(notifyDeliveries)
    .innerJoin(notifications, eq(notifications.id, notifyDeliveries.notificationId))
    .where(
      inArray(
        notifyDeliveries.id,
        changes.map((c) => c.deliveryId),
      ),
    );
  const byId = new Map(rows.map((r) => [r.id, r]));
  await appendEvents(
    ex,
    clock,
    changes.flatMap((c) => {
      const r = byId.get(c.deliveryId);
      if (!r) return [];
      const payload: DeliveryChangedPayload = {
        deliveryId: r.id,
        notificationId: r.notificationId,
        userId: r.userId,
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        kind: r.kind,
        severity: r.severity,
        channel: r.channel,
        provider: c.provider ?? r.provider,
        state: c.state,
        to: c.to ?? r.toMasked,
        ...(c.answered !== undefined ? { answered: c.answered } : {}),
        ...(c.reason !== undefined ? { reason: c.reason } : {}),
      };
      // Not addressed to the person: their consoles need no push per channel; modules consume it.
      return [{ type: DELIVERY_CHANGED, payload, orgId: r.orgId }];
    }),
  );
}

/** Count one more against a limit in a shared window; true when the count is still within it. */
export async function countWithin(
  ex: Executor,
  key: string,
  windowStart: Date,
  limit: number,
): Promise<boolean> {
  const r = await rows<{ n: number }>(
    ex,
    sql`insert into notify_counters (key, window_start, n) values (${key}, ${windowStart.toISOString()}::timestamptz, 1)
        on conflict (key, window_start) do update set n = notify_counters.n + 1
        returning n`,
  );
  return Number(r[0]?.n ?? 0) <= limit;
}

/** The start of the window of `ms` that holds `at`. */
export function windowOf(at: Date, ms: number): Date {
  return new Date(at.getTime() - (at.getTime() % ms));
}
