import { z } from 'zod';
import { intParam, isoDateTime, isoDay, isoMonth } from '../../kernel/http/schemas.js';
import { RISK_DOMAINS } from '../tasks/index.js';
import { HAZARD_GRADES, HAZARD_ORIGINS, HAZARD_STATUSES } from './hazards.model.js';
import { HAZARD_EVENT_KINDS } from './hazards.tables.js';

const text = (max: number) => z.string().trim().max(max);
const domainCodes = RISK_DOMAINS.map((d) => d.code) as [string, ...string[]];
const idempotencyKey = z
  .string()
  .trim()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/)
  .describe('chosen by the sender and reused on every retry of the same report');

export const planSchema = z.object({
  person: text(60).min(1),
  measures: text(2000).min(1),
  funds: z.number().min(0).max(100_000_000),
  /** a China date (the end of that day) or an instant with its offset */
  deadline: z
    .union([isoDay(), isoDateTime()])
    .transform((s) => new Date(s.length === 10 ? `${s}T23:59:59+08:00` : s)),
  interim: text(1000).default(''),
});

const unitSchema = z.object({ kind: z.enum(['org', 'grid']), id: z.uuid(), name: z.string() }).nullable();

export const hazardSchema = z
  .object({
    id: z.uuid(),
    no: z.string(),
    schoolId: z.uuid(),
    schoolName: z.string(),
    domain: z.enum(domainCodes),
    grade: z.enum(HAZARD_GRADES),
    origin: z.enum(HAZARD_ORIGINS),
    title: z.string(),
    description: z.string(),
    placeId: z.uuid().nullable(),
    placeName: z.string().nullable(),
    address: z.string().nullable(),
    gridId: z.uuid().nullable(),
    gridName: z.string().nullable(),
    unit: unitSchema,
    foundByName: z.string(),
    foundAt: z.date(),
    photos: z.array(z.uuid()),
    deadline: z.date(),
    status: z.enum(HAZARD_STATUSES),
    overdue: z.boolean(),
    supervised: z.boolean(),
    plan: planSchema.extend({ deadline: z.date() }).nullable(),
    noticeNo: z.string().nullable(),
    closedAt: z.date().nullable(),
    verifiedByName: z.string().nullable(),
    rejections: z.number().int(),
    repeat: z.boolean(),
    taskInstanceId: z.uuid().nullable(),
    itemCode: z.string().nullable(),
    /** a checklist's hazard: the task's name and the item's words as they were when it was found */
    sourceTask: z.string().nullable(),
    sourceItem: z.string().nullable(),
    version: z.number().int(),
    updatedAt: z.date(),
  })
  .meta({ id: 'Hazard' });

export const hazardEventSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(HAZARD_EVENT_KINDS),
    actorName: z.string(),
    body: z.string(),
    phase: z.enum(['before', 'after']).nullable(),
    photos: z.array(z.uuid()),
    data: z.record(z.string(), z.unknown()).nullable(),
    at: z.date(),
  })
  .meta({ id: 'HazardEvent' });

export const HAZARD_STEPS = ['plan', 'progress', 'submit', 'pass', 'reject', 'assign', 'comment'] as const;

export const hazardDetailSchema = hazardSchema
  .extend({
    events: z.array(hazardEventSchema),
    /** steps the reader may take now */
    actions: z.array(z.enum(HAZARD_STEPS)),
    /** may the reader issue the notice (整改通知书) */
    canIssueNotice: z.boolean(),
    /** a 随手拍 reporter's phone, shown to the security office only */
    contactPhone: z.string().nullable(),
  })
  .meta({ id: 'HazardDetail' });

export const reportBody = z.object({
  key: idempotencyKey,
  schoolId: z.uuid().optional(),
  origin: z.enum(['adhoc', 'patrol', 'police']).default('adhoc'),
  domain: z.enum(domainCodes),
  grade: z.enum(HAZARD_GRADES),
  title: text(100).min(1),
  description: text(2000).default(''),
  placeId: z.uuid().optional(),
  address: text(200).optional(),
  lat: z.number().min(-90).max(90).optional(),
  lng: z.number().min(-180).max(180).optional(),
  photos: z.array(z.uuid()).max(9).default([]),
  unitOrgId: z.uuid().optional(),
  unitGridId: z.uuid().optional(),
});

export const fromItemBody = z.object({
  itemCode: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/),
  grade: z.enum(HAZARD_GRADES).default('general'),
  description: text(2000).optional(),
});

export const actionBody = z.object({
  action: z.enum(HAZARD_STEPS),
  version: z.number().int(),
  plan: planSchema.optional(),
  photos: z.array(z.uuid()).max(9).default([]),
  phase: z.enum(['before', 'after']).optional(),
  body: text(2000).optional(),
  reason: text(1000).optional(),
  /** the verifier's name as signed (复查/验收 签字) */
  signature: text(40).optional(),
  grade: z.enum(HAZARD_GRADES).optional(),
  unitOrgId: z.uuid().optional(),
  unitGridId: z.uuid().optional(),
});

export const listQuery = z.object({
  schoolId: z.uuid().optional(),
  status: z.enum(HAZARD_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional(),
  grade: z.enum(HAZARD_GRADES).optional(),
  domain: z.enum(domainCodes).optional(),
  origin: z.enum(HAZARD_ORIGINS).optional(),
  gridId: z.uuid().optional(),
  overdue: z.enum(['true', 'false']).optional(),
  supervised: z.enum(['true', 'false']).optional(),
  from: isoDay().optional(),
  to: isoDay().optional(),
  q: text(60).optional(),
  page: intParam(1, 10_000, 1),
  pageSize: intParam(1, 200, 50),
});

export const queueItemSchema = z
  .object({
    todo: z.enum(['plan', 'progress', 'verify', 'assign']),
    hazard: hazardSchema,
  })
  .meta({ id: 'HazardQueueItem' });

export const settingsSchema = z
  .object({
    schoolId: z.uuid(),
    deadlines: z.object({
      general: z.number().int().min(1).max(365),
      serious: z.number().int().min(1).max(365),
      major: z.number().int().min(1).max(365),
    }),
    graceDays: z.number().int().min(0).max(90),
  })
  .meta({ id: 'HazardSettings' });
export const settingsBody = settingsSchema.omit({ schoolId: true });

const countRow = z.object({
  key: z.string(),
  label: z.string(),
  general: z.number(),
  serious: z.number(),
  major: z.number(),
  total: z.number(),
});

export const monthlySchema = z
  .object({
    schoolId: z.uuid(),
    schoolName: z.string(),
    month: z.string(),
    found: z.number().int(),
    closed: z.number().int(),
    closedOnTime: z.number().int(),
    /** of the month's hazards, closed by the month's end */
    rectificationRate: z.number().nullable(),
    /** still open past the deadline at the month's end */
    overdueOpen: z.number().int(),
    /** closed after the deadline, in the month */
    closedLate: z.number().int(),
    supervised: z.number().int(),
    /** found at a place where the same domain had a hazard within 90 days before */
    repeats: z.number().int(),
    openAtEnd: z.number().int(),
    byDomain: z.array(countRow),
    byOrigin: z.array(z.object({ key: z.string(), label: z.string(), total: z.number() })),
    byDay: z.array(z.object({ day: z.string(), found: z.number(), closed: z.number() })),
    repeatList: z.array(
      z.object({ id: z.uuid(), no: z.string(), title: z.string(), placeName: z.string().nullable() }),
    ),
    overdueList: z.array(
      z.object({
        id: z.uuid(),
        no: z.string(),
        title: z.string(),
        grade: z.enum(HAZARD_GRADES),
        deadline: z.date(),
        unit: z.string(),
      }),
    ),
    sent: z.array(
      z.object({ id: z.uuid(), sentAt: z.date(), sentByName: z.string(), to: z.array(z.string()) }),
    ),
  })
  .meta({ id: 'HazardMonthly' });

export const monthlyQuery = z.object({
  schoolId: z.uuid(),
  month: isoMonth(),
});

export const sentReportSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    schoolName: z.string(),
    month: z.string(),
    sentAt: z.date(),
    sentByName: z.string(),
    to: z.array(z.string()),
  })
  .meta({ id: 'HazardReportSent' });

export const publicPlaceSchema = z
  .object({ placeId: z.uuid(), placeName: z.string(), schoolName: z.string() })
  .meta({ id: 'HazardPublicPlace' });

export const publicReceiptSchema = z
  .object({ no: z.string(), receivedAt: z.date() })
  .meta({ id: 'HazardPublicReceipt' });
