import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  isNotNull,
  isNull,
  lt,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { gridScopeSql, orgScopeSql, type Scope } from '../../kernel/access/index.js';
import { escapeLike, rows, type Executor } from '../../kernel/db.js';
import { grids } from '../grids/index.js';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';
import { hazardCounters, hazardEvents, hazardReports, hazardSettings, hazards } from './hazards.tables.js';
import type { HazardGrade, HazardOrigin, HazardStatus } from './hazards.model.js';

const unitOrg = aliasedTable(orgs, 'unit_org');
const unitGrid = aliasedTable(grids, 'unit_grid');

const itemColumns = {
  hazard: hazards,
  schoolName: sql<string>`(select s.name from orgs s where s.id = "hazards"."school_id")`,
  schoolPath: sql<string>`(select s.path from orgs s where s.id = "hazards"."school_id")`,
  /** the place with its building (学生公寓3号楼 / 203); a floor named after its building as it is */
  placeName: sql<string | null>`case when ${places.id} is null then null else coalesce(
    (select case when starts_with(${places.name}, b.name) then '' else b.name || ' / ' end
       from places b where b.kind = 'building' and ${places.path} like b.path || '%' and b.id <> ${places.id}
       order by length(b.path) desc limit 1), '') || ${places.name} end`,
  placePath: places.path,
  gridName: sql<string | null>`(select g.name from grids g where g.id = ${hazards.gridId})`,
  unitOrgName: unitOrg.name,
  unitOrgPath: unitOrg.path,
  unitGridName: unitGrid.name,
  unitGridPath: unitGrid.path,
};
export type HazardItem = Awaited<ReturnType<typeof selectItems>>[number];

function selectItems(ex: Executor, where: SQL | undefined) {
  return ex
    .select(itemColumns)
    .from(hazards)
    .leftJoin(places, eq(places.id, hazards.placeId))
    .leftJoin(unitOrg, eq(unitOrg.id, hazards.unitOrgId))
    .leftJoin(unitGrid, eq(unitGrid.id, hazards.unitGridId))
    .where(where);
}

export async function findById(ex: Executor, id: string) {
  const [r] = await selectItems(ex, eq(hazards.id, id)).limit(1);
  return r;
}

export async function findByKey(ex: Executor, key: string) {
  const [r] = await selectItems(ex, eq(hazards.idempotencyKey, key)).limit(1);
  return r;
}

export async function findByItem(ex: Executor, instanceId: string, itemCode: string) {
  const [r] = await selectItems(
    ex,
    and(eq(hazards.taskInstanceId, instanceId), eq(hazards.itemCode, itemCode)),
  ).limit(1);
  return r;
}

export async function ofTask(ex: Executor, instanceId: string) {
  return ex
    .select({ itemCode: hazards.itemCode, id: hazards.id, no: hazards.no, status: hazards.status })
    .from(hazards)
    .where(eq(hazards.taskInstanceId, instanceId))
    .orderBy(asc(hazards.createdAt));
}

/**
 * Who may read: the office and school by organisation (hazard.read), a grid holder by the grid it
 * was found in or the grid answering for it, a department's staff by their unit.
 */
export interface ReadAccess {
  scope: Scope | null;
  /** grid paths the reader rectifies for (positions) */
  unitGridPaths: string[];
  /** the reader's own department, where a role lets them rectify for it */
  homePath: string | null;
}

export function readableSql(a: ReadAccess): SQL {
  const parts: SQL[] = [];
  if (a.scope) parts.push(gridScopeSql(a.scope, hazards.schoolId, sql`coalesce(${hazards.gridPath}, '')`));
  if (a.scope && !a.scope.all)
    for (const p of a.scope.gridPaths ?? []) parts.push(sql`${unitGrid.path} like ${`${escapeLike(p)}%`}`);
  for (const p of a.unitGridPaths) parts.push(sql`${unitGrid.path} like ${`${escapeLike(p)}%`}`);
  if (a.homePath) parts.push(sql`${a.homePath} like ${unitOrg.path} || '%' and ${unitOrg.kind} <> 'school'`);
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

export async function isReadable(ex: Executor, id: string, a: ReadAccess) {
  const [r] = await ex
    .select({ id: hazards.id })
    .from(hazards)
    .leftJoin(unitOrg, eq(unitOrg.id, hazards.unitOrgId))
    .leftJoin(unitGrid, eq(unitGrid.id, hazards.unitGridId))
    .where(and(eq(hazards.id, id), readableSql(a)))
    .limit(1);
  return !!r;
}

export interface HazardFilter {
  schoolId?: string | undefined;
  status?: HazardStatus | undefined;
  open?: boolean | undefined;
  grade?: HazardGrade | undefined;
  domain?: string | undefined;
  origin?: HazardOrigin | undefined;
  gridId?: string | undefined;
  overdueAt?: Date | undefined;
  supervised?: boolean | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  q?: string | undefined;
}

export function filterSql(a: ReadAccess, f: HazardFilter): SQL {
  const like = f.q ? `%${escapeLike(f.q)}%` : null;
  return and(
    readableSql(a),
    f.schoolId ? eq(hazards.schoolId, f.schoolId) : undefined,
    f.status ? eq(hazards.status, f.status) : undefined,
    f.open === true
      ? ne(hazards.status, 'closed')
      : f.open === false
        ? eq(hazards.status, 'closed')
        : undefined,
    f.grade ? eq(hazards.grade, f.grade) : undefined,
    f.domain ? eq(hazards.domain, f.domain) : undefined,
    f.origin ? eq(hazards.origin, f.origin) : undefined,
    f.gridId
      ? sql`(${hazards.gridPath} like (select g.path from grids g where g.id = ${f.gridId}) || '%'
            or ${unitGrid.path} like (select g.path from grids g where g.id = ${f.gridId}) || '%')`
      : undefined,
    f.overdueAt ? and(ne(hazards.status, 'closed'), lt(hazards.deadline, f.overdueAt)) : undefined,
    f.supervised === true
      ? and(isNotNull(hazards.supervisedAt), ne(hazards.status, 'closed'))
      : f.supervised === false
        ? isNull(hazards.supervisedAt)
        : undefined,
    f.from ? gte(hazards.foundAt, f.from) : undefined,
    f.to ? lt(hazards.foundAt, f.to) : undefined,
    like
      ? or(ilike(hazards.no, like), ilike(hazards.title, like), ilike(hazards.description, like))
      : undefined,
  )!;
}

export async function list(ex: Executor, a: ReadAccess, f: HazardFilter, page: number, pageSize: number) {
  const where = filterSql(a, f);
  const [items, [total]] = await Promise.all([
    selectItems(ex, where)
      .orderBy(desc(hazards.foundAt), desc(hazards.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ex
      .select({ n: count() })
      .from(hazards)
      .leftJoin(unitOrg, eq(unitOrg.id, hazards.unitOrgId))
      .leftJoin(unitGrid, eq(unitGrid.id, hazards.unitGridId))
      .where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** The ledger in batches, by (found_at, id) keyset: memory stays flat however many there are. */
export async function* ledgerBatches(ex: Executor, a: ReadAccess, f: HazardFilter, batch = 1000) {
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const cursor: SQL | undefined = after
      ? sql`(${hazards.foundAt}, ${hazards.id}) > (${after.at}::timestamptz, ${after.id})`
      : undefined;
    // The cursor carries the database's own timestamp text: a JavaScript Date keeps milliseconds
    // only, and a row with microseconds would come back at the start of the next batch.
    const page: (HazardItem & { cursorAt: string })[] = await ex
      .select({ ...itemColumns, cursorAt: sql<string>`${hazards.foundAt}::text` })
      .from(hazards)
      .leftJoin(places, eq(places.id, hazards.placeId))
      .leftJoin(unitOrg, eq(unitOrg.id, hazards.unitOrgId))
      .leftJoin(unitGrid, eq(unitGrid.id, hazards.unitGridId))
      .where(and(filterSql(a, f), cursor))
      .orderBy(asc(hazards.foundAt), asc(hazards.id))
      .limit(batch);
    if (!page.length) return;
    yield page;
    const last: HazardItem & { cursorAt: string } = page[page.length - 1]!;
    after = { at: last.cursorAt, id: last.hazard.id };
    if (page.length < batch) return;
  }
}

export async function events(ex: Executor, hazardId: string) {
  return ex
    .select()
    .from(hazardEvents)
    .where(eq(hazardEvents.hazardId, hazardId))
    .orderBy(asc(hazardEvents.at), asc(hazardEvents.id));
}

/** Is a file one of the hazard's photos (the finding or any step)? */
export async function hasPhoto(ex: Executor, hazardId: string, fileId: string) {
  const [r] = await rows<{ ok: boolean }>(
    ex,
    sql`select (exists (select 1 from hazards h where h.id = ${hazardId} and h.photos ? ${fileId})
             or exists (select 1 from hazard_events e where e.hazard_id = ${hazardId} and e.photos ? ${fileId})) as ok`,
  );
  return !!r?.ok;
}

export async function nextNumber(ex: Executor, key: string): Promise<number> {
  const [r] = await ex
    .insert(hazardCounters)
    .values({ key, n: 1 })
    .onConflictDoUpdate({ target: hazardCounters.key, set: { n: sql`${hazardCounters.n} + 1` } })
    .returning({ n: hazardCounters.n });
  return r!.n;
}

export async function settingsOf(ex: Executor, schoolId: string) {
  const [r] = await ex.select().from(hazardSettings).where(eq(hazardSettings.schoolId, schoolId)).limit(1);
  return r;
}

export async function saveSettings(ex: Executor, row: typeof hazardSettings.$inferInsert) {
  await ex
    .insert(hazardSettings)
    .values(row)
    .onConflictDoUpdate({
      target: hazardSettings.schoolId,
      set: { deadlines: row.deadlines, graceDays: row.graceDays, updatedAt: row.updatedAt },
    });
}

/** An earlier hazard of the same domain at the same place within 90 days: this one is a repeat. */
export async function earlierAtPlace(ex: Executor, placeId: string, domain: string, before: Date) {
  const [r] = await ex
    .select({ id: hazards.id })
    .from(hazards)
    .where(
      and(
        eq(hazards.placeId, placeId),
        eq(hazards.domain, domain),
        lt(hazards.foundAt, before),
        gte(hazards.foundAt, new Date(before.getTime() - 90 * 86_400_000)),
      ),
    )
    .orderBy(desc(hazards.foundAt))
    .limit(1);
  return r?.id ?? null;
}

/** Organisations supervising a school (教育局, 公安): where its monthly report goes. */
export async function supervisorsOf(ex: Executor, schoolId: string) {
  return rows<{ id: string; name: string }>(
    ex,
    sql`select o.id, o.name from org_links l join orgs o on o.id = l.from_org_id
        where l.to_org_id = ${schoolId} and l.kind = 'supervision' order by o.name`,
  );
}

/** Active users holding the supervisor role in one of these organisations (or below them). */
export async function supervisorUsers(ex: Executor, orgIds: string[]) {
  if (!orgIds.length) return [];
  const r = await rows<{ user_id: string }>(
    ex,
    sql`select distinct m.user_id from memberships m
          join users u on u.id = m.user_id and u.status = 'active'
          join orgs mo on mo.id = m.org_id
          join orgs so on so.id = any(${`{${orgIds.join(',')}}`}::uuid[]) and mo.path like so.path || '%'
        where m.role = 'supervisor'`,
  );
  return r.map((x) => x.user_id);
}

// ---- the monthly report -------------------------------------------------------------------------

export async function monthFigures(ex: Executor, schoolId: string, start: Date, end: Date) {
  const [totals] = await rows<{
    found: number;
    closed_of_month: number;
    closed_in_month: number;
    closed_on_time: number;
    closed_late: number;
    overdue_open: number;
    open_at_end: number;
    supervised: number;
    repeats: number;
  }>(
    ex,
    sql`select
          count(*) filter (where found_at >= ${start} and found_at < ${end})::int as found,
          count(*) filter (where found_at >= ${start} and found_at < ${end} and closed_at < ${end})::int as closed_of_month,
          count(*) filter (where closed_at >= ${start} and closed_at < ${end})::int as closed_in_month,
          count(*) filter (where closed_at >= ${start} and closed_at < ${end} and closed_at <= deadline)::int as closed_on_time,
          count(*) filter (where closed_at >= ${start} and closed_at < ${end} and closed_at > deadline)::int as closed_late,
          count(*) filter (where found_at < ${end} and (closed_at is null or closed_at >= ${end}) and deadline < ${end})::int as overdue_open,
          count(*) filter (where found_at < ${end} and (closed_at is null or closed_at >= ${end}))::int as open_at_end,
          count(*) filter (where found_at < ${end} and supervised_at is not null and supervised_at < ${end}
                             and (closed_at is null or closed_at >= ${start}))::int as supervised,
          count(*) filter (where found_at >= ${start} and found_at < ${end} and repeat_of is not null)::int as repeats
        from hazards where school_id = ${schoolId} and found_at < ${end}
          and (closed_at is null or closed_at >= ${start} or found_at >= ${start})`,
  );
  const byDomain = await rows<{ domain: string; grade: HazardGrade; n: number }>(
    ex,
    sql`select domain, grade, count(*)::int as n from hazards
        where school_id = ${schoolId} and found_at >= ${start} and found_at < ${end}
        group by domain, grade`,
  );
  const byOrigin = await rows<{ origin: string; n: number }>(
    ex,
    sql`select origin, count(*)::int as n from hazards
        where school_id = ${schoolId} and found_at >= ${start} and found_at < ${end} group by origin`,
  );
  const byDay = await rows<{ day: string; found: number; closed: number }>(
    ex,
    sql`select d.day, coalesce(f.n, 0)::int as found, coalesce(c.n, 0)::int as closed
        from (select to_char(g, 'YYYY-MM-DD') as day
              from generate_series(${start}::timestamptz at time zone 'Asia/Shanghai',
                                   ${end}::timestamptz at time zone 'Asia/Shanghai' - interval '1 day', interval '1 day') g) d
        left join (select to_char(found_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*) as n
                   from hazards where school_id = ${schoolId} and found_at >= ${start} and found_at < ${end} group by 1) f on f.day = d.day
        left join (select to_char(closed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*) as n
                   from hazards where school_id = ${schoolId} and closed_at >= ${start} and closed_at < ${end} group by 1) c on c.day = d.day
        order by d.day`,
  );
  const repeatList = await rows<{ id: string; no: string; title: string; place_name: string | null }>(
    ex,
    sql`select h.id, h.no, h.title, p.name as place_name from hazards h left join places p on p.id = h.place_id
        where h.school_id = ${schoolId} and h.found_at >= ${start} and h.found_at < ${end} and h.repeat_of is not null
        order by h.found_at limit 50`,
  );
  const overdueList = await rows<{
    id: string;
    no: string;
    title: string;
    grade: HazardGrade;
    deadline: Date;
    unit: string | null;
  }>(
    ex,
    sql`select h.id, h.no, h.title, h.grade, h.deadline,
          coalesce((select o.name from orgs o where o.id = h.unit_org_id), (select g.name from grids g where g.id = h.unit_grid_id)) as unit
        from hazards h
        where h.school_id = ${schoolId} and h.found_at < ${end} and h.deadline < ${end}
          and (h.closed_at is null or h.closed_at >= ${end})
        order by h.deadline limit 50`,
  );
  return { totals: totals!, byDomain, byOrigin, byDay, repeatList, overdueList };
}

export async function reportsSent(ex: Executor, where: SQL) {
  return ex
    .select({
      report: hazardReports,
      schoolName: orgs.name,
      /** the names of the organisations it went to */
      to: sql<string[]>`coalesce((select array_agg(o.name order by o.name) from orgs o
            where o.id in (select (jsonb_array_elements_text(${hazardReports.toOrgIds}))::uuid)), '{}')`,
    })
    .from(hazardReports)
    .innerJoin(orgs, eq(orgs.id, hazardReports.schoolId))
    .where(where)
    .orderBy(desc(hazardReports.sentAt))
    .limit(200);
}

export function reportsInScope(scope: Scope, schoolId?: string) {
  return and(
    orgScopeSql(scope, hazardReports.schoolId),
    schoolId ? eq(hazardReports.schoolId, schoolId) : undefined,
  )!;
}

/** An active place with its school (for a report naming it, or a 随手拍 QR code). */
export async function activePlace(ex: Executor, id: string) {
  const [p] = await rows<{ id: string; name: string; path: string; school_id: string; school_name: string }>(
    ex,
    sql`select p.id, p.name, p.path, p.school_id, s.name as school_name
        from places p join orgs s on s.id = p.school_id
        where p.id = ${id} and p.status = 'active'`,
  );
  return p;
}
