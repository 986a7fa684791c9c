import { sql, type SQL } from 'drizzle-orm';
import { gridScopeSql, orgScopeSql, type Scope } from '../../kernel/access/index.js';
import { rows, type Executor } from '../../kernel/db.js';
import { overdueOpenSql } from './requests.repository.js';

/** The counts behind the three rates (三率). */

export type RatesGroup = 'unit' | 'grid' | 'month' | 'school' | 'category';

// Grouped on the raw column (a uuid hashes faster than its text), named afterwards. Months in China
// time by a fixed +8 h (China keeps no daylight saving): a named zone costs ~1 µs a row.
const GROUP_KEY: Record<RatesGroup, SQL> = {
  unit: sql`coalesce(r.assigned_org_id, r.assigned_grid_id)`,
  grid: sql`r.grid_id`,
  month: sql`date_trunc('month', (r.received_at at time zone 'UTC') + interval '8 hours')`,
  school: sql`r.school_id`,
  category: sql`r.category_id`,
};
const GROUP_NAME: Record<RatesGroup, SQL> = {
  unit: sql`coalesce((select o.name from orgs o where o.id = t.key), (select g.name from grids g where g.id = t.key))`,
  grid: sql`(select g.name from grids g where g.id = t.key)`,
  month: sql`to_char(t.key, 'YYYY-MM')`,
  school: sql`(select o.name from orgs o where o.id = t.key)`,
  category: sql`(select c.name from request_categories c where c.id = t.key)`,
};

export interface RateRowRaw {
  key: string | null;
  name: string | null;
  received: number;
  open: number;
  due_response: number;
  responded_in_time: number;
  due_resolution: number;
  solved: number;
  evaluated: number;
  satisfied: number;
  overdue: number;
}

/**
 * The counts behind the three rates, grouped, over requests received in [from, to) within the
 * reader's scope. Merged, referred and not-ours requests are no unit's work and are left out.
 */
export async function rateCounts(
  ex: Executor,
  scope: Scope,
  f: { schoolId?: string | undefined; from?: Date | undefined; to?: Date | undefined; groupBy: RatesGroup },
  now: Date,
) {
  const at = now.toISOString();
  // The organisations in scope as a list of ids: the planner then knows how many rows match (a
  // sub-select on paths looked like one row to it, and a million rows were sorted on disk).
  let inScope: SQL = sql`true`;
  if (!scope.all) {
    const ids = await rows<{ id: string }>(
      ex,
      sql`select o.id from orgs o where ${orgScopeSql(scope, sql`o.id`)}`,
    );
    const byOrg = sql`r.org_id = any(${`{${ids.map((x) => x.id).join(',')}}`}::uuid[])`;
    const gridPaths = scope.gridPaths ?? [];
    inScope = gridPaths.length
      ? sql`(${byOrg} or ${gridScopeSql({ all: false, paths: [], gridPaths }, sql`r.org_id`, sql`r.grid_path`)})`
      : byOrg;
  }
  return rows<RateRowRaw>(
    ex,
    sql`select ${f.groupBy === 'month' ? sql`to_char(t.key, 'YYYY-MM')` : sql`t.key::text`} as key,
        ${GROUP_NAME[f.groupBy]} as name, t.received, t.open, t.due_response, t.responded_in_time,
        t.due_resolution, t.solved, t.evaluated, t.satisfied, t.overdue
      from (
      select ${GROUP_KEY[f.groupBy]} as key,
        count(*)::int as received,
        (count(*) filter (where r.status <> 'closed'))::int as open,
        (count(*) filter (where r.responded_at is not null or r.respond_by < ${at}::timestamptz))::int as due_response,
        (count(*) filter (where r.responded_at is not null and r.responded_at <= r.respond_by
            and not (${overdueOpenSql(sql`r`, at)})))::int as responded_in_time,
        (count(*) filter (where r.visited_at is not null
            or coalesce(r.replied_at, r.closed_at, ${at}::timestamptz) > r.resolve_by))::int as due_resolution,
        (count(*) filter (where r.visited_at is not null and (r.visit->>'solved')::boolean
            and (r.replied_at is null or r.replied_at <= r.resolve_by)))::int as solved,
        (count(*) filter (where r.visited_at is not null))::int as evaluated,
        (count(*) filter (where r.visited_at is not null and (r.visit->>'satisfaction')::int >= 4))::int as satisfied,
        (count(*) filter (where coalesce(r.replied_at, r.closed_at, ${at}::timestamptz) > r.resolve_by))::int as overdue
      from requests r
      where ${inScope}
        and (r.close_kind is null or r.close_kind not in ('duplicate', 'referred', 'not_ours'))
        ${f.schoolId ? sql`and r.school_id = ${f.schoolId}` : sql``}
        ${f.from ? sql`and r.received_at >= ${f.from.toISOString()}::timestamptz` : sql``}
        ${f.to ? sql`and r.received_at < ${f.to.toISOString()}::timestamptz` : sql``}
      group by 1) t
    order by t.received desc`,
  );
}
