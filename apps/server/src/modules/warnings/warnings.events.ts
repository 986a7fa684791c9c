import type { WarningEventPayload } from '@anxiao/contracts';
import type { Executor } from '../../kernel/db.js';
import { appendEvent } from '../../kernel/events/index.js';
import type { WarningsContext } from './warnings.context.js';
import type { WarningRow } from './warnings.repository.js';

export const WARNING_EVENTS = {
  published: 'warning.published',
  updated: 'warning.updated',
  cancelled: 'warning.cancelled',
} as const;
export type WarningEventType = (typeof WARNING_EVENTS)[keyof typeof WARNING_EVENTS];

/** The payload every consumer of a warning event reads (the CAP feed): see events-contract.md. */
export function warningPayload(w: WarningRow, senderName: string): WarningEventPayload {
  return {
    id: w.id,
    version: w.version,
    orgId: w.orgId,
    schoolIds: w.schoolIds,
    senderName,
    status: w.capStatus,
    publicFeed: w.publicFeed,
    category: w.category,
    event: w.event,
    headline: w.headline,
    description: w.description,
    instruction: w.instruction,
    severity: w.severity,
    urgency: w.urgency,
    certainty: w.certainty,
    areaDesc: w.areaDesc,
    polygon: w.polygon,
    effective: w.effective.toISOString(),
    expires: w.expires?.toISOString() ?? null,
    sentAt: (w.sentAt ?? w.updatedAt).toISOString(),
    language: 'zh-CN',
  };
}

/** Append a warning event in the caller's transaction (the outbox). */
export async function warningEvent(
  c: WarningsContext,
  ex: Executor,
  type: WarningEventType,
  w: WarningRow,
  senderName: string,
  actorId: string | null,
) {
  await appendEvent(ex, c.k.clock, { type, payload: warningPayload(w, senderName), orgId: w.orgId, actorId });
}
