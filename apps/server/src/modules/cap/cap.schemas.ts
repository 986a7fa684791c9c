import { z } from 'zod';
import { REJECT_REASONS } from './cap.parse.js';

export const subscriptionBody = z.object({
  orgId: z.uuid().describe('the school (or bureau) that subscribes'),
  name: z.string().trim().min(1).max(100).describe('e.g. 东营市气象台预警'),
  url: z
    .string()
    .trim()
    .min(8)
    .max(2000)
    .describe('an Atom index of CAP alerts or one CAP document, http(s)'),
});

export const subscriptionSchema = z.object({
  id: z.uuid(),
  orgId: z.uuid(),
  orgName: z.string(),
  name: z.string(),
  url: z.string(),
  lastFetchedAt: z.string().nullable(),
  lastResult: z.enum(['ok', 'error']).nullable(),
  lastError: z.string().nullable(),
  lastNew: z.number().int(),
  createdAt: z.string(),
});

export const rejectSchema = z.object({
  url: z.string(),
  reason: z.enum(REJECT_REASONS),
  detail: z.string().nullable(),
  at: z.string(),
});

export const inboundQuery = z.object({
  subscriptionId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const inboundSchema = z.object({
  id: z.uuid(),
  subscriptionId: z.uuid(),
  subscriptionName: z.string(),
  identifier: z.string(),
  sender: z.string(),
  sent: z.string(),
  msgType: z.enum(['Alert', 'Update', 'Cancel']),
  status: z.string(),
  references: z.array(z.string()),
  event: z.string(),
  headline: z.string(),
  severity: z.string(),
  areaDesc: z.string(),
  expires: z.string().nullable(),
  schoolCount: z.number().int(),
  receivedAt: z.string(),
});
