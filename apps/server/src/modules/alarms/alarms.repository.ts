import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { orgScopeSql, type Scope } from '../../kernel/access/index.js';
import { rows, type Executor } from '../../kernel/db.js';
import { newId } from '../../kernel/ids.js';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';
import {
  alarmDevices,
  incidentEvents,
  incidentPlans,
  incidentPlanSteps,
  incidents,
} from './alarms.tables.js';
import type { IncidentStatus } from './alarms.model.js';

export type IncidentRow = typeof incidents.$inferSelect;
export type DeviceRow = typeof alarmDevices.$inferSelect;

const columns = {
  incident: incidents,
  schoolName: orgs.name,
  placeName: places.name,
  placeCode: places.code,
  placeKind: places.kind,
  /** the path of the incident's own organisation (school or campus), to tell who handles it */
  orgPath: sql<string>`(select io.path from orgs io where io.id = "incidents"."org_id")`,
  /** the building, gate or area drawn on the campus map that holds the place (or is it) */
  mapPlaceId: sql<string | null>`(select m.id from places m
    where m.kind in ('building', 'gate', 'area') and "places"."path" like m.path || '%'
    order by length(m.path) desc limit 1)`,
};

/** Insert unless the same (source, ref, key) exists; either way the stored incident. */
export async function insertIdempotent(
  ex: Executor,
  row: typeof incidents.$inferInsert,
): Promise<{ incident: IncidentRow; created: boolean }> {
  const [created] = await ex.insert(incidents).values(row).onConflictDoNothing().returning();
  if (created) return { incident: created, created: true };
  const [existing] = await ex
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.source, row.source),
        eq(incidents.sourceRef, row.sourceRef),
        eq(incidents.idempotencyKey, row.idempotencyKey),
      ),
    )
    .limit(1);
  return { incident: existing!, created: false };
}

export async function findInScope(ex: Executor, scope: Scope, id: string) {
  const [r] = await ex
    .select(columns)
    .from(incidents)
    .innerJoin(orgs, eq(orgs.id, incidents.schoolId))
    .leftJoin(places, eq(places.id, incidents.placeId))
    .where(and(eq(incidents.id, id), orgScopeSql(scope, incidents.orgId)))
    .limit(1);
  return r;
}

export async function list(
  ex: Executor,
  scope: Scope,
  f: { statuses?: IncidentStatus[]; schoolId?: string | undefined; limit: number },
) {
  return ex
    .select(columns)
    .from(incidents)
    .innerJoin(orgs, eq(orgs.id, incidents.schoolId))
    .leftJoin(places, eq(places.id, incidents.placeId))
    .where(
      and(
        orgScopeSql(scope, incidents.orgId),
        f.statuses ? inArray(incidents.status, f.statuses) : undefined,
        f.schoolId ? eq(incidents.schoolId, f.schoolId) : undefined,
      ),
    )
    .orderBy(desc(incidents.raisedAt))
    .limit(f.limit);
}
export type IncidentListItem = Awaited<ReturnType<typeof list>>[number];

/** Change an incident if it is still at the version read (two consoles acting at once). */
export async function updateAt(
  ex: Executor,
  id: string,
  version: number,
  patch: Partial<typeof incidents.$inferInsert>,
): Promise<boolean> {
  const r = await ex
    .update(incidents)
    .set({ ...patch, version: sql`${incidents.version} + 1` })
    .where(and(eq(incidents.id, id), eq(incidents.version, version)))
    .returning({ id: incidents.id });
  return r.length > 0;
}

export async function addEvent(ex: Executor, row: typeof incidentEvents.$inferInsert) {
  await ex.insert(incidentEvents).values(row);
}

/** A timeline entry whose id says what it is (a delivery and its state): false when it is there already. */
export async function addEventOnce(ex: Executor, row: typeof incidentEvents.$inferInsert): Promise<boolean> {
  const r = await ex
    .insert(incidentEvents)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: incidentEvents.id });
  return r.length > 0;
}

/** The incident's status, its row locked until the transaction ends (an acknowledgement waits for it). */
export async function lockStatus(ex: Executor, id: string): Promise<IncidentStatus | undefined> {
  const [r] = await ex
    .select({ status: incidents.status })
    .from(incidents)
    .where(eq(incidents.id, id))
    .for('update');
  return r?.status;
}

export async function incidentById(ex: Executor, id: string) {
  const [r] = await ex.select().from(incidents).where(eq(incidents.id, id)).limit(1);
  return r;
}

/** A user's name as the registry shows it (who was called). */
export async function userName(ex: Executor, userId: string): Promise<string | null> {
  const [r] = await rows<{ name: string }>(
    ex,
    sql`select display_name as name from users where id = ${userId}`,
  );
  return r?.name ?? null;
}

export async function timeline(ex: Executor, incidentId: string) {
  return ex
    .select()
    .from(incidentEvents)
    .where(eq(incidentEvents.incidentId, incidentId))
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.id));
}

export async function deviceByCode(ex: Executor, code: string) {
  const [r] = await ex.select().from(alarmDevices).where(eq(alarmDevices.code, code)).limit(1);
  return r;
}

export async function touchDevice(
  ex: Executor,
  id: string,
  patch: Partial<typeof alarmDevices.$inferInsert>,
) {
  await ex.update(alarmDevices).set(patch).where(eq(alarmDevices.id, id));
}

/** Bring an offline device back online; true only for the one caller that did. */
export async function markOnline(ex: Executor, id: string, now: Date): Promise<boolean> {
  const r = await ex
    .update(alarmDevices)
    .set({ online: true, updatedAt: now })
    .where(and(eq(alarmDevices.id, id), eq(alarmDevices.online, false)))
    .returning({ id: alarmDevices.id });
  return r.length > 0;
}

export async function insertDevice(ex: Executor, row: typeof alarmDevices.$inferInsert) {
  await ex.insert(alarmDevices).values(row);
}

/** Devices with the name of the place each sits in, by school or one by id, within a scope. */
export async function listDevices(
  ex: Executor,
  scope: Scope,
  f: { schoolId?: string | undefined; id?: string },
) {
  return ex
    .select({ device: alarmDevices, placeName: places.name, placeCode: places.code })
    .from(alarmDevices)
    .leftJoin(places, eq(places.id, alarmDevices.placeId))
    .where(
      and(
        orgScopeSql(scope, alarmDevices.orgId),
        f.schoolId ? eq(alarmDevices.schoolId, f.schoolId) : undefined,
        f.id ? eq(alarmDevices.id, f.id) : undefined,
      ),
    )
    .orderBy(asc(alarmDevices.code));
}
export type DeviceListItem = Awaited<ReturnType<typeof listDevices>>[number];

/** Devices that were online but have sent nothing for `missed` heartbeat intervals. */
export async function markSilentDevicesOffline(ex: Executor, now: Date, missed: number) {
  return ex
    .update(alarmDevices)
    .set({ online: false, updatedAt: now })
    .where(
      and(
        eq(alarmDevices.online, true),
        eq(alarmDevices.enabled, true),
        sql`${alarmDevices.lastSeenAt} < ${now.toISOString()}::timestamptz - make_interval(secs => ${alarmDevices.heartbeatSeconds} * ${missed})`,
      ),
    )
    .returning({
      id: alarmDevices.id,
      code: alarmDevices.code,
      name: alarmDevices.name,
      orgId: alarmDevices.orgId,
      lastSeenAt: alarmDevices.lastSeenAt,
    });
}

/** Active users holding a role anywhere in a school (the escalation chain's next step). */
export async function usersWithRole(ex: Executor, schoolId: string, role: string): Promise<string[]> {
  const r = await rows<{ user_id: string }>(
    ex,
    sql`select distinct m.user_id from memberships m
          join orgs o on o.id = m.org_id
          join users u on u.id = m.user_id and u.status = 'active'
        where m.role = ${role} and o.path like (select s.path from orgs s where s.id = ${schoolId}) || '%'`,
  );
  return r.map((x) => x.user_id);
}

/** Open a plan on an incident (once per type); its steps copied in order. */
export async function insertPlan(
  ex: Executor,
  plan: typeof incidentPlans.$inferInsert,
  steps: { title: string; owner: string }[],
): Promise<boolean> {
  const [created] = await ex
    .insert(incidentPlans)
    .values(plan)
    .onConflictDoNothing()
    .returning({ id: incidentPlans.id });
  if (!created) return false;
  await ex
    .insert(incidentPlanSteps)
    .values(steps.map((st, i) => ({ id: newId(), planId: plan.id, seq: i + 1, ...st })));
  return true;
}

export async function plansOf(ex: Executor, incidentId: string) {
  const plans = await ex
    .select()
    .from(incidentPlans)
    .where(eq(incidentPlans.incidentId, incidentId))
    .orderBy(asc(incidentPlans.openedAt));
  if (!plans.length) return [];
  const steps = await ex
    .select()
    .from(incidentPlanSteps)
    .where(
      inArray(
        incidentPlanSteps.planId,
        plans.map((p) => p.id),
      ),
    )
    .orderBy(asc(incidentPlanSteps.seq));
  return plans.map((p) => ({ ...p, steps: steps.filter((st) => st.planId === p.id) }));
}

/** Tick a step of a plan of this incident (once); the step, or undefined when not found or done. */
export async function tickStep(
  ex: Executor,
  incidentId: string,
  stepId: string,
  at: Date,
  by: { id: string | null; name: string },
) {
  const [r] = await ex
    .update(incidentPlanSteps)
    .set({ doneAt: at, doneBy: by.id, doneByName: by.name })
    .where(
      and(
        eq(incidentPlanSteps.id, stepId),
        sql`${incidentPlanSteps.doneAt} is null`,
        sql`${incidentPlanSteps.planId} in (select p.id from incident_plans p where p.incident_id = ${incidentId})`,
      ),
    )
    .returning();
  return r;
}

/** Schools in scope with their location, open incidents and devices (online or not). */
export async function schoolsOverview(ex: Executor, scope: Scope, open: IncidentStatus[]) {
  return ex
    .select({
      id: orgs.id,
      name: orgs.name,
      lon: orgs.lon,
      lat: orgs.lat,
      openIncidents: sql<number>`(select count(*)::int from incidents i
        where i.school_id = "orgs"."id" and i.status in ${open})`,
      devices: sql<number>`(select count(*)::int from alarm_devices d
        where d.school_id = "orgs"."id" and d.enabled)`,
      devicesOffline: sql<number>`(select count(*)::int from alarm_devices d
        where d.school_id = "orgs"."id" and d.enabled and not d.online)`,
    })
    .from(orgs)
    .where(and(eq(orgs.kind, 'school'), eq(orgs.status, 'active'), orgScopeSql(scope, orgs.id)))
    .orderBy(asc(orgs.sort), asc(orgs.name));
}

/**
 * Who pressed, as they are now: name (the registry's, without the title an account's display name
 * may carry, else the display name), phone, what they are (a student, a staff kind, else their
 * first role) and their class or department (their registry entry's, else their home organisation
 * when it is one).
 */
export async function callerOf(ex: Executor, userId: string) {
  const [r] = await rows<{ name: string; phone: string | null; role: string | null; unit: string | null }>(
    ex,
    sql`select coalesce(reg.name, u.display_name) as name, u.phone,
          coalesce(reg.kind, case when o.kind = 'class' then 'student' end, fm.role) as role,
          coalesce(reg.unit, case when o.kind in ('class', 'department', 'college', 'campus') then o.name end) as unit
        from users u
        join orgs o on o.id = u.org_id
        left join lateral (
          select x.kind, x.unit, x.name from (
            select 'student' as kind, so.name as unit, st.name, 0 as rank
              from students st join orgs so on so.id = st.org_id where st.user_id = u.id
            union all
            select sf.kind, fo.name, sf.name, 1 from staff sf join orgs fo on fo.id = sf.org_id where sf.user_id = u.id
          ) x order by x.rank limit 1
        ) reg on true
        left join lateral (
          select m.role from memberships m where m.user_id = u.id order by m.created_at limit 1
        ) fm on true
        where u.id = ${userId}`,
  );
  return r;
}

/**
 * Active users whose console already rings for alarms of an organisation: a role with `roles`
 * (those that read alarms) held at the organisation or above it.
 */
export async function bannerHolders(ex: Executor, orgId: string, roles: readonly string[]) {
  if (!roles.length) return [];
  const r = await rows<{ user_id: string }>(
    ex,
    sql`select distinct m.user_id from memberships m
          join orgs o on o.id = m.org_id
          join users u on u.id = m.user_id and u.status = 'active'
        where m.role in ${[...roles]} and (select t.path from orgs t where t.id = ${orgId}) like o.path || '%'`,
  );
  return r.map((x) => x.user_id);
}

/** A school's own security duty number (保卫处值班电话) and name. */
export async function schoolContact(ex: Executor, schoolId: string) {
  const [r] = await ex
    .select({ name: orgs.name, dutyPhone: orgs.dutyPhone })
    .from(orgs)
    .where(eq(orgs.id, schoolId))
    .limit(1);
  return r;
}
