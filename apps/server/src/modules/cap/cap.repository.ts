import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../kernel/access/index.js';
import { orgScopeSql } from '../../kernel/access/index.js';
import type { Executor } from '../../kernel/db.js';
import { orgs } from '../orgs/index.js';
import { capAlerts, capInbound, capInboundDeliveries, capRejects, capSubscriptions } from './cap.tables.js';

/** The only file that builds SQL for this module's tables. */

export type CapAlertRow = typeof capAlerts.$inferSelect;
export type SubscriptionRow = typeof capSubscriptions.$inferSelect;
export type InboundRow = typeof capInbound.$inferSelect;

// ---- published alerts ---------------------------------------------------------------------------

export function seriesOf(
  ex: Executor,
  source: 'warning' | 'incident',
  sourceId: string,
): Promise<CapAlertRow[]> {
  return ex
    .select()
    .from(capAlerts)
    .where(and(eq(capAlerts.source, source), eq(capAlerts.sourceId, sourceId)))
    .orderBy(asc(capAlerts.seq));
}

/** Written once: a second delivery of the same event finds the identifier taken and changes nothing. */
export async function insertAlert(ex: Executor, row: typeof capAlerts.$inferInsert): Promise<boolean> {
  const r = await ex.insert(capAlerts).values(row).onConflictDoNothing().returning({ id: capAlerts.id });
  return r.length > 0;
}

export async function alertByIdentifier(ex: Executor, identifier: string): Promise<CapAlertRow | undefined> {
  const [r] = await ex.select().from(capAlerts).where(eq(capAlerts.identifier, identifier)).limit(1);
  return r;
}

/**
 * The current alerts of an organisation's subtree: the latest message of each series, unless that
 * is a Cancel or it has expired. Newest first, at most `limit`.
 */
export function currentAlerts(
  ex: Executor,
  orgPath: string,
  now: Date,
  limit: number,
): Promise<CapAlertRow[]> {
  return ex
    .select()
    .from(capAlerts)
    .innerJoin(orgs, eq(orgs.id, capAlerts.orgId))
    .where(
      and(
        sql`${orgs.path} like ${orgPath} || '%'`,
        sql`${capAlerts.msgType} <> 'Cancel'`,
        sql`(${capAlerts.expires} is null or ${capAlerts.expires} > ${now.toISOString()}::timestamptz)`,
        sql`not exists (select 1 from cap_alerts l where l.source = ${capAlerts.source}
              and l.source_id = ${capAlerts.sourceId} and l.seq > ${capAlerts.seq})`,
      ),
    )
    .orderBy(desc(capAlerts.sent))
    .limit(limit)
    .then((r) => r.map((x) => x.cap_alerts));
}

// ---- subscriptions ----------------------------------------------------------------------------

export async function listSubscriptions(ex: Executor, scope: Scope) {
  return ex
    .select({ s: capSubscriptions, orgName: orgs.name })
    .from(capSubscriptions)
    .innerJoin(orgs, eq(orgs.id, capSubscriptions.orgId))
    .where(orgScopeSql(scope, orgs.id))
    .orderBy(asc(orgs.path), asc(capSubscriptions.createdAt))
    .limit(200);
}

export async function findSubscription(ex: Executor, scope: Scope, id: string) {
  const [r] = await ex
    .select({ s: capSubscriptions, orgPath: orgs.path, orgKind: orgs.kind })
    .from(capSubscriptions)
    .innerJoin(orgs, eq(orgs.id, capSubscriptions.orgId))
    .where(and(eq(capSubscriptions.id, id), orgScopeSql(scope, orgs.id)))
    .limit(1);
  return r;
}

export async function insertSubscription(ex: Executor, row: typeof capSubscriptions.$inferInsert) {
  const r = await ex.insert(capSubscriptions).values(row).onConflictDoNothing().returning();
  return r[0];
}

export async function deleteSubscription(ex: Executor, id: string): Promise<void> {
  await ex.delete(capSubscriptions).where(eq(capSubscriptions.id, id));
}

export async function countSubscriptions(ex: Executor, orgId: string): Promise<number> {
  const [r] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(capSubscriptions)
    .where(eq(capSubscriptions.orgId, orgId));
  return r?.n ?? 0;
}

export function dueSubscriptions(ex: Executor, before: Date, limit: number) {
  return ex
    .select({ id: capSubscriptions.id })
    .from(capSubscriptions)
    .where(
      sql`${capSubscriptions.lastFetchedAt} is null or ${capSubscriptions.lastFetchedAt} <= ${before.toISOString()}::timestamptz`,
    )
    .orderBy(sql`${capSubscriptions.lastFetchedAt} nulls first`)
    .limit(limit);
}

export async function recordFetch(
  ex: Executor,
  id: string,
  at: Date,
  result: { ok: true; fresh: number } | { ok: false; error: string },
): Promise<void> {
  await ex
    .update(capSubscriptions)
    .set(
      result.ok
        ? { lastFetchedAt: at, lastResult: 'ok', lastError: null, lastNew: result.fresh }
        : { lastFetchedAt: at, lastResult: 'error', lastError: result.error.slice(0, 500), lastNew: 0 },
    )
    .where(eq(capSubscriptions.id, id));
}

export async function recordReject(
  ex: Executor,
  row: { id: string; subscriptionId: string; url: string; reason: string; detail: string; at: Date },
): Promise<void> {
  await ex
    .insert(capRejects)
    .values(row)
    .onConflictDoUpdate({
      target: [capRejects.subscriptionId, capRejects.url],
      set: { reason: row.reason, detail: row.detail, at: row.at },
    });
}

export function rejectsOf(ex: Executor, subscriptionId: string, limit: number) {
  return ex
    .select()
    .from(capRejects)
    .where(eq(capRejects.subscriptionId, subscriptionId))
    .orderBy(desc(capRejects.at))
    .limit(limit);
}

// ---- received alerts --------------------------------------------------------------------------

export async function insertInbound(
  ex: Executor,
  row: typeof capInbound.$inferInsert,
): Promise<InboundRow | undefined> {
  const r = await ex.insert(capInbound).values(row).onConflictDoNothing().returning();
  return r[0];
}

/** Which of these addresses already brought an alert to this subscription. */
export async function knownUrls(ex: Executor, subscriptionId: string, urls: string[]): Promise<Set<string>> {
  if (!urls.length) return new Set();
  const r = await ex
    .select({ url: capInbound.url })
    .from(capInbound)
    .where(and(eq(capInbound.subscriptionId, subscriptionId), inArray(capInbound.url, urls)));
  return new Set(r.map((x) => x.url));
}

/** The info of the earliest message referred to that is kept (a Cancel without info borrows it). */
export async function referredInfo(ex: Executor, refs: { sender: string; identifier: string }[]) {
  if (!refs.length) return undefined;
  const [r] = await ex
    .select({ info: capInbound.info, status: capInbound.status })
    .from(capInbound)
    .where(
      sql`(${capInbound.sender}, ${capInbound.identifier}) in (${sql.join(
        refs.map((x) => sql`(${x.sender}, ${x.identifier})`),
        sql`, `,
      )})`,
    )
    .orderBy(asc(capInbound.sent))
    .limit(1);
  return r;
}

/** Schools already told of the messages referred to (a Cancel without an area goes to them). */
export async function schoolsTold(
  ex: Executor,
  refs: { sender: string; identifier: string }[],
): Promise<string[]> {
  if (!refs.length) return [];
  const r = await ex
    .selectDistinct({ schoolId: capInboundDeliveries.schoolId })
    .from(capInboundDeliveries)
    .where(
      sql`(${capInboundDeliveries.sender}, ${capInboundDeliveries.identifier}) in (${sql.join(
        refs.map((x) => sql`(${x.sender}, ${x.identifier})`),
        sql`, `,
      )})`,
    );
  return r.map((x) => x.schoolId);
}

/** Whether this school is newly told of this alert (true once per school, sender and identifier). */
export async function deliver(
  ex: Executor,
  row: { schoolId: string; sender: string; identifier: string; inboundId: string; at: Date },
): Promise<boolean> {
  const r = await ex
    .insert(capInboundDeliveries)
    .values(row)
    .onConflictDoNothing()
    .returning({ schoolId: capInboundDeliveries.schoolId });
  return r.length > 0;
}

export async function setInboundSchools(ex: Executor, id: string, schoolIds: string[]): Promise<void> {
  await ex.update(capInbound).set({ schoolIds }).where(eq(capInbound.id, id));
}

/** Schools (with a position) in an organisation's subtree. */
export function schoolsUnder(ex: Executor, orgPath: string) {
  return ex
    .select({ id: orgs.id, name: orgs.name, lon: orgs.lon, lat: orgs.lat })
    .from(orgs)
    .where(and(eq(orgs.kind, 'school'), sql`${orgs.path} like ${orgPath} || '%'`))
    .limit(5000);
}

export function listInbound(
  ex: Executor,
  scope: Scope,
  q: { subscriptionId?: string; limit: number; offset: number },
) {
  const where = and(
    orgScopeSql(scope, orgs.id),
    q.subscriptionId ? eq(capInbound.subscriptionId, q.subscriptionId) : undefined,
  );
  return Promise.all([
    ex
      .select({ a: capInbound, subscriptionName: capSubscriptions.name })
      .from(capInbound)
      .innerJoin(orgs, eq(orgs.id, capInbound.orgId))
      .innerJoin(capSubscriptions, eq(capSubscriptions.id, capInbound.subscriptionId))
      .where(where)
      .orderBy(desc(capInbound.receivedAt), desc(capInbound.sent))
      .limit(q.limit)
      .offset(q.offset),
    ex
      .select({ n: sql<number>`count(*)::int` })
      .from(capInbound)
      .innerJoin(orgs, eq(orgs.id, capInbound.orgId))
      .where(where)
      .then((r) => r[0]?.n ?? 0),
  ]);
}
