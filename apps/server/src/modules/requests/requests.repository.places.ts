import { aliasedTable, and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { rows, type Executor } from '../../kernel/db.js';
import { places } from '../places/index.js';

/** Places and units as requests name them: a place to pick, a building's rooms, a unit of the school. */

/** A place as the phone offers it: with the building that holds it (for 学生公寓3号楼 / 203). */
export interface PlaceOption {
  id: string;
  name: string;
  code: string;
  kind: string;
  path: string;
  building: string | null;
}

function placeOptions(ex: Executor, where: SQL, tail: SQL = sql``) {
  return rows<PlaceOption>(
    ex,
    sql`select p.id, p.name, p.code, p.kind, p.path,
          (select b.name from places b where b.kind = 'building' and p.path like b.path || '%' and b.id <> p.id
            order by length(b.path) desc limit 1) as building
        from places p where p.status = 'active' and ${where} ${tail}`,
  );
}

export async function placeOfSchool(ex: Executor, schoolId: string, id: string) {
  return (await placeOptions(ex, sql`p.id = ${id} and p.school_id = ${schoolId}`))[0];
}

export async function placeByCode(ex: Executor, schoolId: string, code: string) {
  const [r] = await ex
    .select({ id: places.id })
    .from(places)
    .where(and(eq(places.schoolId, schoolId), eq(places.code, code), eq(places.status, 'active')))
    .limit(1);
  return r;
}

export async function buildingById(ex: Executor, id: string) {
  const [r] = await ex
    .select({ id: places.id, name: places.name, code: places.code, schoolId: places.schoolId })
    .from(places)
    .where(and(eq(places.id, id), eq(places.kind, 'building')))
    .limit(1);
  return r;
}

/** Rooms (and the building itself) of a building, for its sheet of QR codes. */
export async function roomsOfBuilding(ex: Executor, buildingId: string) {
  return rows<{ id: string; name: string; code: string; kind: string }>(
    ex,
    sql`select p.id, p.name, p.code, p.kind from places p
        where p.status = 'active' and p.kind in ('building', 'room')
          and p.path like (select b.path from places b where b.id = ${buildingId}) || '%'
        order by case p.kind when 'building' then 0 else 1 end, p.code`,
  );
}

export async function orgOfSchool(ex: Executor, schoolId: string, id: string) {
  const [r] = await rows<{ id: string; name: string; path: string; kind: string }>(
    ex,
    sql`select o.id, o.name, o.path, o.kind from orgs o
        where o.id = ${id} and o.path like (select s.path from orgs s where s.id = ${schoolId}) || '%'`,
  );
  return r;
}

const building = aliasedTable(places, 'building');

/** The building each place lies in (itself, for a building): all a public view tells of some places. */
export async function buildingsOf(ex: Executor, placeIds: string[]) {
  if (!placeIds.length) return new Map<string, { name: string; code: string }>();
  const found = await ex
    .selectDistinctOn([places.id], { placeId: places.id, name: building.name, code: building.code })
    .from(places)
    .innerJoin(building, and(eq(building.kind, 'building'), sql`${places.path} like ${building.path} || '%'`))
    .where(inArray(places.id, placeIds))
    .orderBy(places.id, desc(sql`length(${building.path})`));
  return new Map(found.map((b) => [b.placeId, { name: b.name, code: b.code }]));
}
