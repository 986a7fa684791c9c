import { PLACE_KINDS } from '../places/index.js';
import { DEVICE_KINDS } from './alarms.tables.js';
import { z } from 'zod';
import {
  ALARM_CLASSES,
  ALARM_MODES,
  ALARM_SOURCES,
  CLOCK_KEYS,
  INCIDENT_ACTIONS,
  INCIDENT_STATUSES,
} from './alarms.model.js';

const idempotencyKey = z
  .string()
  .trim()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/)
  .describe('chosen by the sender and reused on every retry of the same alarm (a UUID is fine)');

export const raisedSchema = z
  .object({ id: z.uuid(), created: z.boolean().describe('false: this key was already received') })
  .meta({ id: 'AlarmRaised' });

export const sosBody = z.object({
  idempotencyKey,
  alarmClass: z.enum(ALARM_CLASSES).optional().describe('default police'),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  accuracy: z.number().min(0).max(100_000).optional().describe('metres, as the phone reports its fix'),
  placeId: z.uuid().optional(),
  note: z.string().trim().max(500).optional(),
});

export const manualBody = z.object({
  schoolId: z.uuid(),
  idempotencyKey,
  alarmClass: z.enum(ALARM_CLASSES),
  mode: z.enum(ALARM_MODES).default('real'),
  placeId: z.uuid().optional(),
  note: z.string().trim().max(500).optional(),
});

export const deviceBody = z.object({
  mode: z.enum(ALARM_MODES).default('real').describe('test: a device test (kept as its last test)'),
});

export const deviceHeaders = z.object({
  'x-anxiao-timestamp': z
    .string()
    .regex(/^\d{9,12}$/)
    .describe('Unix seconds'),
  'x-anxiao-signature': z.string().max(128).describe('hex HMAC-SHA256 of timestamp, key and body hash'),
  'idempotency-key': idempotencyKey,
});

const clockEntry = z.object({
  key: z.enum(CLOCK_KEYS),
  seconds: z.number().int(),
  target: z.number().int().nullable(),
  state: z.enum(['met', 'missed', 'running', 'overdue', 'not_needed']),
});

export const incidentSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    schoolName: z.string(),
    alarmClass: z.enum(ALARM_CLASSES),
    mode: z.enum(ALARM_MODES),
    source: z.enum(ALARM_SOURCES),
    placeId: z.uuid().nullable(),
    placeName: z.string().nullable(),
    placeCode: z.string().nullable(),
    placeKind: z.enum(PLACE_KINDS).nullable(),
    placeDistance: z
      .number()
      .nullable()
      .describe(
        "metres from the phone's fix to the place resolved from it: 0 inside its outline, more when the nearest; null when the place was not resolved from a fix",
      ),
    mapPlaceId: z
      .uuid()
      .nullable()
      .describe('the building, gate or area on the campus map that holds the place'),
    lon: z.number().nullable(),
    lat: z.number().nullable(),
    accuracy: z.number().nullable().describe("the phone's reported accuracy in metres"),
    note: z.string().nullable(),
    caller: z
      .object({
        name: z.string(),
        role: z
          .string()
          .nullable()
          .describe('student, a staff kind (teacher, staff, guard, volunteer), else their first role'),
        unit: z.string().nullable().describe('class or department'),
        phone: z.string().nullable(),
        phoneMasked: z
          .boolean()
          .describe(
            'the number is masked: in full only to those who handle the open alarm; else revealed through POST /api/incidents/{id}/caller-phone (audited)',
          ),
      })
      .nullable()
      .describe("who pressed (a phone's SOS)"),
    status: z.enum(INCIDENT_STATUSES),
    routedToPolice: z
      .boolean()
      .describe(
        'police and fire alarms ring the police station at once; staff assist and medical stay in the school',
      ),
    outside: z
      .enum(['police', 'fire'])
      .nullable()
      .describe(
        'who answers beyond the school: the police (110), the fire brigade (119) relayed by the station, or none',
      ),
    raisedAt: z.date(),
    acknowledgedAt: z.date().nullable(),
    policeAcceptedAt: z.date().nullable(),
    onSceneAt: z.date().nullable(),
    policeOnSceneAt: z.date().nullable(),
    resolvedAt: z.date().nullable(),
    resolveNote: z.string().nullable().describe('处置说明, given with 处置完毕'),
    closedAt: z.date().nullable(),
    closeReason: z
      .string()
      .nullable()
      .describe('结案说明 (the note given with 结案), or the reason of a false alarm or a withdrawal'),
    version: z.number().int(),
    clock: z.array(clockEntry).describe('the response clock: each step against its target (1-3-5 minutes)'),
  })
  .meta({ id: 'Incident' });

const planSchema = z.object({
  id: z.uuid(),
  type: z.string(),
  name: z.string(),
  openedAt: z.date(),
  steps: z.array(
    z.object({
      id: z.uuid(),
      seq: z.number().int(),
      title: z.string(),
      owner: z.string().describe('the role that does it'),
      doneAt: z.date().nullable(),
      doneByName: z.string().nullable(),
    }),
  ),
});

export const incidentDetailSchema = incidentSchema
  .extend({
    plans: z.array(planSchema).describe('emergency plans opened on it, as checklists'),
    timeline: z.array(
      z.object({
        id: z.uuid(),
        at: z.date(),
        actorId: z.uuid().nullable(),
        actorName: z.string(),
        kind: z.string(),
        note: z.string().nullable(),
        data: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
  })
  .meta({ id: 'IncidentDetail' });

export const actionBody = z.object({
  action: z.enum(INCIDENT_ACTIONS),
  note: z
    .string()
    .trim()
    .max(500)
    .optional()
    .describe('on the timeline; with resolve kept as 处置说明, with close as 结案说明'),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .optional()
    .describe('required to cancel or to close as a false alarm'),
});

export const deviceSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(DEVICE_KINDS),
    alarmClass: z.enum(ALARM_CLASSES),
    placeId: z.uuid().nullable(),
    placeName: z.string().nullable(),
    placeCode: z.string().nullable(),
    heartbeatSeconds: z.number().int(),
    lastSeenAt: z.date().nullable(),
    lastTestAt: z.date().nullable(),
    online: z.boolean(),
    enabled: z.boolean(),
  })
  .meta({ id: 'AlarmDevice' });

export const registerDeviceBody = z.object({
  schoolId: z.uuid(),
  code: z
    .string()
    .trim()
    .min(2)
    .max(40)
    .regex(/^[A-Za-z0-9_.-]+$/),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(DEVICE_KINDS),
  alarmClass: z.enum(ALARM_CLASSES).default('police'),
  placeId: z.uuid().optional(),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  heartbeatSeconds: z.number().int().min(10).max(3600).optional(),
});

export const sosContactsSchema = z
  .object({
    schoolName: z.string().nullable(),
    dutyPhone: z.string().nullable().describe("the school's own security duty number (保卫处值班电话)"),
  })
  .meta({ id: 'SosContacts' });
