import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { AlarmsContext } from './alarms.context.js';
import { scheduleEscalation } from './alarms.escalation.js';
import { INCIDENT_EVENTS } from './alarms.events.js';
import type { AlarmClass, AlarmMode, AlarmSource } from './alarms.model.js';
import * as repo from './alarms.repository.js';

/** What raises an alarm, whatever the source. */
export interface RaiseInput {
  schoolId: string;
  orgId?: string;
  alarmClass: AlarmClass;
  mode: AlarmMode;
  source: AlarmSource;
  sourceRef: string;
  idempotencyKey: string;
  placeId?: string | null;
  lon?: number | null;
  lat?: number | null;
  /** metres, as the phone reports its fix */
  accuracy?: number | null;
  /** metres from the fix to the place resolved from it (0 inside its outline) */
  placeDistance?: number | null;
  /** who pressed (a phone's SOS), as they were at the time */
  caller?: { name: string; role: string | null; unit: string | null; phone: string | null } | null;
  note?: string | null;
  raisedBy: string | null;
  actorName: string;
}

/**
 * The one way in for every source. The incident, its first timeline entry and the event that
 * rings the consoles are written in one transaction; the caller answers only after it commits.
 * The same (source, ref, idempotency key) returns the incident already stored.
 */
export async function raise(c: AlarmsContext, input: RaiseInput): Promise<{ id: string; created: boolean }> {
  return c.k.transaction(async (tx) => {
    const now = c.k.clock.now();
    const { incident, created } = await repo.insertIdempotent(tx, {
      id: newId(),
      orgId: input.orgId ?? input.schoolId,
      schoolId: input.schoolId,
      alarmClass: input.alarmClass,
      mode: input.mode,
      source: input.source,
      sourceRef: input.sourceRef,
      idempotencyKey: input.idempotencyKey,
      placeId: input.placeId ?? null,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      accuracy: input.accuracy ?? null,
      placeDistance: input.placeDistance ?? null,
      callerName: input.caller?.name ?? null,
      callerRole: input.caller?.role ?? null,
      callerUnit: input.caller?.unit ?? null,
      callerPhone: input.caller?.phone ?? null,
      note: input.note ?? null,
      status: 'raised',
      raisedAt: now,
      raisedBy: input.raisedBy,
      updatedAt: now,
    });
    if (created) {
      await repo.addEvent(tx, {
        id: newId(),
        incidentId: incident.id,
        at: now,
        actorId: input.raisedBy,
        actorName: input.actorName,
        kind: 'raised',
        note: input.note ?? null,
        data: { source: input.source, alarmClass: input.alarmClass, mode: input.mode },
      });
      await appendEvent(tx, c.k.clock, {
        type: INCIDENT_EVENTS.raised,
        payload: {
          id: incident.id,
          alarmClass: incident.alarmClass,
          mode: incident.mode,
          source: incident.source,
          status: incident.status,
          placeId: incident.placeId,
        },
        orgId: incident.orgId,
        actorId: input.raisedBy,
      });
      await scheduleEscalation(c, tx, incident, 0);
    }
    return { id: incident.id, created };
  });
}
