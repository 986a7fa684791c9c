import { authorize, pathInScope, type Actor } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { findOrgById, schoolOf } from '../orgs/index.js';
import { locateInSchool, placesByIds } from '../places/index.js';
import type { AlarmsContext } from './alarms.context.js';
import { alarmErrors } from './alarms.errors.js';
import type { AlarmClass, AlarmMode } from './alarms.model.js';
import { raise } from './alarms.raise.js';
import * as repo from './alarms.repository.js';

/**
 * The internal port for camera analytics (the video module): a detection at a camera of the
 * school raises an alarm like any other source. `eventKey` is the analytics event's own id, so a
 * detection delivered twice is one alarm.
 */
export async function raiseFromCamera(
  c: AlarmsContext,
  input: {
    schoolId: string;
    cameraId: string;
    cameraName: string;
    eventKey: string;
    alarmClass: AlarmClass;
    mode?: AlarmMode;
    placeId?: string | null;
    lon?: number | null;
    lat?: number | null;
    note: string;
  },
) {
  const school = await findOrgById(c.k.db, input.schoolId);
  if (!school || school.kind !== 'school') throw errors.notFound({ schoolId: input.schoolId });
  return raise(c, {
    schoolId: school.id,
    alarmClass: input.alarmClass,
    mode: input.mode ?? 'real',
    source: 'video',
    sourceRef: input.cameraId,
    idempotencyKey: input.eventKey,
    placeId: input.placeId ?? null,
    lon: input.lon ?? null,
    lat: input.lat ?? null,
    note: input.note,
    raisedBy: null,
    actorName: input.cameraName,
  });
}

/** The phone's SOS: any signed-in user, for the school they belong to. */
export async function sos(
  c: AlarmsContext,
  actor: Actor,
  input: {
    idempotencyKey: string;
    alarmClass?: AlarmClass;
    lon?: number;
    lat?: number;
    accuracy?: number;
    placeId?: string;
    note?: string;
  },
) {
  authorize(actor, 'alarm.sos');
  let school: Awaited<ReturnType<typeof schoolOf>>;
  for (const m of actor.memberships) {
    school = await schoolOf(c.k.db, m.orgId);
    if (school) break;
  }
  if (!school) throw alarmErrors.noSchool();
  // A stale or foreign place (an old QR code) must not cost the alarm: it is raised without one.
  const [place] = input.placeId ? await placesByIds(c.k.db, [input.placeId]) : [];
  const named = place?.schoolId === school.id ? place.id : null;
  // Without a place named (a QR code), the phone's fix is placed on the school's own outlines.
  const located =
    !named && input.lon !== undefined && input.lat !== undefined
      ? await locateInSchool(c.k.db, school.id, input.lon, input.lat)
      : null;
  const caller = await repo.callerOf(c.k.db, actor.userId!);
  return raise(c, {
    schoolId: school.id,
    alarmClass: input.alarmClass ?? 'police',
    mode: 'real',
    source: 'sos',
    sourceRef: actor.userId!,
    idempotencyKey: input.idempotencyKey,
    placeId: named ?? located?.place.id ?? null,
    placeDistance: located ? located.distance : null,
    lon: input.lon ?? null,
    lat: input.lat ?? null,
    accuracy: input.accuracy ?? null,
    caller: caller ?? { name: actor.name, role: null, unit: null, phone: null },
    note: input.note ?? null,
    raisedBy: actor.userId,
    actorName: actor.name,
  });
}

/** What the SOS page offers to call beside 110/119/120: the school's own security duty number. */
export async function sosContacts(c: AlarmsContext, actor: Actor) {
  authorize(actor, 'alarm.sos');
  for (const m of actor.memberships) {
    const school = await schoolOf(c.k.db, m.orgId);
    if (school) {
      const contact = await repo.schoolContact(c.k.db, school.id);
      return { schoolName: contact?.name ?? school.name, dutyPhone: contact?.dutyPhone ?? null };
    }
  }
  return { schoolName: null, dutyPhone: null };
}

/** An operator or guard entering an alarm by hand (a phone call, a shout at the gate). */
export async function raiseManual(
  c: AlarmsContext,
  actor: Actor,
  input: {
    schoolId: string;
    idempotencyKey: string;
    alarmClass: AlarmClass;
    mode: AlarmMode;
    placeId?: string;
    note?: string;
  },
) {
  const scope = authorize(actor, 'alarm.raise');
  const school = await findOrgById(c.k.db, input.schoolId);
  if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
    throw errors.notFound({ schoolId: input.schoolId });
  return raise(c, {
    schoolId: school.id,
    alarmClass: input.alarmClass,
    mode: input.mode,
    source: 'manual',
    sourceRef: actor.userId!,
    idempotencyKey: input.idempotencyKey,
    placeId: input.placeId ?? null,
    note: input.note ?? null,
    raisedBy: actor.userId,
    actorName: actor.name,
  });
}
