import { z } from 'zod';
import { actorOf, type ZodApp } from '../http/http.js';
import { dateInput, intParam, isoDateTime, MAX_YEAR, MIN_YEAR } from '../http/schemas.js';
import type { NotificationInbox } from './notify.inbox.js';

const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z
      .string()
      .describe('what it is about, dotted: incident.escalated, hazard.overdue, request.mine, …'),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable().describe('where the console opens its object, e.g. /incidents/<id>'),
    alarm: z.boolean().describe('about an alarm (kind incident.*): shown in red'),
    createdAt: z.date(),
    readAt: z.date().nullable(),
  })
  .meta({ id: 'Notification' });

const counts = {
  unread: z.number().int().describe('unread notifications of the user, all kinds'),
  unreadAlarms: z.number().int().describe('of those, the ones about alarms (incident.*)'),
};

/** A kind or a family of kinds: `incident`, `hazard.`, `hazard.overdue`. */
const kindParam = z
  .string()
  .trim()
  .max(64)
  .regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.?$/, 'a kind such as hazard or hazard.overdue')
  .describe('a kind or family of kinds: "incident" (or "incident.") is every incident.* kind');

const CURSOR =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z)~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** The `nextCursor` of the previous page, read back into an instant and an id (a day that exists, a year we store). */
const cursorParam = z
  .string()
  .max(80)
  .transform((s, ctx) => {
    const m = CURSOR.exec(s);
    const at = m ? new Date(m[1]!) : null;
    const year = at?.getUTCFullYear() ?? NaN;
    // A date that does not exist (30 February) reads as another day or none: refuse it.
    const real =
      !!at && !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 23) === m?.[1]!.slice(0, 23);
    if (!m || !real || year < MIN_YEAR || year > MAX_YEAR) {
      ctx.addIssue({ code: 'custom', message: 'not a cursor this list gave' });
      return z.NEVER;
    }
    return { at: m[1]!, id: m[2]! };
  })
  .describe('nextCursor of the page before');

const listQuery = z.object({
  unread: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('true: only those not read yet'),
  kind: kindParam.optional(),
  from: dateInput().optional().describe('created at or after'),
  to: dateInput().optional().describe('created before'),
  cursor: cursorParam.optional(),
  limit: intParam(1, 100, 50),
});

const readAllBody = z
  .object({
    kind: kindParam.optional(),
    before: isoDateTime()
      .transform((s) => new Date(s))
      .optional()
      .describe('only those created at or before this instant (the newest the user saw)'),
  })
  .strict();

export function notifyRoutes(app: ZodApp, inbox: NotificationInbox): void {
  const tags = ['notifications'];
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: "The signed-in user's own notifications, newest first, a page at a time",
        querystring: listQuery,
        response: {
          200: z.object({
            items: z.array(notificationSchema),
            nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last'),
            ...counts,
          }),
        },
      },
    },
    async (req) => inbox.list(actorOf(req), req.query),
  );
  app.get(
    '/api/notifications/unread-count',
    {
      schema: {
        tags,
        summary: "How many of the signed-in user's notifications are unread (the bell)",
        response: { 200: z.object(counts) },
      },
    },
    async (req) => inbox.unreadCount(actorOf(req)),
  );
  app.post(
    '/api/notifications/read-all',
    {
      schema: {
        tags,
        summary: 'Mark all your unread notifications read (of one kind or family when given)',
        body: readAllBody,
        response: { 200: z.object({ marked: z.number().int().describe('how many were unread') }) },
      },
    },
    async (req) => inbox.markAllRead(actorOf(req), req.body),
  );
  app.post(
    '/api/notifications/:id/read',
    {
      schema: {
        tags,
        summary: 'Mark one of your notifications read',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await inbox.markRead(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
