import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { orgs } from '../orgs/index.js';
import { places } from '../places/index.js';
import { ALARM_CLASSES, ALARM_MODES, ALARM_SOURCES, INCIDENT_STATUSES } from './alarms.model.js';

export const DEVICE_KINDS = ['gate', 'guard_room', 'dorm_duty', 'shop', 'other'] as const;

/** One-click alarm boxes (一键报警) at gates, guard rooms, dorm duty rooms and neighbouring shops. */
export const alarmDevices = pgTable(
  'alarm_devices',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    /** globally unique: it names the device in requests and MQTT topics */
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: DEVICE_KINDS }).notNull(),
    /** the class a press raises (a gate button: police) */
    alarmClass: text('alarm_class', { enum: ALARM_CLASSES }).notNull(),
    placeId: uuid('place_id').references(() => places.id),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    /** the signing secret, encrypted (FieldCrypto) */
    secretEnc: text('secret_enc').notNull(),
    heartbeatSeconds: integer('heartbeat_seconds').notNull().default(60),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
    lastTestAt: timestamp('last_test_at', { withTimezone: true }),
    online: boolean('online').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('alarm_devices_code_idx').on(t.code), index('alarm_devices_school_idx').on(t.schoolId)],
);

/** An alarm and what was done about it (警情). */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey(),
    /** the school (or campus) the alarm belongs to; data scope and police jurisdiction run through it */
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    alarmClass: text('alarm_class', { enum: ALARM_CLASSES }).notNull(),
    mode: text('mode', { enum: ALARM_MODES }).notNull(),
    source: text('source', { enum: ALARM_SOURCES }).notNull(),
    /** the device, user or camera that raised it */
    sourceRef: text('source_ref').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    placeId: uuid('place_id').references(() => places.id),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    note: text('note'),
    // issue 14: where and who. The phone's reported accuracy (metres); the resolved place's distance
    // from the fix (0 inside its outline, null when not resolved from a fix); the sender as they
    // were when they pressed, and a number to call them back (personal data: masked outside the
    // alarm's handling, revealed with an audit entry).
    accuracy: doublePrecision('accuracy'),
    placeDistance: doublePrecision('place_distance'),
    callerName: text('caller_name'),
    callerRole: text('caller_role'),
    callerUnit: text('caller_unit'),
    callerPhone: text('caller_phone'),
    /** 处置说明: what was done, given with 处置完毕 (结案说明 is closeReason) */
    resolveNote: text('resolve_note'),
    status: text('status', { enum: INCIDENT_STATUSES }).notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    raisedBy: uuid('raised_by'),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
    policeAcceptedAt: timestamp('police_accepted_at', { withTimezone: true }),
    onSceneAt: timestamp('on_scene_at', { withTimezone: true }),
    policeOnSceneAt: timestamp('police_on_scene_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    closeReason: text('close_reason'),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('incidents_idempotency_idx').on(t.source, t.sourceRef, t.idempotencyKey),
    index('incidents_school_status_idx').on(t.schoolId, t.status),
    index('incidents_raised_idx').on(t.raisedAt),
  ],
);

/** The timeline of an incident: every hop, note and escalation with its time and actor. */
export const incidentEvents = pgTable(
  'incident_events',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    /** raised, an action (acknowledge, dispatch, …), note */
    kind: text('kind').notNull(),
    note: text('note'),
    data: jsonb('data').$type<Record<string, unknown>>(),
  },
  (t) => [index('incident_events_incident_idx').on(t.incidentId, t.at)],
);

/** An emergency plan opened on an incident: a copy of a template's steps to tick off. */
export const incidentPlans = pgTable(
  'incident_plans',
  {
    id: uuid('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    name: text('name').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    openedBy: uuid('opened_by'),
  },
  (t) => [uniqueIndex('incident_plans_uniq').on(t.incidentId, t.type)],
);

export const incidentPlanSteps = pgTable(
  'incident_plan_steps',
  {
    id: uuid('id').primaryKey(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => incidentPlans.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    title: text('title').notNull(),
    owner: text('owner').notNull(),
    doneAt: timestamp('done_at', { withTimezone: true }),
    doneBy: uuid('done_by'),
    doneByName: text('done_by_name'),
  },
  (t) => [index('incident_plan_steps_plan_idx').on(t.planId, t.seq)],
);

export const DRILL_KINDS = ['drill', 'device_test'] as const;
export const DRILL_STATUSES = ['scheduled', 'running', 'done', 'cancelled'] as const;

/**
 * A drill or a device test planned ahead (演练, 设备测试): reported to the police station when it
 * is scheduled (报备), run through the alarm path marked as a drill or test, and kept with its
 * timings as evidence (evacuation time against its target; the incident's response clock).
 */
export const alarmDrills = pgTable(
  'alarm_drills',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    kind: text('kind', { enum: DRILL_KINDS }).notNull(),
    title: text('title').notNull(),
    /** the emergency plan it rehearses (evacuation, fire, …); opened on its incident */
    planType: text('plan_type'),
    alarmClass: text('alarm_class', { enum: ALARM_CLASSES }).notNull(),
    placeId: uuid('place_id').references(() => places.id),
    deviceId: uuid('device_id').references(() => alarmDevices.id),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    /** evacuation target: 120 s for buildings of 4 floors or fewer, else the school's own */
    targetSeconds: integer('target_seconds'),
    status: text('status', { enum: DRILL_STATUSES }).notNull(),
    /** 报备: when the police station was told, and how many of its officers */
    reportedAt: timestamp('reported_at', { withTimezone: true }),
    reportedTo: integer('reported_to').notNull().default(0),
    policeAckAt: timestamp('police_ack_at', { withTimezone: true }),
    policeAckBy: uuid('police_ack_by'),
    policeAckByName: text('police_ack_by_name'),
    incidentId: uuid('incident_id').references(() => incidents.id),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    evacuationSeconds: integer('evacuation_seconds'),
    participants: integer('participants'),
    summary: text('summary'),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by'),
    createdByName: text('created_by_name').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('alarm_drills_school_idx').on(t.schoolId, t.scheduledAt)],
);
