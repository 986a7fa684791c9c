import { z } from 'zod';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import {
  categoryBody,
  categorySchema,
  categoryUpdateBody,
  open311ClientSchema,
  routeBody,
  routeSchema,
  settingsBody,
  settingsSchema,
} from './requests.schemas.catalogue.js';
import type { RequestsConfig } from './requests.config.js';
import { idParams, schoolParams } from './requests.routes.shared.js';
import type { RequestsService } from './requests.service.js';
import { isolated } from '../../kernel/isolate/index.js';
import { qrSheetPdf } from './requests.qr.js';

/** The QR sheet is laid out in a thread of its own (kernel/isolate), off the alarm path's loop. */
const renderQrSheet = isolated(qrSheetPdf, new URL('./requests.qr.ts', import.meta.url));

/** Whoever keeps the catalogue: categories, routing rules, settings, Open311 clients, QR sheets. */
export function catalogueRoutes(app: ZodApp, svc: RequestsService, cfg: RequestsConfig): void {
  const tags = ['requests'];

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
