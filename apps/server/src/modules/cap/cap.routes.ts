import { z } from 'zod';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import {
  inboundQuery,
  inboundSchema,
  rejectSchema,
  subscriptionBody,
  subscriptionSchema,
} from './cap.schemas.js';
import type { CapService } from './cap.service.js';

const idParams = z.object({ id: z.uuid() });

/** The office's side: subscriptions to CAP feeds and the alerts they brought. */
export function capRoutes(app: ZodApp, svc: CapService): void {
  const tags = ['cap'];
  app.get(
    '/api/cap/subscriptions',
    {
      schema: {
        tags,
        summary: 'The CAP feeds subscribed in my scope, with the result of their last read',
        response: { 200: z.object({ items: z.array(subscriptionSchema) }) },
      },
    },
    async (req) => ({ items: await svc.subscriptions(actorOf(req)) }),
  );
  app.post(
    '/api/cap/subscriptions',
    {
      schema: {
        tags,
        summary: 'Subscribe an organisation to a CAP feed (an Atom index or one CAP document); read at once',
        body: subscriptionBody,
        response: { 201: subscriptionSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.subscribe(actorOf(req), req.body)),
  );
  app.delete(
    '/api/cap/subscriptions/:id',
    {
      schema: {
        tags,
        summary: 'Unsubscribe (what it brought goes with it)',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.unsubscribe(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/cap/subscriptions/:id/poll',
    {
      schema: {
        tags,
        summary: 'Read the feed again soon (a job)',
        params: idParams,
        response: { 202: z.object({ queued: z.literal(true) }) },
      },
    },
    async (req, reply) => {
      await svc.pollNow(actorOf(req), req.params.id);
      return reply.status(202).send({ queued: true as const });
    },
  );
  app.get(
    '/api/cap/subscriptions/:id/rejects',
    {
      schema: {
        tags,
        summary: 'Documents the feed served that were refused, and why (the latest per address)',
        params: idParams,
        response: { 200: z.object({ items: z.array(rejectSchema) }) },
      },
    },
    async (req) => ({ items: await svc.rejects(actorOf(req), req.params.id) }),
  );
  app.get(
    '/api/cap/inbound',
    {
      schema: {
        tags,
        summary: 'CAP alerts received through the subscriptions in my scope, newest first',
        querystring: inboundQuery,
        response: { 200: z.object({ items: z.array(inboundSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.inbound(actorOf(req), req.query),
  );
}
