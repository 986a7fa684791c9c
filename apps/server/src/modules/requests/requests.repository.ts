import {
  aliasedTable,
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  lt,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import { gridScopeSql, orgScopeSql, type Scope } from '../../kernel/access/index.js';
import { escapeLike, type Executor } from '../../kernel/db.js';
import { grids } from '../grids/index.js';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';
import type { RequestStatus } from './requests.model.js';
import {
  requestCategories,
  requestCounters,
  type requestEvents,
  requests,
  type Channel,
} from './requests.tables.js';

export type RequestRow = typeof requests.$inferSelect;
export type CategoryRow = typeof requestCategories.$inferSelect;
export type EventRow = typeof requestEvents.$inferSelect;

const school = orgs;
const unitGrid = aliasedTable(grids, 'unit_grid');
const areaGrid = aliasedTable(grids, 'area_grid');

const columns = {
  request: requests,
  schoolName: school.name,
  schoolPath: school.path,
  categoryName: requestCategories.name,
  categoryCode: requestCategories.code,
  /** the place with its building (学生公寓3号楼 / 203), as the reporter picked it */
  placeName: sql<string | null>`case when "places"."id" is null then null else coalesce(
    (select b.name || ' / ' from places b where b.kind = 'building' and "places"."path" like b.path || '%'
      and b.id <> "places"."id" order by length(b.path) desc limit 1), '') || "places"."name" end`,
  placeCode: places.code,
  placePath: places.path,
  // (a second alias of orgs defeats drizzle's row type; sub-selects do not)
  unitOrgName: sql<string | null>`(select u.name from orgs u where u.id = "requests"."assigned_org_id")`,
  unitOrgPath: sql<string | null>`(select u.path from orgs u where u.id = "requests"."assigned_org_id")`,
  unitGridName: unitGrid.name,
  unitGridPath: unitGrid.path,
  gridName: areaGrid.name,
  // (a self-join through an alias defeats drizzle's row type; a sub-select does not)
  mergedNo: sql<string | null>`(select m.no from requests m where m.id = "requests"."merged_into")`,
  mergedStatus: sql<RequestStatus | null>`(select m.status from requests m where m.id = "requests"."merged_into")`,
  firstUnitIsGrid: sql<boolean>`exists (select 1 from grids f where f.id = "requests"."first_unit_id")`,
  /** the first receiver's name: a department or a grid */
  firstUnitName: sql<string | null>`coalesce(
    (select f.name from orgs f where f.id = ${requests.firstUnitId}),
    (select f.name from grids f where f.id = ${requests.firstUnitId}))`,
};

function selectRequests(ex: Executor, where: SQL | undefined) {
  return ex
    .select(columns)
    .from(requests)
    .innerJoin(school, eq(school.id, requests.schoolId))
    .innerJoin(requestCategories, eq(requestCategories.id, requests.categoryId))
    .leftJoin(places, eq(places.id, requests.placeId))
    .leftJoin(unitGrid, eq(unitGrid.id, requests.assignedGridId))
    .leftJoin(areaGrid, eq(areaGrid.id, requests.gridId))
    .where(where);
}

/** (only its type is used: the row of a request with its names) */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
async function selectAll(ex: Executor, where: SQL | undefined) {
  return selectRequests(ex, where);
}
export type RequestItem = Awaited<ReturnType<typeof selectAll>>[number];

export async function findById(ex: Executor, id: string): Promise<RequestItem | undefined> {
  const [r] = await selectRequests(ex, eq(requests.id, id)).limit(1);
  return r;
}

export async function findByNo(ex: Executor, no: string): Promise<RequestItem | undefined> {
  const [r] = await selectRequests(ex, eq(requests.no, no)).limit(1);
  return r;
}

export async function findByTrack(ex: Executor, trackHash: string): Promise<RequestItem | undefined> {
  const [r] = await selectRequests(ex, eq(requests.trackHash, trackHash)).limit(1);
  return r;
}

/** The bare row behind a follow-up link (an intake's retry asks this first). */
export async function rowByTrack(ex: Executor, trackHash: string): Promise<RequestRow | undefined> {
  const [r] = await ex.select().from(requests).where(eq(requests.trackHash, trackHash)).limit(1);
  return r;
}

export async function listByReporter(
  ex: Executor,
  reporterKey: string,
  limit: number,
  statuses?: RequestStatus[],
) {
  return selectRequests(
    ex,
    and(eq(requests.reporterKey, reporterKey), statuses ? inArray(requests.status, statuses) : undefined),
  )
    .orderBy(desc(requests.receivedAt))
    .limit(limit);
}

/**
 * The keys of a school's sealed requests (each its own, see the service): the server recomputes
 * a user's key per request to find theirs. Sealed filings are few next to the school's requests.
 */
export async function sealedReporterKeys(ex: Executor, schoolIds: string[], statuses?: RequestStatus[]) {
  if (!schoolIds.length) return [];
  return ex
    .select({ id: requests.id, reporterKey: requests.reporterKey })
    .from(requests)
    .where(
      and(
        inArray(requests.schoolId, schoolIds),
        eq(requests.identity, 'sealed'),
        sql`${requests.reporterKey} is not null`,
        statuses ? inArray(requests.status, statuses) : undefined,
      ),
    )
    .orderBy(desc(requests.receivedAt));
}

export async function listByIds(ex: Executor, ids: string[]) {
  if (!ids.length) return [];
  return selectRequests(ex, inArray(requests.id, ids)).orderBy(desc(requests.receivedAt));
}

/** Who may read: the grid centre and school (by organisation), grid positions (by grid path), a unit. */
export interface ReadAccess {
  scope: Scope | null;
  /** the reader's home organisation path, for requests dispatched to their department */
  homePath: string | null;
  /** grid paths the reader handles (positions) */
  gridPaths: string[];
}

export function unitSql(a: ReadAccess): SQL {
  const parts: SQL[] = [];
  if (a.homePath)
    parts.push(
      sql`${requests.assignedOrgId} in (select o.id from orgs o where o.kind <> 'school' and ${a.homePath} like o.path || '%')`,
    );
  for (const p of a.gridPaths) parts.push(sql`${unitGrid.path} like ${`${escapeLike(p)}%`}`);
  return parts.length ? or(...parts)! : sql`false`;
}

/** The unit that signed first (首接) keeps reading the request after it moved on. */
function firstUnitSql(a: ReadAccess): SQL {
  const parts: SQL[] = [];
  if (a.homePath)
    parts.push(
      sql`${requests.firstUnitId} in (select o.id from orgs o where o.kind <> 'school' and ${a.homePath} like o.path || '%')`,
    );
  for (const p of a.gridPaths)
    parts.push(
      sql`(select g.path from grids g where g.id = ${requests.firstUnitId}) like ${`${escapeLike(p)}%`}`,
    );
  return parts.length ? or(...parts)! : sql`false`;
}

/** The requests of the schools in a scope (the centre's side reaches a whole school). */
export function schoolScopeSql(scope: Scope): SQL {
  return orgScopeSql(scope, requests.schoolId);
}

export function readSql(a: ReadAccess): SQL {
  const byScope = a.scope ? gridScopeSql(a.scope, requests.orgId, requests.gridPath) : sql`false`;
  return or(byScope, unitSql(a), firstUnitSql(a))!;
}

export interface ListFilter {
  schoolId?: string | undefined;
  nos?: string[] | undefined;
  status?: RequestStatus | undefined;
  statuses?: readonly RequestStatus[] | undefined;
  open?: boolean | undefined;
  categoryId?: string | undefined;
  categoryIds?: string[] | undefined;
  unitId?: string | undefined;
  channel?: Channel | undefined;
  overdue?: boolean | undefined;
  q?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** leave sealed requests out (Open311's public view) */
  withoutSealed?: boolean | undefined;
}

export function filterSql(f: ListFilter, now: Date): SQL | undefined {
  return and(
    f.schoolId ? eq(requests.schoolId, f.schoolId) : undefined,
    f.withoutSealed ? sql`${requests.identity} <> 'sealed'` : undefined,
    f.nos ? inArray(requests.no, f.nos.length ? f.nos : ['']) : undefined,
    f.status ? eq(requests.status, f.status) : undefined,
    f.statuses ? inArray(requests.status, [...f.statuses]) : undefined,
    f.open === true ? sql`${requests.status} <> 'closed'` : undefined,
    f.open === false ? eq(requests.status, 'closed') : undefined,
    f.categoryId ? eq(requests.categoryId, f.categoryId) : undefined,
    f.categoryIds ? inArray(requests.categoryId, f.categoryIds) : undefined,
    f.unitId ? or(eq(requests.assignedOrgId, f.unitId), eq(requests.assignedGridId, f.unitId)) : undefined,
    f.channel ? eq(requests.channel, f.channel) : undefined,
    f.overdue ? overdueSql(now) : undefined,
    f.q
      ? or(
          ilike(requests.description, `%${escapeLike(f.q)}%`),
          ilike(requests.no, `%${escapeLike(f.q)}%`),
          ilike(requests.externalNo, `%${escapeLike(f.q)}%`),
        )
      : undefined,
    f.from ? gte(requests.receivedAt, f.from) : undefined,
    f.to ? lt(requests.receivedAt, f.to) : undefined,
  );
}

/**
 * 逾期未结 in the rates' sense: past the resolution deadline with no reply yet (replied and waiting
 * for the audit or the return visit is the unit's work done; a reopened request is open again).
 */
export function overdueOpenSql(r: SQL, at: string): SQL {
  return sql`${r}.status not in ('replied', 'revisit', 'closed') and ${r}.resolve_by < ${at}::timestamptz`;
}

/** Past the resolution deadline while open (before the reply), or replied after it. */
export function overdueSql(now: Date): SQL {
  return sql`coalesce(${requests.repliedAt}, ${requests.closedAt}, ${now.toISOString()}::timestamptz) > ${requests.resolveBy}`;
}

export async function list(
  ex: Executor,
  access: ReadAccess,
  f: ListFilter,
  now: Date,
  page: { offset: number; limit: number },
) {
  const where = and(readSql(access), filterSql(f, now));
  // The page and the count are independent: asked together, they cost the slower of the two
  // (each on its own pool connection) rather than their sum.
  const [items, [total]] = await Promise.all([
    selectRequests(ex, where).orderBy(desc(requests.receivedAt)).offset(page.offset).limit(page.limit),
    ex
      .select({ n: count() })
      .from(requests)
      .leftJoin(unitGrid, eq(unitGrid.id, requests.assignedGridId))
      .where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

/** The requests a reader is expected to act on, by their side: the centre's, a unit's. */
function queueCandidates(ex: Executor, where: SQL | undefined, limit: number) {
  return selectRequests(ex, where).orderBy(asc(requests.resolveBy)).limit(limit);
}

/** A unit's part of "needs me now": its requests in the given states, soonest deadline first. */
export function unitQueue(ex: Executor, access: ReadAccess, statuses: RequestStatus[], limit: number) {
  return queueCandidates(ex, and(unitSql(access), inArray(requests.status, statuses)), limit);
}

/**
 * The centre's part: requests in the given states, reopened ones no unit holds, and any not yet
 * answered that is supervised or past its deadline.
 */
export function centreQueue(ex: Executor, scope: Scope, statuses: RequestStatus[], now: Date, limit: number) {
  return queueCandidates(
    ex,
    and(
      schoolScopeSql(scope),
      sql`(${inArray(requests.status, statuses)}
        or (${requests.status} = 'reopened' and ${requests.assignedOrgId} is null
            and ${requests.assignedGridId} is null)
        or (${requests.status} not in ('closed', 'replied', 'revisit')
            and (${requests.supervisedAt} is not null
                 or ${requests.resolveBy} < ${now.toISOString()}::timestamptz)))`,
    ),
    limit,
  );
}

/** Is the request inside what the reader may read (the same condition as the list)? */
export async function isReadable(ex: Executor, id: string, access: ReadAccess): Promise<boolean> {
  const [r] = await ex
    .select({ id: requests.id })
    .from(requests)
    .leftJoin(unitGrid, eq(unitGrid.id, requests.assignedGridId))
    .where(and(eq(requests.id, id), readSql(access)))
    .limit(1);
  return !!r;
}

/** Number, text and state of some requests (the possible duplicates shown beside one). */
export function briefs(ex: Executor, ids: string[]) {
  return ex
    .select({ id: requests.id, no: requests.no, description: requests.description, status: requests.status })
    .from(requests)
    .where(inArray(requests.id, ids));
}

/** Insert unless the same (school, channel, key) exists; either way the stored request's id. */
export async function insertIdempotent(ex: Executor, row: typeof requests.$inferInsert) {
  const [created] = await ex.insert(requests).values(row).onConflictDoNothing().returning();
  if (created) return { row: created, created: true };
  const [existing] = await ex
    .select()
    .from(requests)
    .where(
      and(
        eq(requests.schoolId, row.schoolId),
        eq(requests.channel, row.channel),
        eq(requests.idempotencyKey, row.idempotencyKey),
      ),
    )
    .limit(1);
  if (!existing) throw new Error('request number or track token collided');
  return { row: existing, created: false };
}

/** Change a request if it is still at `version`; the updated row, or null when it moved on. */
export async function update(
  ex: Executor,
  id: string,
  version: number,
  set: Partial<typeof requests.$inferInsert>,
): Promise<RequestRow | null> {
  const [r] = await ex
    .update(requests)
    .set({ ...set, version: version + 1 })
    .where(and(eq(requests.id, id), eq(requests.version, version)))
    .returning();
  return r ?? null;
}

/** The next number of a China day: atomic under concurrency (the day's row is locked briefly). */
export async function nextNumber(ex: Executor, day: string): Promise<number> {
  const [r] = await ex
    .insert(requestCounters)
    .values({ day, n: 1 })
    .onConflictDoUpdate({ target: requestCounters.day, set: { n: sql`${requestCounters.n} + 1` } })
    .returning({ n: requestCounters.n });
  return r!.n;
}

// The other tables' queries, each in a file of its own; reached through this file as `repo`.
export * from './requests.repository.catalogue.js';
export * from './requests.repository.duplicates.js';
export * from './requests.repository.open311.js';
export * from './requests.repository.places.js';
export * from './requests.repository.rates.js';
export * from './requests.repository.thread.js';
