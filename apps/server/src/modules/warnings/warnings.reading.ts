import { and, eq, isNull, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { authorize, type Actor } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import type { DeliveryState } from '../../kernel/notify/index.js';
import { readable } from './warnings.access.js';
import type { WarningsContext } from './warnings.context.js';
import { deliveryStates, furthest } from './warnings.delivery.js';
import { present } from './warnings.present.js';
import * as repo from './warnings.repository.js';
import type { listQuery, recipientsQuery } from './warnings.schemas.js';
import { warningRecipients } from './warnings.tables.js';

export async function list(c: WarningsContext, actor: Actor, q: z.infer<typeof listQuery>) {
  const scope = authorize(actor, 'warning.read');
  const r = await repo.list(c.k.db, scope, q);
  return {
    items: await Promise.all(r.items.map((x) => present(c, actor, x.item, x.counts))),
    total: r.total,
  };
}

/** Each recipient with the furthest state: the centre's delivery, then our own read and acknowledge. */
async function recipientStates(c: WarningsContext, w: repo.WarningItem) {
  const [people, states] = await Promise.all([
    repo.recipientsOf(c.k.db, w.id),
    deliveryStates(c, c.k.db, w.id),
  ]);
  return people.map((p) => {
    let s: DeliveryState = states.get(p.userId) ?? (p.notifiedAt ? 'sent' : 'queued');
    if (p.readAt) s = furthest(s, 'read');
    if (p.acknowledgedAt) s = 'acknowledged';
    return { ...p, state: s };
  });
}

const REACHED: Record<DeliveryState, number> = {
  queued: 0,
  failed: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  acknowledged: 4,
};

type Tally = {
  recipients: number;
  sent: number;
  delivered: number;
  read: number;
  acknowledged: number;
  failed: number;
};
const empty = (): Tally => ({ recipients: 0, sent: 0, delivered: 0, read: 0, acknowledged: 0, failed: 0 });
function add(t: Tally, s: DeliveryState) {
  const n = REACHED[s];
  t.recipients++;
  if (s === 'failed') t.failed++;
  if (n >= 1) t.sent++;
  if (n >= 2) t.delivered++;
  if (n >= 3) t.read++;
  if (n >= 4) t.acknowledged++;
}

/** Sent, delivered, read, acknowledged: in all and by unit, and who has not acknowledged. */
export function summarise(people: Awaited<ReturnType<typeof recipientStates>>) {
  const total = empty();
  const units = new Map<string, Tally & { unitId: string; unitName: string }>();
  for (const p of people) {
    add(total, p.state);
    let u = units.get(p.unitId);
    if (!u) units.set(p.unitId, (u = { unitId: p.unitId, unitName: p.unitName, ...empty() }));
    add(u, p.state);
  }
  return {
    total,
    units: [...units.values()],
    unacknowledged: people
      .filter((p) => p.state !== 'acknowledged')
      .slice(0, 200)
      .map((p) => ({ userId: p.userId, name: p.name, unitName: p.unitName })),
  };
}

export async function detail(c: WarningsContext, actor: Actor, id: string) {
  const w = await readable(c, actor, id);
  const sent = w.state === 'sent' || w.state === 'cancelled';
  const people = sent ? await recipientStates(c, w) : [];
  const summary = sent ? summarise(people) : null;
  const counts = {
    recipients: people.length,
    read: summary?.total.read ?? 0,
    acknowledged: summary?.total.acknowledged ?? 0,
  };
  return { warning: await present(c, actor, w, counts), summary };
}

export async function recipients(
  c: WarningsContext,
  actor: Actor,
  id: string,
  q: z.infer<typeof recipientsQuery>,
) {
  const w = await readable(c, actor, id);
  const people = (await recipientStates(c, w)).filter(
    (p) =>
      (!q.unitId || p.unitId === q.unitId) &&
      (!q.state || (q.state === 'unacknowledged' ? p.state !== 'acknowledged' : p.state === q.state)),
  );
  const start = (q.page - 1) * q.pageSize;
  return {
    total: people.length,
    items: people.slice(start, start + q.pageSize).map((p) => ({
      userId: p.userId,
      name: p.name,
      unitId: p.unitId,
      unitName: p.unitName,
      state: p.state,
      readAt: p.readAt,
      acknowledgedAt: p.acknowledgedAt,
      reminded: p.remindRound,
    })),
  };
}

// ---- the recipient's side ----------------------------------------------------------------------

function received(w: repo.WarningRow, senderName: string, r: typeof warningRecipients.$inferSelect) {
  return {
    id: w.id,
    senderName,
    state: w.state,
    version: w.version,
    capStatus: w.capStatus,
    event: w.event,
    headline: w.headline,
    description: w.description,
    instruction: w.instruction,
    severity: w.severity,
    urgency: w.urgency,
    areaDesc: w.areaDesc,
    effective: w.effective,
    expires: w.expires,
    sentAt: w.sentAt,
    cancelReason: w.cancelReason,
    readAt: r.readAt,
    acknowledgedAt: r.acknowledgedAt,
  };
}

function me(actor: Actor): string {
  if (!actor.userId) throw errors.unauthenticated();
  return actor.userId;
}

/** The warnings the signed-in person received, newest first. */
export async function mine(c: WarningsContext, actor: Actor) {
  const rs = await repo.receivedBy(c.k.db, me(actor), 100);
  return { items: rs.map((x) => received(x.w, x.orgName, x.r)) };
}

/** A recipient opens their warning: it counts as read (404 for anyone it was not sent to). */
export async function open(c: WarningsContext, actor: Actor, id: string) {
  const userId = me(actor);
  const w = await repo.findWithPath(c.k.db, id);
  const r = w && (await repo.recipient(c.k.db, id, userId));
  if (!w || !r) throw errors.notFound({ id });
  if (!r.readAt) {
    r.readAt = c.k.clock.now();
    await c.k.db
      .update(warningRecipients)
      .set({ readAt: r.readAt })
      .where(
        and(
          eq(warningRecipients.warningId, id),
          eq(warningRecipients.userId, userId),
          isNull(warningRecipients.readAt),
        ),
      );
  }
  return received(w, w.orgName, r);
}

/** 确认收到: on the recipient's row and, for the 发送记录 and the summary, on the centre's deliveries. */
export async function acknowledge(c: WarningsContext, actor: Actor, id: string) {
  const userId = me(actor);
  const now = c.k.clock.now();
  const r = await c.k.transaction(async (tx) => {
    const [row] = await tx
      .update(warningRecipients)
      .set({
        acknowledgedAt: sql`coalesce(${warningRecipients.acknowledgedAt}, ${now.toISOString()}::timestamptz)`,
        readAt: sql`coalesce(${warningRecipients.readAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(and(eq(warningRecipients.warningId, id), eq(warningRecipients.userId, userId)))
      .returning();
    if (row) await c.k.notify.acknowledge(tx, { type: 'warning', id }, userId);
    return row;
  });
  if (!r) throw errors.notFound({ id });
  const w = (await repo.findWithPath(c.k.db, id))!;
  return received(w, w.orgName, r);
}
