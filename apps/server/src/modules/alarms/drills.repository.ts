import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { orgScopeSql, type Scope } from '../../kernel/access/index.js';
import { rows, type Executor } from '../../kernel/db.js';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';
import { alarmDevices, alarmDrills, incidents } from './alarms.tables.js';
import type { DRILL_STATUSES } from './alarms.tables.js';

export type DrillRow = typeof alarmDrills.$inferSelect;

const drillIncident = alias(incidents, 'drill_incident');

const columns = {
  drill: alarmDrills,
  schoolName: orgs.name,
  placeName: places.name,
  deviceName: alarmDevices.name,
  incident: {
    status: drillIncident.status,
    raisedAt: drillIncident.raisedAt,
    acknowledgedAt: drillIncident.acknowledgedAt,
    policeAcceptedAt: drillIncident.policeAcceptedAt,
    onSceneAt: drillIncident.onSceneAt,
    policeOnSceneAt: drillIncident.policeOnSceneAt,
    closedAt: drillIncident.closedAt,
  },
};

function select(ex: Executor) {
  return ex
    .select(columns)
    .from(alarmDrills)
    .innerJoin(orgs, eq(orgs.id, alarmDrills.schoolId))
    .leftJoin(places, eq(places.id, alarmDrills.placeId))
    .leftJoin(alarmDevices, eq(alarmDevices.id, alarmDrills.deviceId))
    .leftJoin(drillIncident, eq(drillIncident.id, alarmDrills.incidentId));
}
export type DrillListItem = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

export async function insertDrill(ex: Executor, row: typeof alarmDrills.$inferInsert) {
  await ex.insert(alarmDrills).values(row);
}

export async function findDrillInScope(ex: Executor, scope: Scope, id: string) {
  const [r] = await select(ex)
    .where(and(eq(alarmDrills.id, id), orgScopeSql(scope, alarmDrills.orgId)))
    .limit(1);
  return r;
}

export async function listDrills(
  ex: Executor,
  scope: Scope,
  f: { schoolId?: string | undefined; from?: Date | undefined; to?: Date | undefined; limit: number },
) {
  return select(ex)
    .where(
      and(
        orgScopeSql(scope, alarmDrills.orgId),
        f.schoolId ? eq(alarmDrills.schoolId, f.schoolId) : undefined,
        f.from ? gte(alarmDrills.scheduledAt, f.from) : undefined,
        f.to ? lt(alarmDrills.scheduledAt, f.to) : undefined,
      ),
    )
    .orderBy(desc(alarmDrills.scheduledAt), asc(alarmDrills.id))
    .limit(f.limit);
}

/** Change a drill only from the states given (two people starting it at once: one wins). */
export async function updateDrillFrom(
  ex: Executor,
  id: string,
  from: (typeof DRILL_STATUSES)[number][],
  patch: Partial<typeof alarmDrills.$inferInsert>,
): Promise<boolean> {
  const r = await ex
    .update(alarmDrills)
    .set(patch)
    .where(and(eq(alarmDrills.id, id), inArray(alarmDrills.status, from)))
    .returning({ id: alarmDrills.id });
  return r.length > 0;
}

/** The storeys of the building that holds a place (or is it), when known. */
export async function buildingFloors(ex: Executor, placeId: string): Promise<number | null> {
  const [r] = await rows<{ floors: number | null }>(
    ex,
    sql`select b.floors from places p join places b on b.kind = 'building' and p.path like b.path || '%'
        where p.id = ${placeId} limit 1`,
  );
  return r?.floors ?? null;
}

/** Active police officers of every station whose jurisdiction covers the school (报备 goes to them). */
export async function jurisdictionOfficers(ex: Executor, schoolId: string): Promise<string[]> {
  const r = await rows<{ user_id: string }>(
    ex,
    sql`select distinct m.user_id from org_links l
          join orgs st on st.id = l.from_org_id
          join orgs o on o.path like st.path || '%'
          join memberships m on m.org_id = o.id and m.role = 'police'
          join users u on u.id = m.user_id and u.status = 'active'
        where l.kind = 'jurisdiction' and l.to_org_id = ${schoolId}`,
  );
  return r.map((x) => x.user_id);
}
