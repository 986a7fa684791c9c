import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { errors } from '../../kernel/errors.js';
import { fileErrors } from '../../kernel/files/files.errors.js';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import { attachment, sendXlsx, sendXlsxStream } from '../../kernel/sheets/index.js';
import {
  actionBody,
  fromItemBody,
  hazardDetailSchema,
  hazardSchema,
  listQuery,
  monthlyQuery,
  monthlySchema,
  publicPlaceSchema,
  publicReceiptSchema,
  queueItemSchema,
  reportBody,
  sentReportSchema,
  settingsBody,
  settingsSchema,
} from './hazards.schemas.js';
import type { HazardsService } from './hazards.service.js';

const idParams = z.object({ id: z.uuid() });
const reported = z.object({ hazard: hazardSchema, created: z.boolean() });
const phone = /^[0-9+\- ]{5,20}$/;

function sendPdf(reply: FastifyReply, fileName: string, pdf: Buffer) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', attachment(fileName).replace(/^attachment/, 'inline'))
    .header('cache-control', 'private, no-store')
    .send(pdf);
}

export function hazardsRoutes(app: ZodApp, svc: HazardsService): void {
  const tags = ['hazards'];

  // ---- finding ----------------------------------------------------------------------------------
  app.post(
    '/api/hazards',
    {
      schema: {
        tags,
        summary:
          'Report a hazard found on a walk, a patrol or a police inspection (a retry with the same key finds the first)',
        body: reportBody,
        response: { 200: reported, 201: reported },
      },
    },
    async (req, reply) => {
      const r = await svc.report(actorOf(req), req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );
  app.post(
    '/api/tasks/:id/hazards',
    {
      schema: {
        tags,
        summary: 'One tap on a failed checklist item: it becomes a hazard of the task’s grid (once)',
        params: idParams,
        body: fromItemBody,
        response: { 200: reported, 201: reported },
      },
    },
    async (req, reply) => {
      const r = await svc.fromItem(actorOf(req), req.params.id, req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );

  // 随手拍: no account; bounded per address, and in number and size of photos by the files limits.
  const limited = { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } };
  app.get(
    '/api/public/hazard-places/:id',
    {
      config: { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: 'The place a 随手拍 QR code names (for the page heading)',
        params: idParams,
        response: { 200: publicPlaceSchema },
      },
    },
    async (req) => svc.publicPlace(req.params.id),
  );
  app.post(
    '/api/public/hazards',
    {
      config: limited,
      schema: {
        tags,
        summary:
          '随手拍 without an account (multipart: placeId, description, optional phone and key, photo files: 3 of 5 MB unless configured otherwise)',
        consumes: ['multipart/form-data'],
        response: { 201: publicReceiptSchema, 200: publicReceiptSchema },
      },
    },
    async (req, reply) => {
      const fields: Record<string, string> = {};
      const photos: { name: string; data: Buffer }[] = [];
      const { maxPhotos, maxBytes } = svc.publicPhotoLimits();
      const limits = { files: maxPhotos, fileSize: maxBytes, fields: 10, fieldSize: 4000 };
      try {
        for await (const part of req.parts({ limits })) {
          if (part.type === 'file') {
            const data = await part.toBuffer();
            if (part.file.truncated) throw errors.payloadTooLarge({ maxBytes });
            photos.push({ name: part.filename, data });
          } else fields[part.fieldname] = String(part.value);
        }
      } catch (e) {
        // Say which limit was passed: the page tells "too many photos" from "a photo too large".
        const code = (e as { code?: string }).code;
        if (code === 'FST_FILES_LIMIT') throw fileErrors.tooMany({ max: maxPhotos });
        if (code === 'FST_REQ_FILE_TOO_LARGE') throw errors.payloadTooLarge({ maxBytes });
        throw e;
      }
      const input = z
        .object({
          placeId: z.uuid(),
          description: z.string().trim().min(2).max(500),
          phone: z
            .string()
            .trim()
            .regex(phone)
            .optional()
            .or(z.literal('').transform(() => undefined)),
          key: z
            .string()
            .trim()
            .regex(/^[A-Za-z0-9_.:-]{8,100}$/)
            .optional(),
        })
        .safeParse(fields);
      if (!input.success) throw errors.validation({ issues: input.error.issues });
      const r = await svc.publicReport({
        placeId: input.data.placeId,
        description: input.data.description,
        phone: input.data.phone ?? null,
        key: input.data.key ?? null,
        photos,
      });
      return reply.status(r.created ? 201 : 200).send({ no: r.no, receivedAt: r.receivedAt });
    },
  );

  // ---- lists ------------------------------------------------------------------------------------
  app.get(
    '/api/hazards',
    {
      schema: {
        tags,
        summary: 'Hazards in my scope, newest first',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(hazardSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.list(actorOf(req), req.query),
  );
  app.get(
    '/api/hazards/export',
    {
      schema: {
        tags,
        summary: 'The hazard ledger (台账) as xlsx, streamed, with the same filters as the list',
        querystring: listQuery.omit({ page: true, pageSize: true }),
      },
    },
    async (req, reply) => {
      const stream = await svc.ledger(actorOf(req), { ...req.query, page: 1, pageSize: 1 });
      return sendXlsxStream(reply, '隐患台账.xlsx', stream);
    },
  );
  app.get(
    '/api/hazards/supervised',
    {
      schema: {
        tags,
        summary: '挂牌督办: flagged hazards not yet closed, in every school I may see',
        response: { 200: z.array(hazardSchema) },
      },
    },
    async (req) => svc.supervised(actorOf(req)),
  );
  app.get(
    '/api/hazards/queue',
    {
      schema: {
        tags,
        summary:
          'What waits for me: 五定 and progress for my unit, verification and assignment for the office',
        response: { 200: z.array(queueItemSchema) },
      },
    },
    async (req) => svc.queue(actorOf(req)),
  );

  // ---- one hazard -------------------------------------------------------------------------------
  app.get(
    '/api/hazards/:id',
    {
      schema: {
        tags,
        summary: 'A hazard with its whole timeline',
        params: idParams,
        response: { 200: hazardDetailSchema },
      },
    },
    async (req) => svc.detail(actorOf(req), req.params.id),
  );
  app.post(
    '/api/hazards/:id/actions',
    {
      schema: {
        tags,
        summary:
          'A step: 五定 (plan), progress, submit, verification pass or reject (signed), assign, comment',
        params: idParams,
        body: actionBody,
        response: { 200: hazardDetailSchema },
      },
    },
    async (req) => svc.act(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/hazards/:id/photos/:fileId',
    {
      schema: {
        tags,
        summary: 'A photo of the hazard (the finding or any step)',
        params: z.object({ id: z.uuid(), fileId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const f = await svc.photo(actorOf(req), req.params.id, req.params.fileId);
      reply.header('content-type', f.file.mime);
      reply.header('content-length', String(f.file.size));
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'private, max-age=3600');
      return reply.send(f.stream);
    },
  );
  app.post(
    '/api/hazards/:id/notice',
    {
      schema: {
        tags,
        summary: 'Issue the rectification notice (整改通知书): numbered once, the unit is told',
        params: idParams,
        response: { 200: hazardDetailSchema },
      },
    },
    async (req) => svc.issueNotice(actorOf(req), req.params.id),
  );
  app.get(
    '/api/hazards/:id/notice.pdf',
    {
      schema: { tags, summary: 'The rectification notice as PDF', params: idParams },
    },
    async (req, reply) => {
      const { no, pdf } = await svc.noticePdf(actorOf(req), req.params.id);
      return sendPdf(reply, `隐患整改通知书-${no}.pdf`, pdf);
    },
  );

  // ---- settings and reports ---------------------------------------------------------------------
  app.get(
    '/api/hazard-settings/:schoolId',
    {
      schema: {
        tags,
        summary: "A school's rectification days per grade and the grace before 挂牌督办",
        params: z.object({ schoolId: z.uuid() }),
        response: { 200: settingsSchema },
      },
    },
    async (req) => svc.getSettings(actorOf(req), req.params.schoolId),
  );
  app.put(
    '/api/hazard-settings/:schoolId',
    {
      schema: {
        tags,
        summary: 'Set the days per grade (new hazards) and the grace before 挂牌督办',
        params: z.object({ schoolId: z.uuid() }),
        body: settingsBody,
        response: { 200: settingsSchema },
      },
    },
    async (req) => svc.putSettings(actorOf(req), req.params.schoolId, req.body),
  );
  app.get(
    '/api/hazard-reports/monthly',
    {
      schema: {
        tags,
        summary:
          "A school's month: counts by domain and grade, rectification rate, overdue and repeat hazards",
        querystring: monthlyQuery,
        response: { 200: monthlySchema },
      },
    },
    async (req) => svc.monthly(actorOf(req), req.query.schoolId, req.query.month),
  );
  app.get(
    '/api/hazard-reports/monthly.pdf',
    { schema: { tags, summary: 'The monthly report as PDF', querystring: monthlyQuery } },
    async (req, reply) => {
      const pdf = await svc.monthlyPdf(actorOf(req), req.query.schoolId, req.query.month);
      return sendPdf(reply, `隐患排查整改月报-${req.query.month}.pdf`, pdf);
    },
  );
  app.get(
    '/api/hazard-reports/monthly.xlsx',
    { schema: { tags, summary: 'The monthly report as xlsx', querystring: monthlyQuery } },
    async (req, reply) => {
      const data = await svc.monthlyXlsx(actorOf(req), req.query.schoolId, req.query.month);
      return sendXlsx(reply, `隐患排查整改月报-${req.query.month}.xlsx`, data);
    },
  );
  app.post(
    '/api/hazard-reports/monthly/send',
    {
      schema: {
        tags,
        summary: 'Send the month’s report to the supervising authorities (kept as sent; they are told)',
        body: monthlyQuery,
        response: { 200: monthlySchema },
      },
    },
    async (req) => svc.sendMonthly(actorOf(req), req.body.schoolId, req.body.month),
  );
  app.get(
    '/api/hazard-reports',
    {
      schema: {
        tags,
        summary: 'Monthly reports sent: a school’s own, or all that reached a supervisor',
        querystring: z.object({ schoolId: z.uuid().optional() }),
        response: { 200: z.array(sentReportSchema) },
      },
    },
    async (req) => svc.reports(actorOf(req), req.query.schoolId),
  );
}
