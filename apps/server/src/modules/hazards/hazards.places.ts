import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../kernel/db.js';

/**
 * Hazards not yet closed (销号) whose place lies in a building (the campus map's 待办事项):
 * counted per building of a school, or listed for one building (by its place path).
 */
export function openHazardsByBuilding(ex: Executor, schoolId: string) {
  return rows<{ building_id: string; n: number }>(
    ex,
    sql`select b.id as building_id, count(h.id)::int as n
        from hazards h join places p on p.id = h.place_id
        join places b on b.school_id = h.school_id and b.kind = 'building' and p.path like b.path || '%'
        where h.school_id = ${schoolId} and h.status <> 'closed'
        group by b.id`,
  );
}

export function openHazardsIn(ex: Executor, buildingPath: string, limit: number) {
  return rows<{ id: string; code: string; name: string; status: string; due: string }>(
    ex,
    sql`select h.id, h.no as code, h.title as name, h.status, to_char(h.deadline at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as due
        from hazards h join places p on p.id = h.place_id
        where p.path like ${buildingPath} || '%' and h.status <> 'closed'
        order by h.deadline limit ${limit}`,
  );
}
