import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { orgScopeSql, type Scope } from '../../kernel/access/index.js';
import { rows, type Executor } from '../../kernel/db.js';
import { orgs } from '../orgs/index.js';
import type { WarningState } from './warnings.model.js';
import { warningRecipients, warnings } from './warnings.tables.js';

export type WarningRow = typeof warnings.$inferSelect;
export type WarningItem = WarningRow & { orgPath: string; orgName: string };

export async function findWithPath(ex: Executor, id: string): Promise<WarningItem | undefined> {
  const [r] = await ex
    .select({ w: warnings, orgPath: orgs.path, orgName: orgs.name })
    .from(warnings)
    .innerJoin(orgs, eq(orgs.id, warnings.orgId))
    .where(eq(warnings.id, id))
    .limit(1);
  return r ? { ...r.w, orgPath: r.orgPath, orgName: r.orgName } : undefined;
}

export async function insert(ex: Executor, row: typeof warnings.$inferInsert): Promise<WarningRow> {
  const [r] = await ex.insert(warnings).values(row).returning();
  return r!;
}

/** Change a warning only if it is still in one of `from` (someone else may have acted). */
export async function updateIn(
  ex: Executor,
  id: string,
  from: WarningState[],
  patch: Partial<typeof warnings.$inferInsert>,
): Promise<WarningRow | undefined> {
  const [r] = await ex
    .update(warnings)
    .set(patch)
    .where(and(eq(warnings.id, id), sql`${warnings.state} = any(${`{${from.join(',')}}`}::text[])`))
    .returning();
  return r;
}

export interface Counts {
  recipients: number;
  acknowledged: number;
  read: number;
}

/** Warnings in scope, newest first, with their counts of recipients, reads and acknowledgements. */
export async function list(
  ex: Executor,
  scope: Scope,
  q: { state?: WarningState | undefined; page: number; pageSize: number },
) {
  const where: SQL[] = [orgScopeSql(scope, warnings.orgId)];
  if (q.state) where.push(eq(warnings.state, q.state));
  const cond = and(...where)!;
  const [items, total] = await Promise.all([
    ex
      .select({
        w: warnings,
        orgPath: orgs.path,
        orgName: orgs.name,
        recipients: sql<number>`(select count(*)::int from warning_recipients r where r.warning_id = ${warnings.id})`,
        read: sql<number>`(select count(*)::int from warning_recipients r where r.warning_id = ${warnings.id} and r.read_at is not null)`,
        acknowledged: sql<number>`(select count(*)::int from warning_recipients r where r.warning_id = ${warnings.id} and r.acknowledged_at is not null)`,
      })
      .from(warnings)
      .innerJoin(orgs, eq(orgs.id, warnings.orgId))
      .where(cond)
      .orderBy(desc(warnings.createdAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ex
      .select({ n: sql<number>`count(*)::int` })
      .from(warnings)
      .where(cond),
  ]);
  return {
    items: items.map((r) => ({
      item: { ...r.w, orgPath: r.orgPath, orgName: r.orgName },
      counts: { recipients: r.recipients, read: r.read, acknowledged: r.acknowledged },
    })),
    total: total[0]?.n ?? 0,
  };
}

export interface RecipientRow {
  userId: string;
  name: string;
  unitId: string;
  unitName: string;
  notifiedAt: Date | null;
  readAt: Date | null;
  acknowledgedAt: Date | null;
  remindRound: number;
}

/** Every recipient of a warning with their unit (10,000 rows read once for the summary). */
export async function recipientsOf(ex: Executor, warningId: string): Promise<RecipientRow[]> {
  const r = await rows<{
    user_id: string;
    name: string;
    unit_id: string;
    unit_name: string;
    notified_at: string | Date | null;
    read_at: string | Date | null;
    acknowledged_at: string | Date | null;
    remind_round: number;
  }>(
    ex,
    sql`select r.user_id, u.display_name as name, r.unit_id, o.name as unit_name, r.notified_at, r.read_at,
               r.acknowledged_at, r.remind_round
        from warning_recipients r join users u on u.id = r.user_id join orgs o on o.id = r.unit_id
        where r.warning_id = ${warningId} order by o.path, u.display_name`,
  );
  const d = (v: string | Date | null) => (v === null ? null : new Date(v));
  return r.map((x) => ({
    userId: x.user_id,
    name: x.name,
    unitId: x.unit_id,
    unitName: x.unit_name,
    notifiedAt: d(x.notified_at),
    readAt: d(x.read_at),
    acknowledgedAt: d(x.acknowledged_at),
    remindRound: Number(x.remind_round),
  }));
}

export async function recipient(ex: Executor, warningId: string, userId: string) {
  const [r] = await ex
    .select()
    .from(warningRecipients)
    .where(and(eq(warningRecipients.warningId, warningId), eq(warningRecipients.userId, userId)))
    .limit(1);
  return r;
}

/** The warnings a person received, newest first. */
export async function receivedBy(ex: Executor, userId: string, limit: number) {
  return ex
    .select({ w: warnings, orgName: orgs.name, r: warningRecipients })
    .from(warningRecipients)
    .innerJoin(warnings, eq(warnings.id, warningRecipients.warningId))
    .innerJoin(orgs, eq(orgs.id, warnings.orgId))
    .where(eq(warningRecipients.userId, userId))
    .orderBy(desc(warnings.sentAt))
    .limit(limit);
}
