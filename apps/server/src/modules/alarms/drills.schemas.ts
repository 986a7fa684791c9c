import { z } from 'zod';
import { dateInput } from '../../kernel/http/schemas.js';
import { ALARM_CLASSES, INCIDENT_STATUSES } from './alarms.model.js';
import { PLAN_TYPES } from './alarms.plans.js';
import { DRILL_KINDS, DRILL_STATUSES } from './alarms.tables.js';

export const scheduleDrillBody = z.object({
  schoolId: z.uuid(),
  kind: z.enum(DRILL_KINDS),
  title: z.string().trim().min(1).max(100).describe('e.g. 3 号教学楼紧急疏散演练'),
  planType: z.enum(PLAN_TYPES).optional().describe('the emergency plan rehearsed; opened when it starts'),
  alarmClass: z.enum(ALARM_CLASSES).default('police'),
  placeId: z.uuid().optional().describe('the building (or place) evacuated'),
  deviceId: z.uuid().optional().describe('device tests: the device pressed'),
  scheduledAt: dateInput(),
  targetSeconds: z
    .number()
    .int()
    .min(10)
    .max(3600)
    .optional()
    .describe('evacuation target; 120 s by default for buildings of 4 floors or fewer'),
});

export const finishDrillBody = z.object({
  evacuationSeconds: z.number().int().min(1).max(36_000).optional().describe('from the signal to all out'),
  participants: z.number().int().min(0).max(100_000).optional(),
  summary: z.string().trim().max(2000).optional().describe('evaluation: what went well, what to improve'),
});

const seconds = z.number().int().nullable();

export const drillSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    schoolName: z.string(),
    kind: z.enum(DRILL_KINDS),
    title: z.string(),
    planType: z.enum(PLAN_TYPES).nullable(),
    alarmClass: z.enum(ALARM_CLASSES),
    placeId: z.uuid().nullable(),
    placeName: z.string().nullable(),
    deviceId: z.uuid().nullable(),
    deviceName: z.string().nullable(),
    scheduledAt: z.date(),
    status: z.enum(DRILL_STATUSES),
    reportedAt: z.date().nullable().describe('报备: when the police station was told'),
    reportedTo: z.number().int().describe('officers told'),
    policeAckAt: z.date().nullable(),
    policeAckByName: z.string().nullable(),
    incidentId: z.uuid().nullable(),
    incidentStatus: z.enum(INCIDENT_STATUSES).nullable(),
    startedAt: z.date().nullable(),
    finishedAt: z.date().nullable(),
    targetSeconds: seconds,
    evacuationSeconds: seconds,
    result: z.enum(['met', 'missed']).nullable().describe('evacuation time against the target'),
    participants: z.number().int().nullable(),
    summary: z.string().nullable(),
    cancelReason: z.string().nullable(),
    createdByName: z.string(),
    timings: z
      .object({
        acknowledge: seconds,
        policeAccept: seconds,
        onScene: seconds,
        policeOnScene: seconds,
      })
      .describe("seconds from the drill's alarm to each step of its incident (evidence)"),
  })
  .meta({ id: 'Drill' });
