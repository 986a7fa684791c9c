import { z } from 'zod';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import { sendXlsx, writeWorkbook } from '../../kernel/sheets/index.js';
import {
  actionBody,
  filedSchema,
  hotlineBody,
  listQuery,
  messageBody,
  queueItemSchema,
  rateRowSchema,
  ratesQuery,
  requestDetailSchema,
  requestSchema,
} from './requests.schemas.js';
import { settingsSchema } from './requests.schemas.catalogue.js';
import { filterOf, idParams, sendPhoto } from './requests.routes.shared.js';
import type { RequestsService } from './requests.service.js';
import { ledgerSheet } from './requests.sheets.js';

/** The handlers' routes: the loop's steps, the list, the queue, the figures and the ledger. */
export function handlerRoutes(app: ZodApp, svc: RequestsService): void {
  const tags = ['requests'];

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
}
