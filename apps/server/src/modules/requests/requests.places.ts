import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../kernel/db.js';

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
