import { z } from 'zod';

/**
 * The realtime channel (/api/realtime): what the server pushes and what each event carries.
 * Server and web both import this map, so a payload change breaks the build on both sides.
 */
export const realtimeEventPayloads = {
  'org.created': z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  'org.updated': z.object({ id: z.string(), name: z.string(), kind: z.string() }),
  'org.linked': z.object({
    kind: z.enum(['jurisdiction', 'supervision']),
    fromOrgId: z.string(),
    toOrgId: z.string(),
  }),
  'user.created': z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  'user.updated': z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    status: z.enum(['active', 'disabled']),
  }),
  'user.roles_changed': z.object({ id: z.string(), username: z.string(), displayName: z.string() }),
  /** something in the grid tree changed (action: grid.create, grid.update, grid.bind, …) */
  'grid.changed': z.object({ id: z.string(), action: z.string() }),
  'place.changed': z.object({ id: z.string().nullable(), action: z.string() }),
  'equipment.changed': z.object({ id: z.string(), action: z.string() }),
  'people.changed': z.object({ id: z.string(), action: z.string() }),
  /** an alarm was raised: consoles ring (drill and test are marked by mode) */
  'incident.raised': z.object({
    id: z.string(),
    alarmClass: z.enum(['police', 'staff_assist', 'medical', 'fire']),
    mode: z.enum(['real', 'drill', 'test']),
    source: z.enum(['device', 'sos', 'manual', 'video']),
    status: z.string(),
    placeId: z.string().nullable(),
  }),
  /** a notification for the signed-in user only (escalations, later reminders) */
  'notification.created': z.object({
    id: z.string(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
  }),
  /** the user read one of their notifications (id) or several at once (id null; kind: the family read) */
  'notification.read': z.object({
    id: z.string().nullable(),
    kind: z.string().nullable(),
    count: z.number(),
  }),
  /** an alarm device missed its heartbeats */
  'alarm_device.offline': z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    lastSeenAt: z.string().nullable(),
  }),
  /** an alarm device that was offline was heard from again */
  'alarm_device.online': z.object({ id: z.string(), code: z.string(), name: z.string() }),
  /** a request was filed (any channel) */
  'request.received': z.object({ id: z.string(), no: z.string(), status: z.string() }),
  /** a step, message or clock alarm (催办, 督办, 通报) changed a request */
  'request.updated': z.object({ id: z.string(), no: z.string(), status: z.string(), kind: z.string() }),
  /** a grid task's checklist was sent in, or a task ran late and was escalated */
  'task.completed': z.object({ id: z.string(), gridId: z.string(), status: z.string() }),
  'task.overdue': z.object({ id: z.string(), gridId: z.string(), status: z.string() }),
  /** a hazard was found or moved on (kind: found, plan, progress, submit, pass, reject, overdue, supervise, …) */
  'hazard.changed': z.object({ id: z.string(), no: z.string(), status: z.string(), kind: z.string() }),
  /** a step, note or escalation on an incident */
  'incident.updated': z.object({ id: z.string(), kind: z.string(), status: z.string() }),
  /** a drill or device test was scheduled, reported, acknowledged by the police, run or finished */
  'drill.changed': z.object({ id: z.string(), action: z.string(), status: z.string() }),
} as const;

export type RealtimeEventType = keyof typeof realtimeEventPayloads;
export type RealtimeEventPayload<T extends RealtimeEventType> = z.infer<(typeof realtimeEventPayloads)[T]>;

export interface RealtimeEvent<T extends RealtimeEventType = RealtimeEventType> {
  id: string;
  /** delivery sequence: reconnect with ?after=<the last seq received> */
  seq: number;
  type: T;
  payload: RealtimeEventPayload<T>;
  orgId: string | null;
  gridId: string | null;
  userId: string | null;
  actorId: string | null;
  occurredAt: string;
}

export type RealtimeMessage =
  | { type: 'ready'; lastSeq: number }
  | { type: 'event'; event: RealtimeEvent }
  | { type: 'reset'; reason: 'too_far_behind' };

/** WebSocket close codes the server uses. */
export const REALTIME_CLOSE = {
  unauthenticated: 4401,
  forbiddenOrigin: 4403,
  rolesChanged: 4409,
} as const;
