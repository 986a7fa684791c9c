import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { orgScopeSql, type Scope } from '../../kernel/access/index.js';
import type { Executor } from '../../kernel/db.js';
import { orgLinks, orgs } from './orgs.tables.js';

export type OrgRow = typeof orgs.$inferSelect;

export async function listInScope(ex: Executor, scope: Scope): Promise<OrgRow[]> {
  return ex.select().from(orgs).where(orgScopeSql(scope, orgs.id)).orderBy(asc(orgs.path), asc(orgs.sort));
}

export async function findInScope(ex: Executor, scope: Scope, id: string): Promise<OrgRow | undefined> {
  const [r] = await ex
    .select()
    .from(orgs)
    .where(and(eq(orgs.id, id), orgScopeSql(scope, orgs.id)))
    .limit(1);
  return r;
}

export async function findById(ex: Executor, id: string): Promise<OrgRow | undefined> {
  const [r] = await ex.select().from(orgs).where(eq(orgs.id, id)).limit(1);
  return r;
}

export async function findByCode(ex: Executor, code: string): Promise<OrgRow | undefined> {
  const [r] = await ex.select().from(orgs).where(eq(orgs.code, code)).limit(1);
  return r;
}

export async function insert(ex: Executor, row: typeof orgs.$inferInsert): Promise<OrgRow> {
  const [r] = await ex.insert(orgs).values(row).returning();
  return r!;
}

export async function update(
  ex: Executor,
  id: string,
  patch: Partial<typeof orgs.$inferInsert>,
): Promise<OrgRow> {
  const [r] = await ex.update(orgs).set(patch).where(eq(orgs.id, id)).returning();
  return r!;
}

export async function pathOf(ex: Executor, id: string): Promise<string | null> {
  const [r] = await ex.select({ path: orgs.path }).from(orgs).where(eq(orgs.id, id)).limit(1);
  return r?.path ?? null;
}

/** Paths of the schools linked (by `kind`) to any of the given authorities, keyed by authority id. */
export async function linkedPaths(
  ex: Executor,
  fromIds: string[],
  kind: 'jurisdiction' | 'supervision',
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (fromIds.length === 0) return out;
  const r = await ex
    .select({ from: orgLinks.fromOrgId, path: orgs.path })
    .from(orgLinks)
    .innerJoin(orgs, eq(orgs.id, orgLinks.toOrgId))
    .where(and(eq(orgLinks.kind, kind), inArray(orgLinks.fromOrgId, fromIds)));
  for (const x of r) out.set(x.from, [...(out.get(x.from) ?? []), x.path]);
  return out;
}

export async function insertLink(ex: Executor, row: typeof orgLinks.$inferInsert): Promise<void> {
  await ex.insert(orgLinks).values(row).onConflictDoNothing();
}

export async function listLinksInScope(ex: Executor, scope: Scope) {
  return ex
    .select({
      id: orgLinks.id,
      kind: orgLinks.kind,
      fromOrgId: orgLinks.fromOrgId,
      toOrgId: orgLinks.toOrgId,
    })
    .from(orgLinks)
    .where(sql`${orgScopeSql(scope, orgLinks.fromOrgId)} or ${orgScopeSql(scope, orgLinks.toOrgId)}`);
}

/** The school an organisation belongs to (itself if it is one), or undefined. */
export async function schoolOf(ex: Executor, orgId: string): Promise<OrgRow | undefined> {
  const [r] = await ex
    .select()
    .from(orgs)
    .where(
      and(
        eq(orgs.kind, 'school'),
        sql`(select p.path from orgs p where p.id = ${orgId}) like ${orgs.path} || '%'`,
      ),
    )
    .limit(1);
  return r;
}

/** Organisations under a root (itself included), for resolving codes during imports. */
export async function listSubtree(ex: Executor, rootPath: string): Promise<OrgRow[]> {
  return ex
    .select()
    .from(orgs)
    .where(sql`${orgs.path} like ${rootPath} || '%'`)
    .orderBy(asc(orgs.path));
}
