import { and, count, desc, eq, gte, ilike, lte, or, type SQL } from 'drizzle-orm';
import { orgScopeSql, type Actor, type Scope } from '../access/index.js';
import type { Clock } from '../clock.js';
import { escapeLike, type Executor } from '../db.js';
import { newId } from '../ids.js';
import type { AuditAction, AuditTargetType } from '@anxiao/contracts';
import { auditLog } from './audit.tables.js';

export type { AuditAction, AuditTargetType };
/** The steps of the labelled actions under one prefix: `AuditActionIn<'drill'>` is 'scheduled' | … */
export type AuditActionIn<P extends string> = AuditAction extends infer A
  ? A extends `${P}.${infer Step}`
    ? Step
    : never
  : never;

export interface AuditEntry {
  /** one of the labelled actions (packages/contracts/src/audit.ts): a new one needs its labels there */
  action: AuditAction;
  targetType?: AuditTargetType;
  targetId?: string;
  orgId?: string | null;
  sensitive?: boolean;
  outcome?: 'ok' | 'denied' | 'failed';
  details?: Record<string, unknown>;
}

/** Append one audit record, in the caller's transaction when the action changes data. */
export async function audit(ex: Executor, clock: Clock, actor: Actor, e: AuditEntry): Promise<void> {
  await ex.insert(auditLog).values({
    id: newId(),
    at: clock.now(),
    actorId: actor.userId,
    actorName: actor.name,
    ip: actor.ip ?? null,
    userAgent: actor.userAgent?.slice(0, 300) ?? null,
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    orgId: e.orgId ?? null,
    sensitive: e.sensitive ?? false,
    outcome: e.outcome ?? 'ok',
    details: e.details ?? null,
  });
}

export interface AuditFilter {
  q?: string | undefined;
  actorId?: string | undefined;
  action?: string | undefined;
  targetType?: string | undefined;
  targetId?: string | undefined;
  sensitive?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page: number;
  pageSize: number;
}

/**
 * Records visible in the scope: those of organisations inside it; records with no organisation
 * (sign-ins, system actions) only to an actor whose scope is everything, or when they are the
 * actor's own.
 */
export async function listAudit(ex: Executor, scope: Scope, actor: Actor, f: AuditFilter) {
  const conds: SQL[] = [];
  const own = actor.userId ? eq(auditLog.actorId, actor.userId) : undefined;
  const inScope = orgScopeSql(scope, auditLog.orgId);
  conds.push(own ? (or(inScope, own) as SQL) : inScope);
  if (f.q) conds.push(ilike(auditLog.actorName, `%${escapeLike(f.q)}%`));
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.targetType) conds.push(eq(auditLog.targetType, f.targetType));
  if (f.targetId) conds.push(eq(auditLog.targetId, f.targetId));
  if (f.sensitive !== undefined) conds.push(eq(auditLog.sensitive, f.sensitive));
  if (f.from) conds.push(gte(auditLog.at, f.from));
  if (f.to) conds.push(lte(auditLog.at, f.to));
  const where = and(...conds);
  const [items, totals] = await Promise.all([
    ex
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    ex.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}
