import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { addChinaDays, chinaDayStart } from '../../kernel/calendar/index.js';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import { sendXlsx, writeWorkbook } from '../../kernel/sheets/index.js';
import type { ListFilter } from './requests.repository.js';
import {
  actionBody,
  catalogueSchema,
  categoryBody,
  categorySchema,
  categoryUpdateBody,
  fileBody,
  filedSchema,
  hotlineBody,
  listQuery,
  messageBody,
  open311ClientSchema,
  placeOptionSchema,
  queueItemSchema,
  rateBody,
  rateRowSchema,
  ratesQuery,
  reporterMessageBody,
  requestDetailSchema,
  requestSchema,
  routeBody,
  routeSchema,
  settingsBody,
  settingsSchema,
  trackedSchema,
} from './requests.schemas.js';
import type { RequestsConfig } from './requests.config.js';
import type { RequestsService } from './requests.service.js';
import { ledgerSheet } from './requests.sheets.js';
import { isolated } from '../../kernel/isolate/index.js';
import { qrSheetPdf } from './requests.qr.js';

/** The QR sheet is laid out in a thread of its own (kernel/isolate), off the alarm path's loop. */
const renderQrSheet = isolated(qrSheetPdf, new URL('./requests.qr.ts', import.meta.url));

const idParams = z.object({ id: z.uuid() });
const tokenParams = z.object({ token: z.string().min(1).max(64) });
const schoolParams = z.object({ schoolId: z.uuid() });

/** A China date's start, and the day after another's (the list's [from, to] are whole days). */
function filterOf(q: z.infer<typeof listQuery>): ListFilter {
  return {
    schoolId: q.schoolId,
    status: q.status,
    open: q.open === undefined ? undefined : q.open === 'true',
    categoryId: q.categoryId,
    unitId: q.unitId,
    channel: q.channel,
    overdue: q.overdue === 'true' || undefined,
    q: q.q,
    from: q.from ? chinaDayStart(q.from) : undefined,
    to: q.to ? chinaDayStart(addChinaDays(q.to, 1)) : undefined,
  };
}

function sendPhoto(
  reply: FastifyReply,
  f: { file: { mime: string; size: number }; stream: NodeJS.ReadableStream },
) {
  reply.header('content-type', f.file.mime);
  reply.header('content-length', String(f.file.size));
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cache-control', 'private, max-age=3600');
  return reply.send(f.stream);
}

export function requestsRoutes(app: ZodApp, svc: RequestsService, cfg: RequestsConfig): void {
  const tags = ['requests'];

  // ---- the reporter -----------------------------------------------------------------------------
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

  // ---- handlers ---------------------------------------------------------------------------------
  app.post(
    '/api/requests/hotline',
    {
      schema: {
        tags,
        summary: 'An operator enters a hotline call (a 12345 transfer keeps its ticket number)',
        body: hotlineBody,
        response: { 200: filedSchema, 201: filedSchema },
      },
    },
    async (req, reply) => {
      const r = await svc.hotline(actorOf(req), req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );
  app.get(
    '/api/requests',
    {
      schema: {
        tags,
        summary: 'Requests in my reach (the centre, my grids, my department), newest first',
        querystring: listQuery,
        response: {
          200: z.object({
            items: z.array(requestSchema),
            total: z.number().int(),
            page: z.number().int(),
            pageSize: z.number().int(),
          }),
        },
      },
    },
    async (req) => svc.list(actorOf(req), filterOf(req.query), req.query),
  );
  app.get(
    '/api/requests/queue',
    {
      schema: {
        tags,
        summary:
          'Needs me now: what I am expected to do next (sign, contact, reply, dispatch, audit, visit, rate)',
        response: { 200: z.object({ items: z.array(queueItemSchema) }) },
      },
    },
    async (req) => svc.queue(actorOf(req)),
  );
  app.get(
    '/api/requests/export',
    {
      schema: {
        tags,
        summary: 'The request ledger (台账) as xlsx, with the same filters as the list',
        querystring: listQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (req, reply) => {
      const items = await svc.ledger(actorOf(req), filterOf({ ...req.query, page: 1, pageSize: 1 }));
      const data = await writeWorkbook([ledgerSheet(items)]);
      return sendXlsx(reply, `诉求台账-${new Date().toISOString().slice(0, 10)}.xlsx`, data);
    },
  );
  app.get(
    '/api/requests/:id',
    {
      schema: {
        tags,
        summary: 'A request with its timeline and what I may do',
        params: idParams,
        response: { 200: requestDetailSchema },
      },
    },
    async (req) => svc.detail(actorOf(req), req.params.id),
  );
  app.post(
    '/api/requests/:id/actions',
    {
      schema: {
        tags,
        summary: 'Take a step of the loop (409 when the request changed meanwhile)',
        params: idParams,
        body: actionBody,
        response: { 200: requestDetailSchema },
      },
    },
    async (req) => svc.act(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/requests/:id/messages',
    {
      schema: {
        tags,
        summary: 'Write to the reporter, or add an internal note',
        params: idParams,
        body: messageBody,
        response: { 200: requestDetailSchema },
      },
    },
    async (req) => svc.message(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/requests/:id/reporter',
    {
      schema: {
        tags,
        summary: 'Who filed a sealed request (the grid centre only; audited)',
        params: idParams,
        response: {
          200: z.object({
            identity: requestSchema.shape.reporter.shape.identity,
            name: z.string().nullable(),
            phone: z.string().nullable(),
          }),
        },
      },
    },
    async (req) => svc.revealReporter(actorOf(req), req.params.id),
  );
  app.get(
    '/api/requests/:id/photos/:fileId',
    {
      schema: { tags, summary: 'A photo of a request', params: z.object({ id: z.uuid(), fileId: z.uuid() }) },
    },
    async (req, reply) =>
      sendPhoto(reply, await svc.photo(actorOf(req), { id: req.params.id }, req.params.fileId)),
  );
  app.get(
    '/api/request-rates',
    {
      schema: {
        tags,
        summary: '响应率, 解决率, 满意率 and the weighted score per unit, grid, month, school or category',
        querystring: ratesQuery,
        response: {
          200: z.object({
            weights: settingsSchema.shape.weights,
            rows: z.array(rateRowSchema),
            total: rateRowSchema,
            overdueOpen: z
              .number()
              .int()
              .describe('逾期未结: open past the resolution deadline, all periods'),
          }),
        },
      },
    },
    async (req) => svc.rates(actorOf(req), req.query),
  );

  // ---- the catalogue ----------------------------------------------------------------------------
  app.get(
    '/api/schools/:schoolId/request-categories',
    {
      schema: {
        tags,
        summary: "A school's request categories (our Open311 services)",
        params: schoolParams,
        response: { 200: z.object({ items: z.array(categorySchema) }) },
      },
    },
    async (req) => svc.categories(actorOf(req), req.params.schoolId),
  );
  app.post(
    '/api/request-categories',
    {
      schema: {
        tags,
        summary: 'Add a category with its deadlines and questions',
        body: categoryBody,
        response: { 201: categorySchema },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send(await svc.createCategory(actorOf(req), { ...req.body, nameEn: req.body.nameEn ?? null })),
  );
  app.put(
    '/api/request-categories/:id',
    {
      schema: {
        tags,
        summary: 'Change a category (409 on a stale version)',
        params: idParams,
        body: categoryUpdateBody,
        response: { 200: categorySchema },
      },
    },
    async (req) =>
      svc.updateCategory(actorOf(req), req.params.id, { ...req.body, nameEn: req.body.nameEn ?? null }),
  );
  app.get(
    '/api/schools/:schoolId/request-routes',
    {
      schema: {
        tags,
        summary: 'The routing rules (派单目录)',
        params: schoolParams,
        response: { 200: z.object({ items: z.array(routeSchema) }) },
      },
    },
    async (req) => svc.routes(actorOf(req), req.params.schoolId),
  );
  app.post(
    '/api/schools/:schoolId/request-routes',
    {
      schema: {
        tags,
        summary: 'Add a routing rule',
        params: schoolParams,
        body: routeBody,
        response: { 201: routeSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.addRoute(actorOf(req), req.params.schoolId, req.body)),
  );
  app.delete(
    '/api/request-routes/:id',
    { schema: { tags, summary: 'Remove a routing rule', params: idParams, response: { 204: z.null() } } },
    async (req, reply) => {
      await svc.deleteRoute(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/schools/:schoolId/request-settings',
    {
      schema: {
        tags,
        summary: 'The working calendar and the score weights',
        params: schoolParams,
        response: { 200: settingsSchema },
      },
    },
    async (req) => svc.getSettings(actorOf(req), req.params.schoolId),
  );
  app.put(
    '/api/schools/:schoolId/request-settings',
    {
      schema: {
        tags,
        summary: 'Set the working calendar (holidays, make-up days) and the score weights',
        params: schoolParams,
        body: settingsBody,
        response: { 200: settingsSchema },
      },
    },
    async (req) => svc.saveSettings(actorOf(req), req.params.schoolId, req.body),
  );
  app.get(
    '/api/schools/:schoolId/open311-clients',
    {
      schema: {
        tags,
        summary: 'Open311 clients of the school',
        params: schoolParams,
        response: { 200: z.object({ items: z.array(open311ClientSchema) }) },
      },
    },
    async (req) => svc.open311Clients(actorOf(req), req.params.schoolId),
  );
  app.post(
    '/api/schools/:schoolId/open311-clients',
    {
      schema: {
        tags,
        summary: 'Add an Open311 client; the answer carries its api_key, shown only this once',
        params: schoolParams,
        body: z.object({ name: z.string().trim().min(1).max(60) }),
        response: { 201: z.object({ client: open311ClientSchema, apiKey: z.string() }) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.addOpen311Client(actorOf(req), req.params.schoolId, req.body.name)),
  );
  app.delete(
    '/api/open311-clients/:id',
    {
      schema: {
        tags,
        summary: 'Revoke an Open311 client: its api_key stops working at once',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.revokeOpen311Client(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/request-qr/:buildingId',
    {
      schema: {
        tags,
        summary:
          'A printable PDF of QR codes for a building and each of its rooms: scanning one opens the form with the place filled in',
        params: z.object({ buildingId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const sheet = await svc.qrSheet(actorOf(req), req.params.buildingId);
      const pdf = await renderQrSheet(
        sheet,
        cfg.REQUESTS_PUBLIC_URL ?? `${req.protocol}://${req.host}`,
        cfg.REQUESTS_PDF_FONT,
      );
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          `inline; filename*=UTF-8''${encodeURIComponent(`${sheet.building.name}-报事二维码.pdf`)}`,
        )
        .send(pdf);
    },
  );
}
