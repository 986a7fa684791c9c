import { and, asc, eq, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import { gridScopeSql, type GridPosition, type Scope } from '../../kernel/access/index.js';
import { escapeLike, rows, type Executor } from '../../kernel/db.js';
import { users } from '../identity/index.js';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';
import { students } from '../people/index.js';
import type { GridFilter } from './grids.schemas.js';
import { gridBindings, gridMembers, grids } from './grids.tables.js';

export type GridRow = typeof grids.$inferSelect;

const gridColumns = {
  grid: grids,
  orgName: orgs.name,
  orgPath: orgs.path,
  leaderName: users.displayName,
  leaderPhone: users.phone,
  memberCount: sql<number>`(select count(*)::int from grid_members m where m.grid_id = ${grids.id})`,
  childCount: sql<number>`(select count(*)::int from grids c where c.parent_id = ${grids.id})`,
};
export type GridListItem = Awaited<ReturnType<typeof listGrids>>[number];

function gridListWhere(scope: Scope, f: GridFilter) {
  return and(
    gridScopeSql(scope, grids.orgId, grids.path),
    f.schoolId ? eq(grids.schoolId, f.schoolId) : undefined,
    f.kind ? eq(grids.kind, f.kind) : undefined,
    f.level ? eq(grids.level, f.level) : undefined,
    f.parentId ? eq(grids.parentId, f.parentId) : undefined,
    f.roots === 'true'
      ? or(
          isNull(grids.parentId),
          sql`not exists (select 1 from grids gp where gp.id = ${grids.parentId}
                 and ${gridScopeSql(scope, sql`gp.org_id`, sql`gp.path`)})`,
        )
      : undefined,
    f.q
      ? or(
          ilike(grids.name, `%${escapeLike(f.q)}%`),
          ilike(grids.code, `%${escapeLike(f.q)}%`),
          ilike(users.displayName, `%${escapeLike(f.q)}%`),
        )
      : undefined,
  );
}

/** The grids matching a filter, ordered by tree path: all (up to `limit`), or one page of them. */
export async function listGrids(ex: Executor, scope: Scope, f: GridFilter, limit = 10_000) {
  const pageSize = f.pageSize ?? limit;
  return ex
    .select(gridColumns)
    .from(grids)
    .innerJoin(orgs, eq(orgs.id, grids.orgId))
    .leftJoin(users, eq(users.id, grids.leaderUserId))
    .where(gridListWhere(scope, f))
    .orderBy(asc(grids.path))
    .limit(pageSize)
    .offset(f.pageSize ? ((f.page ?? 1) - 1) * pageSize : 0);
}

export async function countGrids(ex: Executor, scope: Scope, f: GridFilter): Promise<number> {
  const [r] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(grids)
    .leftJoin(users, eq(users.id, grids.leaderUserId))
    .where(gridListWhere(scope, f));
  return r?.n ?? 0;
}

/** The grids with these ids that the scope sees, ordered by tree path. */
export async function gridsByIds(ex: Executor, scope: Scope, ids: string[]) {
  if (!ids.length) return [];
  return ex
    .select(gridColumns)
    .from(grids)
    .innerJoin(orgs, eq(orgs.id, grids.orgId))
    .leftJoin(users, eq(users.id, grids.leaderUserId))
    .where(and(inArray(grids.id, ids), gridScopeSql(scope, grids.orgId, grids.path)))
    .orderBy(asc(grids.path));
}

export async function findGridInScope(ex: Executor, scope: Scope, id: string) {
  const [r] = await ex
    .select(gridColumns)
    .from(grids)
    .innerJoin(orgs, eq(orgs.id, grids.orgId))
    .leftJoin(users, eq(users.id, grids.leaderUserId))
    .where(and(eq(grids.id, id), gridScopeSql(scope, grids.orgId, grids.path)))
    .limit(1);
  return r;
}

export async function findGridByCode(ex: Executor, schoolId: string, code: string) {
  const [r] = await ex
    .select()
    .from(grids)
    .where(and(eq(grids.schoolId, schoolId), eq(grids.code, code)))
    .limit(1);
  return r;
}

export async function gridsOfSchool(ex: Executor, schoolId: string): Promise<GridRow[]> {
  return ex.select().from(grids).where(eq(grids.schoolId, schoolId)).orderBy(asc(grids.path));
}

export async function ancestorsOf(ex: Executor, path: string) {
  const ids = path.split('/').filter(Boolean).slice(0, -1);
  if (!ids.length) return [];
  const r = await ex
    .select({ id: grids.id, name: grids.name, level: grids.level, path: grids.path })
    .from(grids)
    .where(inArray(grids.id, ids));
  return r.sort((a, b) => a.path.length - b.path.length).map(({ id, name, level }) => ({ id, name, level }));
}

export async function insertGrids(ex: Executor, values: (typeof grids.$inferInsert)[]) {
  for (let i = 0; i < values.length; i += 500) await ex.insert(grids).values(values.slice(i, i + 500));
}

export async function updateGrid(ex: Executor, id: string, patch: Partial<typeof grids.$inferInsert>) {
  const [r] = await ex.update(grids).set(patch).where(eq(grids.id, id)).returning();
  return r!;
}

export async function deleteGrid(ex: Executor, id: string) {
  await ex.delete(grids).where(eq(grids.id, id));
}

export async function bindingsOf(ex: Executor, gridId: string) {
  return ex
    .select({
      id: gridBindings.id,
      orgId: gridBindings.orgId,
      orgName: orgs.name,
      placeId: gridBindings.placeId,
      placeName: places.name,
      placeCode: places.code,
    })
    .from(gridBindings)
    .leftJoin(orgs, eq(orgs.id, gridBindings.orgId))
    .leftJoin(places, eq(places.id, gridBindings.placeId))
    .where(eq(gridBindings.gridId, gridId))
    .orderBy(asc(places.code), asc(orgs.code));
}

export async function replaceBindings(
  ex: Executor,
  gridId: string,
  values: (typeof gridBindings.$inferInsert)[],
) {
  await ex.delete(gridBindings).where(eq(gridBindings.gridId, gridId));
  for (let i = 0; i < values.length; i += 500) await ex.insert(gridBindings).values(values.slice(i, i + 500));
}

export async function insertBindings(ex: Executor, values: (typeof gridBindings.$inferInsert)[]) {
  for (let i = 0; i < values.length; i += 500) await ex.insert(gridBindings).values(values.slice(i, i + 500));
}

export async function membersOf(ex: Executor, gridId: string) {
  return ex
    .select({
      userId: gridMembers.userId,
      name: users.displayName,
      phone: users.phone,
      position: gridMembers.position,
    })
    .from(gridMembers)
    .innerJoin(users, eq(users.id, gridMembers.userId))
    .where(eq(gridMembers.gridId, gridId))
    .orderBy(asc(gridMembers.createdAt));
}

export async function upsertMembers(ex: Executor, values: (typeof gridMembers.$inferInsert)[]) {
  if (!values.length) return;
  await ex
    .insert(gridMembers)
    .values(values)
    .onConflictDoUpdate({
      target: [gridMembers.gridId, gridMembers.userId],
      set: { position: sql`excluded.position` },
    });
}

export async function removeMember(ex: Executor, gridId: string, userId: string) {
  const r = await ex
    .delete(gridMembers)
    .where(and(eq(gridMembers.gridId, gridId), eq(gridMembers.userId, userId)))
    .returning({ id: gridMembers.id });
  return r.length > 0;
}

export async function membersOfSchool(ex: Executor, schoolId: string) {
  return ex
    .select({ gridId: gridMembers.gridId, userId: gridMembers.userId, position: gridMembers.position })
    .from(gridMembers)
    .innerJoin(grids, eq(grids.id, gridMembers.gridId))
    .where(eq(grids.schoolId, schoolId));
}

/** The grids a user leads or works in: their reach in the grid tree. */
/** The grids each of the users leads or works in, in one query. */
export async function positionsOf(ex: Executor, userIds: string[]): Promise<Map<string, GridPosition[]>> {
  const out = new Map<string, GridPosition[]>();
  if (userIds.length === 0) return out;
  const ids = sql.join(
    userIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const r = await rows<{ user_id: string; grid_id: string; path: string; position: 'leader' | 'member' }>(
    ex,
    sql`select leader_user_id as user_id, id as grid_id, path, 'leader' as position from grids where leader_user_id in (${ids})
        union all
        select m.user_id, g.id, g.path, 'member' from grid_members m join grids g on g.id = m.grid_id where m.user_id in (${ids})`,
  );
  for (const x of r)
    out.set(x.user_id, [
      ...(out.get(x.user_id) ?? []),
      { gridId: x.grid_id, gridPath: x.path, position: x.position },
    ]);
  return out;
}

/**
 * The dormitory bindings: each enrolled student of a school with the path of the room their bed
 * is in (null for a day student). The one source of residents, for the coverage report and the map.
 */
function enrolledWithBeds(schoolId: string) {
  return sql`select s.id, s.student_no, s.name, s.org_id, p.path as bed_path
    from students s left join places p on p.id = s.bed_place_id
    where s.school_id = ${schoolId} and s.status = 'enrolled'`;
}

/**
 * Everything the coverage report weighs, for one school, in one statement (one round trip and one
 * connection, where four queries took four): its grids (in tree order), their bindings' paths, the
 * active rooms and the enrolled students with the room of their bed. Rows come as JSON arrays, the
 * most compact shape a driver parses at once.
 */
export async function coverageInputs(ex: Executor, schoolId: string) {
  const [r] = await rows<{
    grids: [string, string, string, GridRow['kind'], GridRow['level'], string | null][];
    bindings: [string, string | null, string | null][];
    rooms: [string, string, string, string, string][];
    students: [string, string, string, string, string | null][];
    seq: string | number;
  }>(
    ex,
    sql`with g as (
          select id, code, name, kind, level, leader_user_id, path from grids where school_id = ${schoolId}
        ), b as (
          select b.grid_id, o.path as org_path, p.path as place_path
          from grid_bindings b join grids g on g.id = b.grid_id
          left join orgs o on o.id = b.org_id left join places p on p.id = b.place_id
          where g.school_id = ${schoolId}
        ), r as (
          select p.id, p.code, p.name, p.path, o.path as org_path
          from places p join orgs o on o.id = p.org_id
          where p.school_id = ${schoolId} and p.kind = 'room' and p.status = 'active'
        ), s as (
          select e.id, e.student_no, e.name, o.path as class_path, e.bed_path
          from (${enrolledWithBeds(schoolId)}) e join orgs o on o.id = e.org_id
        )
        select
          (select coalesce(json_agg(json_build_array(id, code, name, kind, level, leader_user_id) order by path), '[]') from g) as grids,
          (select coalesce(json_agg(json_build_array(grid_id, org_path, place_path)), '[]') from b) as bindings,
          (select coalesce(json_agg(json_build_array(id, code, name, path, org_path)), '[]') from r) as rooms,
          (select coalesce(json_agg(json_build_array(id, student_no, name, class_path, bed_path)), '[]') from s) as students,
          (select coalesce(max(seq), 0) from events) as seq`,
  );
  const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
  return {
    /** the highest published event this statement's snapshot saw (see coverageReports) */
    seq: Number(r!.seq),
    grids: parse(r!.grids).map(([id, code, name, kind, level, leaderUserId]) => ({
      id,
      code,
      name,
      kind,
      level,
      leaderUserId,
    })),
    bindings: parse(r!.bindings).map(([gridId, orgPath, placePath]) => ({ gridId, orgPath, placePath })),
    rooms: parse(r!.rooms).map(([id, code, name, path, orgPath]) => ({ id, code, name, path, orgPath })),
    students: parse(r!.students).map(([id, studentNo, name, classPath, bedPath]) => ({
      id,
      studentNo,
      name,
      classPath,
      bedPath,
    })),
  };
}

/**
 * Residents (students with a bed inside) per building of a school, or of one building. Buildings
 * sit at the top of the place tree (`canHold`), so a bed's building is the first segment of its
 * path: an equality the planner can hash, where a prefix match compared every bed with every building.
 */
export async function residentsByBuilding(ex: Executor, schoolId: string, buildingId?: string) {
  return rows<{ building_id: string; n: number }>(
    ex,
    sql`select b.id as building_id, count(e.id)::int as n
        from (${enrolledWithBeds(schoolId)}) e
        join places b on b.school_id = ${schoolId} and b.kind = 'building'
          and b.path = substring(e.bed_path from '^/[^/]+/')
        ${buildingId ? sql`where b.id = ${buildingId}` : sql``}
        group by b.id`,
  );
}

/** Students covered by a grid's bindings (its classes, colleges, rooms or buildings). */
export function studentsOfGridSql(gridId: string) {
  return sql`${students.id} in (
    select s.id from students s
      join orgs so on so.id = s.org_id
      left join places sp on sp.id = s.bed_place_id
      join grid_bindings b on b.grid_id = ${gridId}
      left join orgs bo on bo.id = b.org_id
      left join places bp on bp.id = b.place_id
    where (bo.path is not null and so.path like bo.path || '%')
       or (bp.path is not null and sp.path like bp.path || '%'))`;
}

export async function gridStats(ex: Executor, gridId: string) {
  const [r] = await rows<{ rooms: number; students: number }>(
    ex,
    sql`select
      (select count(*)::int from places p where p.kind = 'room' and exists (
         select 1 from grid_bindings b left join places bp on bp.id = b.place_id left join orgs bo on bo.id = b.org_id
         where b.grid_id = ${gridId} and ((bp.path is not null and p.path like bp.path || '%')
           or (bo.path is not null and p.org_id in (select o.id from orgs o where o.path like bo.path || '%'))))) as rooms,
      (select count(*)::int from students where ${studentsOfGridSql(gridId)}) as students`,
  );
  return r ?? { rooms: 0, students: 0 };
}

export async function userInSchool(ex: Executor, userId: string, schoolPath: string) {
  const [r] = await ex
    .select({ id: users.id, status: users.status })
    .from(users)
    .innerJoin(orgs, eq(orgs.id, users.orgId))
    .where(and(eq(users.id, userId), sql`${orgs.path} like ${schoolPath} || '%'`))
    .limit(1);
  return r?.status === 'active';
}

/** Condition on `places`: the place lies inside what the grid covers (its places or organisations). */
export function placesOfGridSql(gridId: string) {
  return sql`exists (
    select 1 from grid_bindings b
      left join places bp on bp.id = b.place_id
      left join orgs bo on bo.id = b.org_id
    where b.grid_id = ${gridId}
      and ((bp.path is not null and "places"."path" like bp.path || '%')
        or (bo.path is not null and "places"."org_id" in (select o.id from orgs o where o.path like bo.path || '%'))))`;
}

/** The physical grid covering a place: bound to the deepest place holding it. */
export async function coveringGrid(ex: Executor, placePath: string) {
  const [r] = await rows<{ id: string; path: string }>(
    ex,
    sql`select g.id, g.path from grid_bindings b
          join grids g on g.id = b.grid_id and g.kind = 'physical'
          join places bp on bp.id = b.place_id
        where ${placePath} like bp.path || '%'
        order by length(bp.path) desc, length(g.path) desc limit 1`,
  );
  return r ?? null;
}

/** A grid of a school, by id (undefined when it is another school's or none). */
export async function gridOfSchool(ex: Executor, schoolId: string, id: string) {
  const [r] = await ex
    .select({ id: grids.id, name: grids.name, path: grids.path })
    .from(grids)
    .where(and(eq(grids.id, id), eq(grids.schoolId, schoolId)))
    .limit(1);
  return r;
}

/**
 * The grid that answers for what is found in a grid: the building (or zone, campus) holding it.
 * A floor's or a room's leader is often a student, who reports but does not rectify.
 */
export async function answeringGrid(ex: Executor, gridPath: string) {
  const [g] = await rows<{ id: string }>(
    ex,
    sql`select g.id from grids g
        where ${gridPath} like g.path || '%' and g.level in ('building', 'zone', 'campus')
        order by length(g.path) desc limit 1`,
  );
  return g?.id ?? null;
}

/**
 * Of the given places and organisations, those outside a grid's coverage: places not under its
 * bound places or organisations, organisations not under its bound organisations. A virtual grid
 * (a class) also covers the rooms where its students sleep.
 */
export async function outsideCoverage(ex: Executor, gridId: string, placeIds: string[], orgIds: string[]) {
  const badPlaces = placeIds.length
    ? await rows<{ id: string; code: string; name: string }>(
        ex,
        sql`select "places"."id", "places"."code", "places"."name" from places "places"
            where "places"."id" in (${sql.join(
              placeIds.map((id) => sql`${id}`),
              sql`, `,
            )})
              and not ${placesOfGridSql(gridId)}
              and not exists (
                select 1 from students join places sp on sp.id = students.bed_place_id
                where ${studentsOfGridSql(gridId)} and sp.path like "places"."path" || '%')`,
      )
    : [];
  const badOrgs = orgIds.length
    ? await rows<{ id: string; code: string; name: string }>(
        ex,
        sql`select o.id, o.code, o.name from orgs o
            where o.id in (${sql.join(
              orgIds.map((id) => sql`${id}`),
              sql`, `,
            )})
              and not exists (
                select 1 from grid_bindings b join orgs bo on bo.id = b.org_id
                where b.grid_id = ${gridId} and o.path like bo.path || '%')`,
      )
    : [];
  return { places: badPlaces, orgs: badOrgs };
}
