import { and, asc, count, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { orgScopeSql, type Scope } from '../../kernel/access/index.js';
import { escapeLike, rows, type Executor } from '../../kernel/db.js';
import type { EquipmentFilter, PlaceFilter } from './places.schemas.js';
import { equipment, places } from './places.tables.js';

export type PlaceRow = typeof places.$inferSelect;
export type EquipmentRow = typeof equipment.$inferSelect;

// Qualified by hand: drizzle leaves columns unqualified in a single-table select, and inside the
// sub-select an unqualified parent_id would be the sub-select's own.
const parentName = sql<string | null>`(select pp.name from places pp where pp.id = "places"."parent_id")`;

function placeWhere(scope: Scope, f: Omit<PlaceFilter, 'page' | 'pageSize'>): SQL | undefined {
  return and(
    orgScopeSql(scope, places.orgId),
    f.schoolId ? eq(places.schoolId, f.schoolId) : undefined,
    f.kind ? eq(places.kind, f.kind) : undefined,
    f.parentId ? eq(places.parentId, f.parentId) : undefined,
    f.within
      ? sql`${places.path} like (select w.path from places w where w.id = ${f.within}) || '_%'`
      : undefined,
    f.use ? eq(places.use, f.use) : undefined,
    f.keyPart !== undefined ? eq(places.keyPart, f.keyPart) : undefined,
    f.q
      ? or(ilike(places.name, `%${escapeLike(f.q)}%`), ilike(places.code, `%${escapeLike(f.q)}%`))
      : undefined,
  );
}

export async function listPlaces(ex: Executor, scope: Scope, f: PlaceFilter, limit = f.pageSize) {
  const where = placeWhere(scope, f);
  const [items, [totalRow]] = await Promise.all([
    ex
      .select({ place: places, parentName })
      .from(places)
      .where(where)
      .orderBy(asc(places.kind), asc(places.code))
      .limit(limit)
      .offset((f.page - 1) * f.pageSize),
    ex.select({ n: count() }).from(places).where(where),
  ]);
  return { items, total: totalRow?.n ?? 0 };
}

/** Places matching a condition another module builds (a grid's coverage), ordered by code. */
export async function listPlacesWhere(ex: Executor, where: SQL, limit: number) {
  return ex
    .select({ place: places, parentName })
    .from(places)
    .where(where)
    .orderBy(asc(places.code))
    .limit(limit);
}

export async function findPlaceInScope(ex: Executor, scope: Scope, id: string) {
  const [r] = await ex
    .select({ place: places, parentName })
    .from(places)
    .where(and(eq(places.id, id), orgScopeSql(scope, places.orgId)))
    .limit(1);
  return r;
}

export async function findPlaceByCode(ex: Executor, schoolId: string, code: string) {
  const [r] = await ex
    .select()
    .from(places)
    .where(and(eq(places.schoolId, schoolId), eq(places.code, code)))
    .limit(1);
  return r;
}

export async function placesOfSchool(ex: Executor, schoolId: string): Promise<PlaceRow[]> {
  return ex.select().from(places).where(eq(places.schoolId, schoolId));
}

export async function placesByIds(ex: Executor, ids: string[]): Promise<PlaceRow[]> {
  if (!ids.length) return [];
  return ex.select().from(places).where(inArray(places.id, ids));
}

export async function insertPlaces(ex: Executor, rows: (typeof places.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await ex.insert(places).values(rows.slice(i, i + 500));
}

export async function updatePlace(ex: Executor, id: string, patch: Partial<typeof places.$inferInsert>) {
  const [r] = await ex.update(places).set(patch).where(eq(places.id, id)).returning();
  return r!;
}

function equipmentWhere(scope: Scope, f: Omit<EquipmentFilter, 'page' | 'pageSize'>, today: string) {
  return and(
    orgScopeSql(scope, equipment.orgId),
    f.schoolId ? eq(equipment.schoolId, f.schoolId) : undefined,
    f.kind ? eq(equipment.kind, f.kind) : undefined,
    f.status ? eq(equipment.status, f.status) : undefined,
    f.within
      ? sql`${equipment.placeId} in (select p.id from places p where p.path like (select w.path from places w where w.id = ${f.within}) || '%')`
      : undefined,
    f.due === 'overdue' ? sql`${equipment.nextInspectionDue} < ${today}::date` : undefined,
    f.due === '30d' ? sql`${equipment.nextInspectionDue} <= ${today}::date + 30` : undefined,
    f.q
      ? or(ilike(equipment.name, `%${escapeLike(f.q)}%`), ilike(equipment.code, `%${escapeLike(f.q)}%`))
      : undefined,
  );
}

export async function listEquipment(
  ex: Executor,
  scope: Scope,
  f: EquipmentFilter,
  today: string,
  limit = f.pageSize,
) {
  const where = equipmentWhere(scope, f, today);
  const [items, [totalRow]] = await Promise.all([
    ex
      .select({ equipment, placeName: places.name, placeCode: places.code })
      .from(equipment)
      .leftJoin(places, eq(places.id, equipment.placeId))
      .where(where)
      .orderBy(asc(equipment.nextInspectionDue), asc(equipment.code))
      .limit(limit)
      .offset((f.page - 1) * f.pageSize),
    ex.select({ n: count() }).from(equipment).where(where),
  ]);
  return { items, total: totalRow?.n ?? 0 };
}

export async function findEquipmentInScope(ex: Executor, scope: Scope, id: string) {
  const [r] = await ex
    .select({ equipment, placeName: places.name, placeCode: places.code })
    .from(equipment)
    .leftJoin(places, eq(places.id, equipment.placeId))
    .where(and(eq(equipment.id, id), orgScopeSql(scope, equipment.orgId)))
    .limit(1);
  return r;
}

export async function equipmentOfSchool(ex: Executor, schoolId: string): Promise<EquipmentRow[]> {
  return ex.select().from(equipment).where(eq(equipment.schoolId, schoolId));
}

export async function upsertEquipment(ex: Executor, rows: (typeof equipment.$inferInsert)[]): Promise<void> {
  if (!rows.length) return;
  await ex
    .insert(equipment)
    .values(rows)
    .onConflictDoUpdate({
      target: [equipment.schoolId, equipment.code],
      set: {
        placeId: sql`excluded.place_id`,
        kind: sql`excluded.kind`,
        name: sql`excluded.name`,
        model: sql`excluded.model`,
        quantity: sql`excluded.quantity`,
        status: sql`excluded.status`,
        lastInspectedOn: sql`excluded.last_inspected_on`,
        nextInspectionDue: sql`excluded.next_inspection_due`,
        notes: sql`excluded.notes`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

export async function updateEquipment(
  ex: Executor,
  id: string,
  patch: Partial<typeof equipment.$inferInsert>,
) {
  const [r] = await ex.update(equipment).set(patch).where(eq(equipment.id, id)).returning();
  return r!;
}

/** Equipment needing attention per building (faulty, expired or inspection overdue). */
export async function attentionByBuilding(ex: Executor, schoolId: string, today: string) {
  return rows<{ building_id: string; n: number }>(
    ex,
    sql`
    select b.id as building_id, count(e.id)::int as n
    from places b
    join places p on p.path like b.path || '%'
    join equipment e on e.place_id = p.id
    where b.school_id = ${schoolId} and b.kind = 'building'
      and (e.status in ('faulty', 'expired') or e.next_inspection_due < ${today}::date)
    group by b.id`,
  );
}

/** Is an equipment code already used in the school? */
export async function equipmentCodeTaken(ex: Executor, schoolId: string, code: string): Promise<boolean> {
  const r = await ex
    .select({ id: equipment.id })
    .from(equipment)
    .where(and(eq(equipment.schoolId, schoolId), eq(equipment.code, code)))
    .limit(1);
  return r.length > 0;
}

/** A piece of equipment was checked on `on` (China date): its next check, and faulty when it failed. */
export async function recordInspection(
  ex: Executor,
  id: string,
  input: { on: string; next: string; faulty: boolean; at: Date },
) {
  await ex
    .update(equipment)
    .set({
      lastInspectedOn: input.on,
      nextInspectionDue: input.next,
      status: input.faulty ? 'faulty' : 'normal',
      updatedAt: input.at,
    })
    .where(and(eq(equipment.id, id), sql`${equipment.status} <> 'retired'`));
}

/** A school's buildings, gates and areas in use, with their outlines (to place a phone's fix). */
export async function locatableOfSchool(ex: Executor, schoolId: string) {
  return ex
    .select({
      id: places.id,
      kind: places.kind,
      code: places.code,
      name: places.name,
      outline: places.outline,
      lon: places.lon,
      lat: places.lat,
    })
    .from(places)
    .where(
      and(
        eq(places.schoolId, schoolId),
        eq(places.status, 'active'),
        inArray(places.kind, ['building', 'gate', 'area']),
      ),
    );
}
