import { z } from 'zod';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import {
  fileBody,
  filedSchema,
  rateBody,
  reporterMessageBody,
  requestSchema,
  trackedSchema,
} from './requests.schemas.js';
import { catalogueSchema, placeOptionSchema } from './requests.schemas.catalogue.js';
import type { RequestsConfig } from './requests.config.js';
import { idParams, sendPhoto, tokenParams } from './requests.routes.shared.js';
import type { RequestsService } from './requests.service.js';
import { catalogueRoutes } from './requests.routes.catalogue.js';
import { handlerRoutes } from './requests.routes.handlers.js';

/** The requests routes: the reporter's here, then the handlers' and the catalogue's (in that order). */
export function requestsRoutes(app: ZodApp, svc: RequestsService, cfg: RequestsConfig): void {
  reporterRoutes(app, svc);
  handlerRoutes(app, svc);
  catalogueRoutes(app, svc, cfg);
}

/** The reporter's routes: the phone form, their requests, the private link. */
function reporterRoutes(app: ZodApp, svc: RequestsService): void {
  const tags = ['requests'];

  app.get(
    '/api/request-catalogue',
    {
      schema: {
        tags,
        summary: "The phone form: the reporter's school's categories, and the place a QR code names",
        querystring: z.object({ placeId: z.uuid().optional() }),
        response: { 200: catalogueSchema },
      },
    },
    async (req) => svc.catalogue(actorOf(req), req.query.placeId),
  );
  app.get(
    '/api/request-places',
    {
      schema: {
        tags,
        summary: "Places of the reporter's school by name or code (buildings, rooms, gates, areas)",
        querystring: z.object({ q: z.string().trim().min(1).max(40) }),
        response: { 200: z.object({ items: z.array(placeOptionSchema) }) },
      },
    },
    async (req) => svc.searchPlaces(actorOf(req), req.query.q),
  );
  app.post(
    '/api/requests',
    {
      schema: {
        tags,
        summary: 'File a request (phone page, QR code, dorm service); retry with the same idempotency key',
        body: fileBody,
        response: { 200: filedSchema, 201: filedSchema },
      },
    },
    async (req, reply) => {
      const r = await svc.file(actorOf(req), req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );
  app.get(
    '/api/my/requests',
    {
      schema: {
        tags,
        summary: 'The requests I filed (named and sealed; anonymous ones only through their link)',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                no: z.string(),
                categoryName: z.string(),
                description: z.string(),
                status: requestSchema.shape.status,
                closeKind: requestSchema.shape.closeKind,
                identity: requestSchema.shape.reporter.shape.identity,
                receivedAt: z.date(),
                canRate: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => svc.myRequests(actorOf(req)),
  );
  app.get(
    '/api/my/requests/:id',
    {
      schema: {
        tags,
        summary: 'One of my requests with its thread',
        params: idParams,
        response: { 200: trackedSchema },
      },
    },
    async (req) => svc.tracked({ actor: actorOf(req), id: req.params.id }),
  );
  app.post(
    '/api/my/requests/:id/messages',
    {
      schema: {
        tags,
        summary: 'Write to the handler',
        params: idParams,
        body: reporterMessageBody,
        response: { 200: trackedSchema },
      },
    },
    async (req) => svc.reporterMessage({ actor: actorOf(req), id: req.params.id }, req.body.body),
  );
  app.post(
    '/api/my/requests/:id/rating',
    {
      schema: {
        tags,
        summary: 'Answer the return visit: solved closes it, not solved reopens it (重办)',
        params: idParams,
        body: rateBody,
        response: { 200: trackedSchema },
      },
    },
    async (req) => svc.rate({ actor: actorOf(req), id: req.params.id }, req.body),
  );
  app.get(
    '/api/my/requests/:id/photos/:fileId',
    {
      schema: {
        tags,
        summary: 'A photo of my request',
        params: z.object({ id: z.uuid(), fileId: z.uuid() }),
      },
    },
    async (req, reply) =>
      sendPhoto(reply, await svc.photo(actorOf(req), { id: req.params.id }, req.params.fileId)),
  );

  // The private link (also for anonymous reporters): no session, bounded by rate per address (a
  // campus's phones may share one address behind its NAT: a page with 6 photos is 7 calls).
  const limited = { public: true, rateLimit: { max: 600, timeWindow: '1 minute' } };
  app.get(
    '/api/requests/track/:token',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Follow a request by its private link',
        params: tokenParams,
        response: { 200: trackedSchema },
      },
    },
    async (req) => svc.tracked({ token: req.params.token }),
  );
  app.post(
    '/api/requests/track/:token/messages',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Write to the handler by the private link',
        params: tokenParams,
        body: reporterMessageBody,
        response: { 200: trackedSchema },
      },
    },
    async (req) => svc.reporterMessage({ token: req.params.token }, req.body.body),
  );
  app.post(
    '/api/requests/track/:token/rating',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Answer the return visit by the private link',
        params: tokenParams,
        body: rateBody,
        response: { 200: trackedSchema },
      },
    },
    async (req) => svc.rate({ token: req.params.token }, req.body),
  );
  app.get(
    '/api/requests/track/:token/photos/:fileId',
    {
      config: limited,
      schema: {
        tags,
        summary: 'A photo of the request, by the private link',
        params: z.object({ token: z.string().max(64), fileId: z.uuid() }),
      },
    },
    async (req, reply) =>
      sendPhoto(reply, await svc.photo(null, { token: req.params.token }, req.params.fileId)),
  );
}
