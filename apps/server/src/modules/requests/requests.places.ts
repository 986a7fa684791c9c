import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../kernel/db.js';
import { students } from '../people/index.js';
import { requests } from './requests.tables.js';

/**
 * What place search puts first for a reporter (issue 14 item 6): their own dormitory room (the
 * student's bed binding) and the places of their latest named requests.
 */
export async function reporterPlaces(ex: Executor, userId: string, reporterKey: string) {
  const own = await ex
    .select({ id: students.bedPlaceId })
    .from(students)
    .where(and(eq(students.userId, userId), isNotNull(students.bedPlaceId)));
  const recent = await ex
    .select({ id: requests.placeId })
    .from(requests)
    .where(and(eq(requests.reporterKey, reporterKey), isNotNull(requests.placeId)))
    .orderBy(desc(requests.receivedAt))
    .limit(20);
  return {
    own: own.flatMap((r) => (r.id ? [r.id] : [])),
    recent: [...new Set(recent.flatMap((r) => (r.id ? [r.id] : [])))].slice(0, 5),
  };
}

/**
 * Requests not yet closed whose place lies in a building (the campus map's 待办事项): counted per
 * building of a school, or listed for one building (by its place path). A parked request (挂账)
 * is still open.
 */
export function openRequestsByBuilding(ex: Executor, schoolId: string) {
  return rows<{ building_id: string; n: number }>(
    ex,
    sql`select b.id as building_id, count(r.id)::int as n
        from requests r join places p on p.id = r.place_id
        join places b on b.school_id = r.school_id and b.kind = 'building' and p.path like b.path || '%'
        where r.school_id = ${schoolId} and r.status <> 'closed'
        group by b.id`,
  );
}

export function openRequestsIn(ex: Executor, buildingPath: string, limit: number) {
  return rows<{ id: string; code: string; name: string; status: string; due: string }>(
    ex,
    sql`select r.id, r.no as code, c.name, r.status, to_char(r.resolve_by at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as due
        from requests r join places p on p.id = r.place_id join request_categories c on c.id = r.category_id
        where p.path like ${buildingPath} || '%' and r.status <> 'closed'
        order by r.resolve_by limit ${limit}`,
  );
}
