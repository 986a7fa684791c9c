import { v5 } from 'uuid';
import { z } from 'zod';
import type { Tx } from '../../kernel/db.js';
import { appendEvent, type BusEvent, type EventConsumer } from '../../kernel/events/index.js';
import { GENERATED } from '../../kernel/i18n.js';
import {
  CHANNEL_KINDS,
  DELIVERY_CHANGED,
  DELIVERY_STATES,
  SEVERITIES,
  type DeliveryChangedPayload,
} from '../../kernel/notify/index.js';
import type { AlarmsContext } from './alarms.context.js';
import { INCIDENT_EVENTS } from './alarms.events.js';
import { deliveryEntry } from './alarms.notify.js';
import * as repo from './alarms.repository.js';

export const DELIVERIES_CONSUMER = 'alarms.deliveries';

/** A fixed namespace: an entry's id is derived from its delivery and state, so it is written once. */
const ENTRY_NAMESPACE = 'b8f2c7a4-3d1e-4f6a-9c2b-5e8d7a6f4c31';

/**
 * The payload as the centre appends it. A malformed one is skipped rather than retried forever: a
 * consumer that threw on it would hold back every event after it.
 */
const payloadSchema = z.object({
  deliveryId: z.string().min(1).max(200),
  notificationId: z.string().max(200),
  userId: z.string().max(200),
  subjectType: z.string().max(100).nullable(),
  subjectId: z.string().max(200).nullable(),
  kind: z.string().max(200),
  severity: z.enum(SEVERITIES),
  channel: z.enum(CHANNEL_KINDS),
  provider: z.string().max(100).nullable(),
  state: z.enum(DELIVERY_STATES),
  to: z.string().max(200).nullable(),
  answered: z.boolean().optional(),
  reason: z.string().optional(),
}) satisfies z.ZodType<DeliveryChangedPayload>;

/**
 * Each delivery of a notification about an incident, on the incident's timeline: "呼叫
 * 138****1234（张三）：未接听". Only the states a person cares about (alarms.notify), each once per
 * delivery and state however often the centre reports it, pushed to the consoles like any step.
 */
export function deliveriesConsumer(c: AlarmsContext): EventConsumer {
  return {
    name: DELIVERIES_CONSUMER,
    types: [DELIVERY_CHANGED],
    handle: (e, tx) => onDelivery(c, e, tx),
  };
}

async function onDelivery(c: AlarmsContext, e: BusEvent, tx: Tx): Promise<void> {
  const parsed = payloadSchema.safeParse(e.payload);
  if (!parsed.success) return;
  const p = parsed.data;
  if (p.subjectType !== 'incident' || !p.subjectId || !z.uuid().safeParse(p.subjectId).success) return;
  const entry = deliveryEntry(p);
  if (!entry) return;
  const incident = await repo.incidentById(tx, p.subjectId);
  if (!incident) return;
  const uuid = z.uuid().safeParse(p.userId).success;
  const added = await repo.addEventOnce(tx, {
    id: v5(`${entry.deliveryId}:${entry.state}`, ENTRY_NAMESPACE),
    incidentId: incident.id,
    at: new Date(e.occurredAt),
    actorId: null,
    actorName: GENERATED.system.zh,
    kind: 'notified',
    note: null,
    data: { ...entry, name: uuid ? await repo.userName(tx, p.userId) : null },
  });
  if (!added) return;
  await appendEvent(tx, c.k.clock, {
    type: INCIDENT_EVENTS.updated,
    payload: { id: incident.id, kind: 'notified', status: incident.status },
    orgId: incident.orgId,
  });
}
