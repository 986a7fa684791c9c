import { z } from 'zod';
import { intParam, isoDay } from '../../kernel/http/schemas.js';
import { durationSchema } from '../../kernel/calendar/index.js';
import { ALARM_CLASSES } from '../alarms/index.js';
import { CLOSE_KINDS, REQUEST_ACTIONS, REQUEST_STATUSES } from './requests.model.js';
import { PRIORITIES } from './requests.routing.js';
import { CHANNELS, IDENTITIES } from './requests.tables.js';
import { contactPhone } from './requests.contact.js';
import { AFTER_PHOTOS_MAX } from './requests.photos-after.js';

const idempotencyKey = z
  .string()
  .trim()
  .min(8)
  .max(100)
  .regex(/^[A-Za-z0-9_.:-]+$/)
  .describe('chosen by the sender and reused on every retry of the same request (a UUID is fine)');

const text = (max: number) => z.string().trim().max(max);
const phone = z
  .string()
  .trim()
  .regex(/^[0-9+\- ]{5,20}$/, 'a phone number');

export const unitSchema = z.object({ kind: z.enum(['org', 'grid']), id: z.uuid(), name: z.string() });

/** Who filed it, as the reader may see it. */
export const reporterSchema = z.object({
  identity: z.enum(IDENTITIES),
  /** named: the name; sealed and anonymous: null (sealed: reveal with request.sealed) */
  name: z.string().nullable(),
  phone: z.string().nullable(),
});

export const requestSchema = z
  .object({
    id: z.uuid(),
    no: z.string(),
    schoolId: z.uuid(),
    schoolName: z.string(),
    categoryId: z.uuid(),
    categoryName: z.string(),
    priority: z.enum(PRIORITIES),
    description: z.string(),
    placeId: z.uuid().nullable(),
    placeName: z.string().nullable(),
    address: z.string().nullable(),
    lon: z.number().nullable(),
    lat: z.number().nullable(),
    photos: z.array(z.uuid()),
    attributes: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    channel: z.enum(CHANNELS),
    externalNo: z.string().nullable(),
    reporter: reporterSchema,
    status: z.enum(REQUEST_STATUSES),
    closeKind: z.enum(CLOSE_KINDS).nullable(),
    unit: unitSchema.nullable(),
    firstUnit: unitSchema.nullable(),
    gridName: z.string().nullable(),
    receivedAt: z.date(),
    respondBy: z.date(),
    resolveBy: z.date(),
    respondedAt: z.date().nullable(),
    repliedAt: z.date().nullable(),
    closedAt: z.date().nullable(),
    overdue: z.boolean().describe('open past its resolution deadline, or replied after it'),
    respondOverdue: z.boolean(),
    ladder: z.object({
      urgedAt: z.date().nullable(),
      supervisedAt: z.date().nullable(),
      noticedAt: z.date().nullable(),
    }),
    visit: z
      .object({ contacted: z.boolean(), solved: z.boolean(), satisfaction: z.number().int() })
      .nullable(),
    visitedAt: z.date().nullable(),
    reopenCount: z.number().int(),
    mergedInto: z.object({ id: z.uuid(), no: z.string() }).nullable(),
    incidentId: z.uuid().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Request' });

export const requestEventSchema = z
  .object({
    id: z.uuid(),
    at: z.date(),
    actorName: z.string(),
    kind: z.string(),
    visibility: z.enum(['public', 'internal']),
    side: z.enum(['reporter', 'handler', 'system']),
    body: z.string().nullable(),
    status: z.enum(REQUEST_STATUSES).nullable(),
    data: z.record(z.string(), z.unknown()).nullable(),
    /** photos of the work done, with the unit's answer */
    photos: z.array(z.uuid()),
  })
  .meta({ id: 'RequestEvent' });

export const requestDetailSchema = requestSchema
  .extend({
    events: z.array(requestEventSchema),
    /** what this reader may do now */
    actions: z.array(z.enum(REQUEST_ACTIONS)),
    canMessage: z.boolean(),
    canRevealReporter: z.boolean(),
    possibleDuplicates: z.array(
      z.object({ id: z.uuid(), no: z.string(), description: z.string(), status: z.enum(REQUEST_STATUSES) }),
    ),
  })
  .meta({ id: 'RequestDetail' });

/** What the reporter sees (by the private link or as its signed-in filer): no internal notes. */
export const trackedSchema = z
  .object({
    id: z.uuid(),
    no: z.string(),
    schoolName: z.string(),
    categoryName: z.string(),
    description: z.string(),
    placeName: z.string().nullable(),
    photos: z.array(z.uuid()),
    identity: z.enum(IDENTITIES),
    status: z.enum(REQUEST_STATUSES),
    closeKind: z.enum(CLOSE_KINDS).nullable(),
    receivedAt: z.date(),
    respondBy: z.date(),
    resolveBy: z.date(),
    unitName: z.string().nullable(),
    canRate: z.boolean(),
    visit: z
      .object({ contacted: z.boolean(), solved: z.boolean(), satisfaction: z.number().int() })
      .nullable(),
    mergedInto: z.object({ no: z.string(), status: z.enum(REQUEST_STATUSES) }).nullable(),
    thread: z.array(
      z.object({
        at: z.date(),
        side: z.enum(['reporter', 'handler', 'system']),
        /** the handler's unit, never a person's name; the reporter's own messages: 我 */
        author: z.string(),
        kind: z.string(),
        body: z.string().nullable(),
        status: z.enum(REQUEST_STATUSES).nullable(),
        /** photos of the work done, with the unit's answer */
        photos: z.array(z.uuid()),
      }),
    ),
  })
  .meta({ id: 'TrackedRequest' });

export const fileBody = z.object({
  idempotencyKey,
  categoryId: z.uuid(),
  description: text(2000).min(5),
  placeId: z.uuid().optional(),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  address: text(200).optional(),
  photos: z.array(z.uuid()).max(6).default([]),
  attributes: z.record(z.string().max(40), z.union([text(500), z.array(text(100)).max(20)])).default({}),
  identity: z.enum(IDENTITIES).default('named'),
  channel: z.enum(['phone', 'qr', 'dorm']).default('phone'),
  contactPhone: contactPhone.optional(),
});

export const hotlineBody = z.object({
  idempotencyKey,
  schoolId: z.uuid(),
  categoryId: z.uuid(),
  description: text(2000).min(5),
  placeId: z.uuid().optional(),
  address: text(200).optional(),
  callerName: text(40).optional(),
  callerPhone: phone.optional(),
  identity: z.enum(IDENTITIES).default('named'),
  externalNo: text(40).optional().describe('the 12345 ticket number of a transferred call'),
  priority: z.enum(PRIORITIES).default('normal'),
  attributes: z.record(z.string().max(40), z.union([text(500), z.array(text(100)).max(20)])).default({}),
});

export const filedSchema = z
  .object({
    id: z.uuid(),
    no: z.string(),
    created: z.boolean(),
    /** the private follow-up link's token: shown once; anonymous reporters follow only through it */
    trackToken: z.string().nullable(),
    status: z.enum(REQUEST_STATUSES),
    receivedAt: z.date(),
    respondBy: z.date(),
    resolveBy: z.date(),
  })
  .meta({ id: 'RequestFiled' });

export const actionBody = z.object({
  action: z.enum(REQUEST_ACTIONS),
  version: z.number().int(),
  reason: text(500).optional(),
  /** a message to the reporter that goes with the step (contact, reply, answer_directly) */
  message: text(2000).optional(),
  /** dispatch and transfer: the unit */
  unitOrgId: z.uuid().optional(),
  unitGridId: z.uuid().optional(),
  /** extend */
  extension: durationSchema.optional(),
  /** visit */
  visit: z
    .object({ contacted: z.boolean(), solved: z.boolean(), satisfaction: z.number().int().min(1).max(5) })
    .optional(),
  /** merge: the request this one joins */
  mergeInto: z.uuid().optional(),
  /** refer (转警情): the alarm's class */
  alarmClass: z.enum(ALARM_CLASSES).optional(),
  /** reply, answer_directly: photos of the work done (uploaded by the one acting) */
  photos: z.array(z.uuid()).max(AFTER_PHOTOS_MAX).optional(),
});

export const messageBody = z.object({
  body: text(2000).min(1),
  internal: z.boolean().default(false).describe('a note for handlers only'),
});
export const reporterMessageBody = z.object({ body: text(2000).min(1) });
export const rateBody = z.object({
  contacted: z.boolean(),
  solved: z.boolean(),
  satisfaction: z.number().int().min(1).max(5),
  comment: text(500).optional(),
});

export const listQuery = z.object({
  schoolId: z.uuid().optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional(),
  categoryId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  channel: z.enum(CHANNELS).optional(),
  overdue: z.enum(['true']).optional(),
  q: text(60).optional(),
  from: isoDay().optional(),
  to: isoDay().optional(),
  page: intParam(1, 10_000, 1),
  pageSize: intParam(1, 100, 20),
});

export const queueItemSchema = z
  .object({
    request: requestSchema,
    /** what is expected of the reader */
    todo: z.enum(['dispatch', 'sign', 'contact', 'reply', 'resume', 'audit', 'visit', 'rate', 'supervised']),
    dueAt: z.date().nullable(),
  })
  .meta({ id: 'RequestQueueItem' });

export const rateRowSchema = z
  .object({
    key: z.string(),
    name: z.string(),
    received: z.number().int(),
    open: z.number().int(),
    dueResponse: z.number().int(),
    respondedInTime: z.number().int(),
    dueResolution: z.number().int(),
    solved: z.number().int(),
    evaluated: z.number().int(),
    satisfied: z.number().int(),
    overdue: z.number().int(),
    response: z.number().nullable(),
    resolution: z.number().nullable(),
    satisfaction: z.number().nullable(),
    score: z.number().nullable(),
    /** 1 for the best score (ties share one); null where nothing fell due (无数据), listed after */
    rank: z.number().int().nullable().optional(),
  })
  .meta({ id: 'RequestRateRow' });

export const ratesQuery = z.object({
  schoolId: z.uuid().optional(),
  groupBy: z.enum(['unit', 'grid', 'month', 'school', 'category']).default('unit'),
  from: isoDay().optional(),
  to: isoDay().optional(),
});
