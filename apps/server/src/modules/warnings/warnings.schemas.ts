import { z } from 'zod';
import { DELIVERY_STATES } from '../../kernel/notify/index.js';
import { intParam, isoDateTime } from '../../kernel/http/schemas.js';
import {
  AUDIENCE_ROLES,
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  WARNING_STATES,
} from './warnings.model.js';

const text = (max: number) => z.string().trim().max(max);

export const audienceSchema = z
  .object({
    orgIds: z.array(z.uuid()).max(200).default([]).describe('everyone of these organisations (and below)'),
    gridIds: z
      .array(z.uuid())
      .max(200)
      .default([])
      .describe('leaders and members of these grids (and below)'),
    roles: z
      .array(z.enum(AUDIENCE_ROLES))
      .max(AUDIENCE_ROLES.length)
      .default([])
      .describe('only those holding one of these roles within the organisations'),
  })
  .meta({ id: 'WarningAudience' });

const content = {
  event: text(100).min(1).describe('the kind of event, e.g. 暴雨红色预警'),
  headline: text(200).min(1),
  description: text(4000).min(1),
  instruction: text(2000).nullable().default(null).describe('what people should do'),
  category: z.enum(CAP_CATEGORIES).default('Safety'),
  severity: z.enum(CAP_SEVERITIES).describe('红色 Extreme, 橙色 Severe, 黄色 Moderate, 蓝色 Minor'),
  urgency: z.enum(CAP_URGENCIES).default('Expected'),
  certainty: z.enum(CAP_CERTAINTIES).default('Likely'),
  capStatus: z.enum(CAP_STATUSES).default('Actual').describe('Exercise for drills, Test for tests'),
  publicFeed: z.boolean().default(false).describe('also published on the public CAP feed'),
  areaDesc: text(500).default('').describe('empty: the names of the schools'),
  effective: isoDateTime().nullable().default(null).describe('empty: when sent'),
  expires: isoDateTime().nullable().default(null),
};

export const createBody = z.object({
  orgId: z.uuid().describe('the organisation the warning is sent from'),
  audience: audienceSchema,
  ...content,
});

/** A draft: anything; a sent warning: its content only (the audience stays who it reached). */
export const editBody = z
  .object({
    orgId: z.uuid().optional(),
    audience: audienceSchema.optional(),
    event: content.event.optional(),
    headline: content.headline.optional(),
    description: content.description.optional(),
    instruction: text(2000).nullable().optional(),
    category: z.enum(CAP_CATEGORIES).optional(),
    severity: z.enum(CAP_SEVERITIES).optional(),
    urgency: z.enum(CAP_URGENCIES).optional(),
    certainty: z.enum(CAP_CERTAINTIES).optional(),
    capStatus: z.enum(CAP_STATUSES).optional(),
    publicFeed: z.boolean().optional(),
    areaDesc: text(500).optional(),
    effective: isoDateTime().nullable().optional(),
    expires: isoDateTime().nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const previewBody = z.object({ orgId: z.uuid(), audience: audienceSchema });
export const previewSchema = z.object({
  persons: z.number().int(),
  needsApproval: z.boolean(),
  schools: z.array(z.object({ id: z.uuid(), name: z.string() })),
});

export const reasonBody = z.object({ reason: text(500).min(1) });
export const cancelBody = z.object({ reason: text(500).default('') });

export const listQuery = z.object({
  state: z.enum(WARNING_STATES).optional(),
  page: intParam(1, 10_000, 1),
  pageSize: intParam(1, 100, 20),
});

export const recipientsQuery = z.object({
  state: z.enum([...DELIVERY_STATES, 'unacknowledged']).optional(),
  unitId: z.uuid().optional(),
  page: intParam(1, 10_000, 1),
  pageSize: intParam(1, 200, 50),
});

const countsSchema = z.object({
  recipients: z.number().int(),
  read: z.number().int(),
  acknowledged: z.number().int(),
});

export const warningSchema = z
  .object({
    id: z.uuid(),
    orgId: z.uuid(),
    orgName: z.string(),
    schoolId: z.uuid().nullable(),
    state: z.enum(WARNING_STATES),
    version: z.number().int(),
    audience: z.object({ orgIds: z.array(z.uuid()), gridIds: z.array(z.uuid()), roles: z.array(z.string()) }),
    schoolIds: z.array(z.uuid()),
    capStatus: z.enum(CAP_STATUSES),
    publicFeed: z.boolean(),
    category: z.enum(CAP_CATEGORIES),
    event: z.string(),
    headline: z.string(),
    description: z.string(),
    instruction: z.string().nullable(),
    severity: z.enum(CAP_SEVERITIES),
    urgency: z.enum(CAP_URGENCIES),
    certainty: z.enum(CAP_CERTAINTIES),
    areaDesc: z.string(),
    hasPolygon: z.boolean(),
    effective: z.date(),
    expires: z.date().nullable(),
    needsApproval: z.boolean(),
    approval: z.enum(['none', 'pending', 'approved', 'rejected']),
    createdByName: z.string(),
    decidedByName: z.string().nullable(),
    rejectReason: z.string().nullable(),
    sentAt: z.date().nullable(),
    cancelledAt: z.date().nullable(),
    cancelReason: z.string().nullable(),
    reminders: z.number().int(),
    source: z.enum(['manual', 'cap']),
    capPending: z
      .object({
        msgType: z.enum(['Update', 'Cancel']),
        identifier: z.string(),
        fields: z.record(z.string(), z.unknown()).optional(),
      })
      .nullable(),
    counts: countsSchema,
    /** what the reader may do now */
    actions: z.array(
      z.enum(['edit', 'submit', 'approve', 'reject', 'update', 'cancel', 'withdraw', 'remind']),
    ),
    createdAt: z.date(),
  })
  .meta({ id: 'Warning' });

export const unitSummarySchema = z.object({
  unitId: z.uuid(),
  unitName: z.string(),
  recipients: z.number().int(),
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  acknowledged: z.number().int(),
  failed: z.number().int(),
});

export const summarySchema = z
  .object({
    total: unitSummarySchema.omit({ unitId: true, unitName: true }),
    units: z.array(unitSummarySchema),
    /** who has not acknowledged (the first 200; the recipients list pages through all) */
    unacknowledged: z.array(z.object({ userId: z.uuid(), name: z.string(), unitName: z.string() })),
  })
  .meta({ id: 'WarningSummary' });

export const detailSchema = z.object({ warning: warningSchema, summary: summarySchema.nullable() });

export const recipientSchema = z.object({
  userId: z.uuid(),
  name: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  state: z.enum(DELIVERY_STATES),
  readAt: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
  reminded: z.number().int(),
});

export const receivedSchema = z
  .object({
    id: z.uuid(),
    senderName: z.string(),
    state: z.enum(WARNING_STATES),
    version: z.number().int(),
    capStatus: z.enum(CAP_STATUSES),
    event: z.string(),
    headline: z.string(),
    description: z.string(),
    instruction: z.string().nullable(),
    severity: z.enum(CAP_SEVERITIES),
    urgency: z.enum(CAP_URGENCIES),
    areaDesc: z.string(),
    effective: z.date(),
    expires: z.date().nullable(),
    sentAt: z.date().nullable(),
    cancelReason: z.string().nullable(),
    readAt: z.date().nullable(),
    acknowledgedAt: z.date().nullable(),
  })
  .meta({ id: 'ReceivedWarning' });
