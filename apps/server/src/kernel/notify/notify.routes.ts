import { z } from 'zod';
import { actorOf, type ZodApp } from '../http/http.js';
import type { InAppNotifications } from './notify.js';

const notificationSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    link: z.string().nullable(),
    createdAt: z.date(),
    readAt: z.date().nullable(),
  })
  .meta({ id: 'Notification' });

export function notifyRoutes(app: ZodApp, svc: InAppNotifications): void {
  const tags = ['notifications'];
  app.get(
    '/api/notifications',
    {
      schema: {
        tags,
        summary: "The signed-in user's own notifications, newest first",
        response: { 200: z.object({ items: z.array(notificationSchema), unread: z.number().int() }) },
      },
    },
    async (req) => svc.list(actorOf(req)),
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
      await svc.markRead(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
