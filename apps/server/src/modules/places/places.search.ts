import { sql, type SQL } from 'drizzle-orm';
import { escapeLike, rows, type Executor } from '../../kernel/db.js';

/**
 * Place search as people type it (issue 14 item 6): "学生公寓3号楼 203", "3号楼 203", "3号楼203",
 * "3栋203", "S03-0203" or just "203". The words before a trailing number name the building (its
 * name, its code, or its short name: "3号楼", "3栋", "3#" of 学生公寓3号楼), the number the room.
 */
export interface PlaceQuery {
  /** the words before the room number, without spaces ('' when only a number was typed) */
  building: string;
  /** the building's number in those words (3 of "3号楼", "3栋", "3#") */
  buildingNo: string | null;
  /** what comes before that number ("学生公寓" of "学生公寓3号楼") */
  buildingPrefix: string;
  /** the trailing room number, if any */
  room: string | null;
  /** the whole query, spaces taken out */
  whole: string;
}

export function parsePlaceQuery(q: string): PlaceQuery {
  const whole = q.normalize('NFKC').replace(/\s+/g, '');
  const spaced = q.normalize('NFKC').trim().replace(/\s+/g, ' ');
  // A room number at the end: after a space, a dash or a slash, or straight after 楼/栋/号/幢/#.
  const m =
    /^(.*?)(?:[\s\-/]+|(?<=[楼栋号幢#]))(\d{1,4}[A-Za-z]?)$/.exec(spaced) ??
    /^()(\d{1,4}[A-Za-z]?)$/.exec(spaced);
  const building = (m ? m[1]! : spaced).replace(/\s+/g, '');
  const room = m ? m[2]! : null;
  const b = /^(.*?)(\d+)\s*(?:号楼|号|栋|幢|#|楼)?$/.exec(building);
  return {
    building,
    buildingNo: b ? String(Number(b[2])) : null,
    buildingPrefix: b ? b[1]! : building,
    room,
    whole,
  };
}

export interface RankedPlace {
  id: string;
  name: string;
  code: string;
  kind: string;
  path: string;
  building: string | null;
  score: number;
}

/**
 * A school's places matching the query, best first: the building and the room both matching, then
 * a room of that number anywhere, a building by its name or short name, then a name or code that
 * merely contains the words. The reporter's own room (their dormitory bed) and the places of their
 * latest requests come first among equals, and rooms of their own building before others'.
 */
export async function searchPlacesRanked(
  ex: Executor,
  schoolId: string,
  q: string,
  opts: { own: string[]; recent: string[]; limit: number },
): Promise<RankedPlace[]> {
  const p = parsePlaceQuery(q);
  if (!p.whole) return [];
  const contains = `%${escapeLike(p.whole)}%`;
  const uuidArray = (ids: string[]) => `{${ids.join(',')}}`;
  // Buildings the words before the room number name: by name, by code, or by their number.
  let buildingMatch: SQL = sql`false`;
  if (p.building) {
    const byName = sql`b.name ilike ${`%${escapeLike(p.building)}%`} or b.code ilike ${escapeLike(p.building)}`;
    const byNumber = p.buildingNo
      ? sql`or (b.name ~ ${`(^|[^0-9])0*${p.buildingNo}(号楼|号|栋|幢)`}
              and b.name ilike ${`%${escapeLike(p.buildingPrefix)}%`})
            or (${/^[A-Za-z]*\d+$/.test(p.building)} and b.code ~* ${`^[A-Z]*0*${p.buildingNo}$`})`
      : sql``;
    buildingMatch = sql`(${byName} ${byNumber})`;
  }
  const roomExact = p.room
    ? sql`(p.kind = 'room' and (p.name = ${p.room} or p.name = ${p.room.padStart(3, '0')}))`
    : sql`false`;
  return rows<RankedPlace>(
    ex,
    sql`with matched as (
          select b.path from places b
          where b.school_id = ${schoolId} and b.kind = 'building' and b.status = 'active' and ${buildingMatch}
        ),
        own as (
          select b.path from places o join places b
            on b.kind = 'building' and o.path like b.path || '%'
          where o.id = any(${uuidArray(opts.own)}::uuid[])
        )
        select x.id, x.name, x.code, x.kind, x.path, x.building, (x.base + x.boost)::int as score from (
          select p.id, p.name, p.code, p.kind, p.path,
            (select b.name from places b where b.kind = 'building' and p.path like b.path || '%' and b.id <> p.id
              order by length(b.path) desc limit 1) as building,
            (case
              when ${roomExact} and exists (select 1 from matched m where p.path like m.path || '%') then 100
              when ${roomExact} and ${p.building === ''} then 60
              when ${p.room === null} and p.kind = 'building' and exists (select 1 from matched m where m.path = p.path) then 80
              when ${roomExact} then 30
              when p.name ilike ${contains} or p.code ilike ${contains} then 20
              else 0 end) as base,
            (case when p.id = any(${uuidArray(opts.own)}::uuid[]) then 50
                  when exists (select 1 from own o where p.path like o.path || '%') then 15 else 0 end
             + case when p.id = any(${uuidArray(opts.recent)}::uuid[]) then 30 else 0 end) as boost
          from places p
          where p.school_id = ${schoolId} and p.status = 'active'
            and p.kind in ('building', 'floor', 'room', 'gate', 'area')
        ) x
        where x.base > 0
        order by x.base + x.boost desc, length(x.code), x.code
        limit ${opts.limit}`,
  );
}
