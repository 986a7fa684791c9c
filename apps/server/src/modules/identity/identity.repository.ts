import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { orgScopeSql, type Scope } from '../../kernel/access/index.js';
import type { Role } from '../../kernel/access/index.js';
import type { Executor } from '../../kernel/db.js';
import { escapeLike, rows } from '../../kernel/db.js';
import { orgs } from '../orgs/index.js';
import { memberships, sessions, users } from './identity.tables.js';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByUsername(ex: Executor, username: string): Promise<UserRow | undefined> {
  const [u] = await ex.select().from(users).where(eq(users.username, username)).limit(1);
  return u;
}

export async function findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  const [u] = await ex.select().from(users).where(eq(users.id, id)).limit(1);
  return u;
}

export async function findUserInScope(ex: Executor, scope: Scope, id: string): Promise<UserRow | undefined> {
  const [u] = await ex
    .select()
    .from(users)
    .where(and(eq(users.id, id), orgScopeSql(scope, users.orgId)))
    .limit(1);
  return u;
}

export async function updateUser(
  ex: Executor,
  id: string,
  patch: Partial<typeof users.$inferInsert>,
): Promise<void> {
  await ex.update(users).set(patch).where(eq(users.id, id));
}

export async function insertUser(ex: Executor, row: typeof users.$inferInsert): Promise<void> {
  await ex.insert(users).values(row);
}

export interface MembershipWithOrg {
  id: string;
  userId: string;
  orgId: string;
  orgName: string;
  orgPath: string;
  orgKind: string;
  role: Role;
}

export async function membershipsOf(ex: Executor, userIds: string[]): Promise<MembershipWithOrg[]> {
  if (userIds.length === 0) return [];
  return ex
    .select({
      id: memberships.id,
      userId: memberships.userId,
      orgId: memberships.orgId,
      orgName: orgs.name,
      orgPath: orgs.path,
      orgKind: orgs.kind,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(inArray(memberships.userId, userIds))
    .orderBy(asc(orgs.path));
}

export async function replaceMemberships(
  ex: Executor,
  userId: string,
  rows: { id: string; orgId: string; role: Role; createdAt: Date }[],
): Promise<void> {
  await ex.delete(memberships).where(eq(memberships.userId, userId));
  if (rows.length) await ex.insert(memberships).values(rows.map((r) => ({ ...r, userId })));
}

export interface UserFilter {
  q?: string | undefined;
  orgId?: string | undefined;
  role?: Role | undefined;
  status?: 'active' | 'disabled' | undefined;
  page: number;
  pageSize: number;
}

/**
 * Users in `scope` matching the filter. Text matches the username and display name; it matches the
 * phone only for users in `phoneScope` (those whose number the reader sees in full), so a masked
 * number cannot be found out by searching for it.
 */

export async function listUsers(ex: Executor, scope: Scope, f: UserFilter, phoneScope: Scope | null) {
  const conds: SQL[] = [orgScopeSql(scope, users.orgId)];
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`;
    const byPhone = phoneScope
      ? and(ilike(users.phone, like), orgScopeSql(phoneScope, users.orgId))
      : undefined;
    conds.push(or(ilike(users.username, like), ilike(users.displayName, like), byPhone) as SQL);
  }
  if (f.orgId) {
    conds.push(
      sql`${users.orgId} in (select o.id from orgs o where o.path like (select p.path from orgs p where p.id = ${f.orgId}) || '%')`,
    );
  }
  if (f.role) {
    conds.push(
      sql`exists (select 1 from memberships m where m.user_id = ${users.id} and m.role = ${f.role})`,
    );
  }
  if (f.status) conds.push(eq(users.status, f.status));
  const where = and(...conds);
  const [items, totals] = await Promise.all([
    ex
      .select({ user: users, orgName: orgs.name, orgPath: orgs.path })
      .from(users)
      .innerJoin(orgs, eq(orgs.id, users.orgId))
      .where(where)
      // Staff before students: an administrator looks for colleagues far more often.
      .orderBy(
        desc(
          sql`exists (select 1 from memberships m where m.user_id = ${users.id} and m.role <> 'reporter')`,
        ),
        asc(users.username),
      )
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    ex.select({ n: count() }).from(users).where(where),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

export async function orgNameOf(ex: Executor, orgId: string): Promise<string> {
  const [o] = await ex.select({ name: orgs.name }).from(orgs).where(eq(orgs.id, orgId)).limit(1);
  return o?.name ?? '';
}

export async function insertSession(ex: Executor, row: typeof sessions.$inferInsert): Promise<void> {
  await ex.insert(sessions).values(row);
}

export async function findSession(ex: Executor, id: string): Promise<SessionRow | undefined> {
  const [s] = await ex.select().from(sessions).where(eq(sessions.id, id)).limit(1);
  return s;
}

export async function findSessions(ex: Executor, ids: string[]): Promise<SessionRow[]> {
  if (ids.length === 0) return [];
  return ex.select().from(sessions).where(inArray(sessions.id, ids));
}

export async function findUsersByIds(ex: Executor, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return ex.select().from(users).where(inArray(users.id, ids));
}

export async function touchSession(ex: Executor, id: string, at: Date): Promise<void> {
  await ex.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, id));
}

export async function deleteSession(ex: Executor, id: string): Promise<void> {
  await ex.delete(sessions).where(eq(sessions.id, id));
}

export async function deleteSessionsOf(ex: Executor, userId: string, except?: string): Promise<void> {
  await ex
    .delete(sessions)
    .where(
      except
        ? and(eq(sessions.userId, userId), sql`${sessions.id} <> ${except}`)
        : eq(sessions.userId, userId),
    );
}

export async function deleteExpiredSessions(ex: Executor, now: Date, idleCutoff: Date): Promise<void> {
  await ex
    .delete(sessions)
    .where(
      sql`${sessions.expiresAt} < ${now.toISOString()}::timestamptz or ${sessions.lastSeenAt} < ${idleCutoff.toISOString()}::timestamptz`,
    );
}

/** Active users who handle a unit's requests: its department's staff, or the grid's leader and members. */
export async function unitUsers(ex: Executor, unit: { orgId: string | null; gridId: string | null }) {
  if (unit.gridId) {
    const r = await rows<{ id: string }>(
      ex,
      sql`select leader_user_id as id from grids where id = ${unit.gridId} and leader_user_id is not null
          union select user_id from grid_members where grid_id = ${unit.gridId}`,
    );
    return r.map((x) => x.id);
  }
  if (!unit.orgId) return [];
  const r = await rows<{ id: string }>(
    ex,
    sql`select u.id from users u join orgs o on o.id = u.org_id
        where u.status = 'active' and o.path like (select p.path from orgs p where p.id = ${unit.orgId}) || '%'
          and exists (select 1 from memberships m where m.user_id = u.id
                      and m.role in ('grid_center', 'guard', 'counselor', 'school_admin', 'grid_leader', 'grid_worker'))`,
  );
  return r.map((x) => x.id);
}

/** Active users holding one of the roles in a school. */
export async function schoolUsersWithRoles(ex: Executor, schoolId: string, roles: string[]) {
  const r = await rows<{ user_id: string }>(
    ex,
    sql`select distinct m.user_id from memberships m
          join orgs o on o.id = m.org_id
          join users u on u.id = m.user_id and u.status = 'active'
        where m.role = any(${`{${roles.join(',')}}`}::text[])
          and o.path like (select s.path from orgs s where s.id = ${schoolId}) || '%'`,
  );
  return r.map((x) => x.user_id);
}

export async function homeOrgPath(ex: Executor, userId: string) {
  const [r] = await rows<{ path: string }>(
    ex,
    sql`select o.path from users u join orgs o on o.id = u.org_id where u.id = ${userId}`,
  );
  return r?.path ?? null;
}
