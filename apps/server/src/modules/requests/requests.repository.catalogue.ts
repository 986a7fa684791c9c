import { aliasedTable, and, asc, eq, sql } from 'drizzle-orm';
import { type Executor } from '../../kernel/db.js';
import { grids } from '../grids/index.js';
import { requestCategories, requestRoutes, requestSettings } from './requests.tables.js';

/** A school's catalogue (categories), routing rules and settings. */

const unitGrid = aliasedTable(grids, 'unit_grid');

export async function categories(ex: Executor, schoolId: string, activeOnly: boolean) {
  return ex
    .select()
    .from(requestCategories)
    .where(
      and(
        eq(requestCategories.schoolId, schoolId),
        activeOnly ? eq(requestCategories.active, true) : undefined,
      ),
    )
    .orderBy(asc(requestCategories.sortOrder), asc(requestCategories.code));
}

export async function categoryById(ex: Executor, id: string) {
  const [r] = await ex.select().from(requestCategories).where(eq(requestCategories.id, id)).limit(1);
  return r;
}

export async function categoryByCode(ex: Executor, schoolId: string, code: string) {
  const [r] = await ex
    .select()
    .from(requestCategories)
    .where(and(eq(requestCategories.schoolId, schoolId), eq(requestCategories.code, code)))
    .limit(1);
  return r;
}

export async function insertCategories(ex: Executor, values: (typeof requestCategories.$inferInsert)[]) {
  if (values.length) await ex.insert(requestCategories).values(values);
}

export async function updateCategory(
  ex: Executor,
  id: string,
  version: number,
  set: Partial<typeof requestCategories.$inferInsert>,
) {
  const [r] = await ex
    .update(requestCategories)
    .set({ ...set, version: version + 1 })
    .where(and(eq(requestCategories.id, id), eq(requestCategories.version, version)))
    .returning();
  return r ?? null;
}

export async function routes(ex: Executor, schoolId: string) {
  return ex
    .select({
      route: requestRoutes,
      categoryName: requestCategories.name,
      categoryCode: requestCategories.code,
      unitName: sql<string>`coalesce((select u.name from orgs u where u.id = ${requestRoutes.unitOrgId}), ${unitGrid.name})`,
    })
    .from(requestRoutes)
    .innerJoin(requestCategories, eq(requestCategories.id, requestRoutes.categoryId))
    .leftJoin(unitGrid, eq(unitGrid.id, requestRoutes.unitGridId))
    .where(eq(requestRoutes.schoolId, schoolId))
    .orderBy(asc(requestCategories.sortOrder), asc(requestRoutes.scopePath));
}

export async function insertRoutes(ex: Executor, values: (typeof requestRoutes.$inferInsert)[]) {
  if (values.length) await ex.insert(requestRoutes).values(values);
}

export async function deleteRoute(ex: Executor, schoolId: string, id: string) {
  const r = await ex
    .delete(requestRoutes)
    .where(and(eq(requestRoutes.id, id), eq(requestRoutes.schoolId, schoolId)))
    .returning({ id: requestRoutes.id });
  return r.length > 0;
}

export async function routeById(ex: Executor, id: string) {
  const [r] = await ex.select().from(requestRoutes).where(eq(requestRoutes.id, id)).limit(1);
  return r;
}

export async function settings(ex: Executor, schoolId: string) {
  const [r] = await ex.select().from(requestSettings).where(eq(requestSettings.schoolId, schoolId)).limit(1);
  return r;
}

export async function saveSettings(ex: Executor, row: typeof requestSettings.$inferInsert) {
  await ex
    .insert(requestSettings)
    .values(row)
    .onConflictDoUpdate({
      target: requestSettings.schoolId,
      set: {
        calendar: row.calendar,
        weights: row.weights,
        open311PublicRead: row.open311PublicRead ?? false,
        updatedAt: row.updatedAt,
      },
    });
}

/** When any category last changed (Open311 discovery's changeset); null before there is one. */
export async function categoriesChangedAt(ex: Executor): Promise<Date | null> {
  const [r] = await ex
    .select({ at: sql<string | null>`max(${requestCategories.updatedAt})` })
    .from(requestCategories);
  return r?.at ? new Date(r.at) : null;
}
