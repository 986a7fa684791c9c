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
import { escapeLike, rows, type Executor } from '../../kernel/db.js';
import { grids } from '../grids/index.js';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';
import type { RequestStatus } from './requests.model.js';
import {
  open311Clients,
  requestCategories,
  requestCounters,
  requestEvents,
  requestFollowers,
  requestRoutes,
  requestSettings,
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
  const items = await selectRequests(ex, where)
    .orderBy(desc(requests.receivedAt))
    .offset(page.offset)
    .limit(page.limit);
  const [total] = await ex
    .select({ n: count() })
    .from(requests)
    .leftJoin(unitGrid, eq(unitGrid.id, requests.assignedGridId))
    .where(where);
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

export async function addEvent(ex: Executor, e: typeof requestEvents.$inferInsert) {
  await ex.insert(requestEvents).values(e);
}

export async function events(ex: Executor, requestId: string, publicOnly: boolean) {
  return ex
    .select()
    .from(requestEvents)
    .where(
      and(
        eq(requestEvents.requestId, requestId),
        publicOnly ? eq(requestEvents.visibility, 'public') : undefined,
      ),
    )
    .orderBy(asc(requestEvents.at), asc(requestEvents.id));
}

/** Public updates of a school's requests in a time window (mySociety's servicerequestupdates). */
export async function publicUpdates(ex: Executor, schoolId: string, from: Date, to: Date, limit: number) {
  return ex
    .select({
      event: requestEvents,
      no: requests.no,
      identity: requests.identity,
      closeKind: requests.closeKind,
      requestStatus: requests.status,
    })
    .from(requestEvents)
    .innerJoin(requests, eq(requests.id, requestEvents.requestId))
    .where(
      and(
        eq(requests.schoolId, schoolId),
        sql`${requests.identity} <> 'sealed'`,
        eq(requestEvents.visibility, 'public'),
        eq(requestEvents.side, 'handler'),
        // a step, not the conversation with the reporter
        sql`${requestEvents.kind} <> 'message'`,
        gte(requestEvents.at, from),
        lt(requestEvents.at, to),
      ),
    )
    .orderBy(asc(requestEvents.at), asc(requestEvents.id))
    .limit(limit);
}

/** Open requests of the same category at the same place (or within ~60 m) in the last 72 hours. */
export async function similarOpen(
  ex: Executor,
  r: {
    id: string;
    schoolId: string;
    categoryId: string;
    placeId: string | null;
    lon: number | null;
    lat: number | null;
  },
  since: Date,
) {
  const near =
    r.placeId !== null
      ? eq(requests.placeId, r.placeId)
      : r.lon !== null && r.lat !== null
        ? sql`abs(${requests.lon} - ${r.lon}) < 0.0007 and abs(${requests.lat} - ${r.lat}) < 0.0006`
        : undefined;
  if (!near) return [];
  return ex
    .select({ id: requests.id, no: requests.no, description: requests.description, status: requests.status })
    .from(requests)
    .where(
      and(
        eq(requests.schoolId, r.schoolId),
        eq(requests.categoryId, r.categoryId),
        sql`${requests.id} <> ${r.id}`,
        sql`${requests.status} <> 'closed'`,
        gte(requests.receivedAt, since),
        near,
      ),
    )
    .orderBy(asc(requests.receivedAt))
    .limit(5);
}

export async function addFollowers(ex: Executor, requestId: string, fromIds: string[], since: Date) {
  if (!fromIds.length) return;
  await ex
    .insert(requestFollowers)
    .values(fromIds.map((fromRequestId) => ({ requestId, fromRequestId, since })))
    .onConflictDoNothing();
}

/** The requests merged into this one (their reporters follow it). */
export async function followerRequests(ex: Executor, requestId: string) {
  return ex
    .select({ request: requests })
    .from(requestFollowers)
    .innerJoin(requests, eq(requests.id, requestFollowers.fromRequestId))
    .where(eq(requestFollowers.requestId, requestId));
}

// ---- catalogue ----------------------------------------------------------------------------------

export async function categories(ex: Executor, schoolId: string, activeOnly: boolean) {
  return ex
    .select()
    .from(requestCategories)
    .where(
      and(
        eq(requestCategories.schoolId, schoolId),
        activeOnly ? eq(requestCategories.active, true) : undefined,
      ),
    )
    .orderBy(asc(requestCategories.sortOrder), asc(requestCategories.code));
}

export async function categoryById(ex: Executor, id: string) {
  const [r] = await ex.select().from(requestCategories).where(eq(requestCategories.id, id)).limit(1);
  return r;
}

export async function categoryByCode(ex: Executor, schoolId: string, code: string) {
  const [r] = await ex
    .select()
    .from(requestCategories)
    .where(and(eq(requestCategories.schoolId, schoolId), eq(requestCategories.code, code)))
    .limit(1);
  return r;
}

export async function insertCategories(ex: Executor, values: (typeof requestCategories.$inferInsert)[]) {
  if (values.length) await ex.insert(requestCategories).values(values);
}

export async function updateCategory(
  ex: Executor,
  id: string,
  version: number,
  set: Partial<typeof requestCategories.$inferInsert>,
) {
  const [r] = await ex
    .update(requestCategories)
    .set({ ...set, version: version + 1 })
    .where(and(eq(requestCategories.id, id), eq(requestCategories.version, version)))
    .returning();
  return r ?? null;
}

export async function routes(ex: Executor, schoolId: string) {
  return ex
    .select({
      route: requestRoutes,
      categoryName: requestCategories.name,
      categoryCode: requestCategories.code,
      unitName: sql<string>`coalesce((select u.name from orgs u where u.id = ${requestRoutes.unitOrgId}), ${unitGrid.name})`,
    })
    .from(requestRoutes)
    .innerJoin(requestCategories, eq(requestCategories.id, requestRoutes.categoryId))
    .leftJoin(unitGrid, eq(unitGrid.id, requestRoutes.unitGridId))
    .where(eq(requestRoutes.schoolId, schoolId))
    .orderBy(asc(requestCategories.sortOrder), asc(requestRoutes.scopePath));
}

export async function insertRoutes(ex: Executor, values: (typeof requestRoutes.$inferInsert)[]) {
  if (values.length) await ex.insert(requestRoutes).values(values);
}

export async function deleteRoute(ex: Executor, schoolId: string, id: string) {
  const r = await ex
    .delete(requestRoutes)
    .where(and(eq(requestRoutes.id, id), eq(requestRoutes.schoolId, schoolId)))
    .returning({ id: requestRoutes.id });
  return r.length > 0;
}

export async function routeById(ex: Executor, id: string) {
  const [r] = await ex.select().from(requestRoutes).where(eq(requestRoutes.id, id)).limit(1);
  return r;
}

export async function settings(ex: Executor, schoolId: string) {
  const [r] = await ex.select().from(requestSettings).where(eq(requestSettings.schoolId, schoolId)).limit(1);
  return r;
}

export async function saveSettings(ex: Executor, row: typeof requestSettings.$inferInsert) {
  await ex
    .insert(requestSettings)
    .values(row)
    .onConflictDoUpdate({
      target: requestSettings.schoolId,
      set: {
        calendar: row.calendar,
        weights: row.weights,
        open311PublicRead: row.open311PublicRead ?? false,
        updatedAt: row.updatedAt,
      },
    });
}

// ---- places and units ---------------------------------------------------------------------------

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

// ---- Open311 clients ----------------------------------------------------------------------------

export async function open311ClientByKey(ex: Executor, keyHash: string) {
  const [r] = await ex
    .select()
    .from(open311Clients)
    .where(and(eq(open311Clients.keyHash, keyHash), eq(open311Clients.active, true)))
    .limit(1);
  return r;
}

export async function open311ClientsOf(ex: Executor, schoolId: string) {
  return ex
    .select()
    .from(open311Clients)
    .where(eq(open311Clients.schoolId, schoolId))
    .orderBy(asc(open311Clients.createdAt));
}

export async function deactivateOpen311Client(ex: Executor, id: string) {
  const [r] = await ex
    .update(open311Clients)
    .set({ active: false })
    .where(eq(open311Clients.id, id))
    .returning({ id: open311Clients.id });
  return !!r;
}

export async function open311ClientById(ex: Executor, id: string) {
  const [r] = await ex.select().from(open311Clients).where(eq(open311Clients.id, id)).limit(1);
  return r;
}

export async function insertOpen311Client(ex: Executor, row: typeof open311Clients.$inferInsert) {
  await ex.insert(open311Clients).values(row);
}

// ---- the three rates ----------------------------------------------------------------------------

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

// ---- Open311's public view ----------------------------------------------------------------------

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

/** The latest public reply of each request, of the given kinds (the unit's answer, not its chat). */
export async function latestReplies(ex: Executor, requestIds: string[], kinds: readonly string[]) {
  if (!requestIds.length) return new Map<string, string>();
  const found = await ex
    .selectDistinctOn([requestEvents.requestId], {
      requestId: requestEvents.requestId,
      body: requestEvents.body,
    })
    .from(requestEvents)
    .where(
      and(
        inArray(requestEvents.requestId, requestIds),
        inArray(requestEvents.kind, [...kinds]),
        eq(requestEvents.visibility, 'public'),
        sql`${requestEvents.body} is not null and ${requestEvents.body} <> ''`,
      ),
    )
    .orderBy(requestEvents.requestId, desc(requestEvents.at));
  return new Map(found.map((r) => [r.requestId, r.body!]));
}

/** When any category last changed (Open311 discovery's changeset); null before there is one. */
export async function categoriesChangedAt(ex: Executor): Promise<Date | null> {
  const [r] = await ex
    .select({ at: sql<string | null>`max(${requestCategories.updatedAt})` })
    .from(requestCategories);
  return r?.at ? new Date(r.at) : null;
}
