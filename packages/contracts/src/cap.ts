import { z } from 'zod';

/**
 * The CAP 1.2 (OASIS) value lists, and the payloads of the events that carry a warning to the CAP
 * feed and an incoming CAP alert to the warnings: one definition for the server's modules, the
 * console and the tests.
 */
export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
/** What a warning may be: real, a drill's (Exercise) or a system test's. */
export const WARNING_CAP_STATUSES = ['Actual', 'Exercise', 'Test'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_CATEGORIES = [
  'Geo',
  'Met',
  'Safety',
  'Security',
  'Rescue',
  'Fire',
  'Health',
  'Env',
  'Transport',
  'Infra',
  'CBRNE',
  'Other',
] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
export type CapStatus = (typeof CAP_STATUSES)[number];
export type WarningCapStatus = (typeof WARNING_CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];

/**
 * warning.published / warning.updated / warning.cancelled: a warning as sent (version 1, then +1
 * for each update or cancel), for the CAP feed. orgId is the sending organisation.
 */
export const warningEventPayload = z.object({
  id: z.uuid(),
  version: z.number().int().min(1),
  orgId: z.uuid(),
  schoolIds: z.array(z.uuid()),
  senderName: z.string().min(1),
  status: z.enum(WARNING_CAP_STATUSES),
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
  /** [lon, lat] pairs of a closed ring, or none */
  polygon: z.array(z.tuple([z.number(), z.number()])).nullable(),
  effective: z.iso.datetime({ offset: true }),
  expires: z.iso.datetime({ offset: true }).nullable(),
  sentAt: z.iso.datetime({ offset: true }),
  language: z.string(),
});
export type WarningEventPayload = z.infer<typeof warningEventPayload>;
