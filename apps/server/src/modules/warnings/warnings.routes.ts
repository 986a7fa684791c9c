import { z } from 'zod';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import {
  cancelBody,
  createBody,
  detailSchema,
  editBody,
  listQuery,
  previewBody,
  previewSchema,
  reasonBody,
  receivedSchema,
  recipientSchema,
  recipientsQuery,
  warningSchema,
} from './warnings.schemas.js';
import type { WarningsService } from './warnings.service.js';

const idParams = z.object({ id: z.uuid() });

export function warningsRoutes(app: ZodApp, svc: WarningsService): void {
  const tags = ['warnings'];
  app.get(
    '/api/warnings',
    {
      schema: {
        tags,
        summary: 'Warnings sent from the organisations one reads, newest first, with their counts',
        querystring: listQuery,
        response: { 200: z.object({ items: z.array(warningSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.list(actorOf(req), req.query),
  );
  app.post(
    '/api/warnings/preview',
    {
      schema: {
        tags,
        summary: 'How many persons an audience reaches, and whether sending to it needs approval',
        body: previewBody,
        response: { 200: previewSchema },
      },
    },
    async (req) => svc.preview(actorOf(req), req.body.orgId, req.body.audience),
  );
  app.post(
    '/api/warnings',
    {
      schema: {
        tags,
        summary: 'Write a warning (a draft until submitted)',
        body: createBody,
        response: { 201: detailSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.create(actorOf(req), req.body)),
  );
  app.get(
    '/api/warnings/:id',
    {
      schema: {
        tags,
        summary: 'A warning with its summary: sent, delivered, read, acknowledged, by unit',
        params: idParams,
        response: { 200: detailSchema },
      },
    },
    async (req) => svc.detail(actorOf(req), req.params.id),
  );
  app.patch(
    '/api/warnings/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft, or update a sent warning (its version goes up; recipients are told)',
        params: idParams,
        body: editBody,
        response: { 200: detailSchema },
      },
    },
    async (req) => svc.edit(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/warnings/:id/recipients',
    {
      schema: {
        tags,
        summary: 'Who the warning reached, each with the furthest state (a page at a time)',
        params: idParams,
        querystring: recipientsQuery,
        response: { 200: z.object({ items: z.array(recipientSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.recipients(actorOf(req), req.params.id, req.query),
  );
  const step = (
    path: string,
    summary: string,
    run: (actor: ReturnType<typeof actorOf>, id: string) => Promise<unknown>,
  ) =>
    app.post(
      `/api/warnings/:id/${path}`,
      { schema: { tags, summary, params: idParams, response: { 200: detailSchema } } },
      async (req) => run(actorOf(req), req.params.id) as Promise<z.infer<typeof detailSchema>>,
    );
  step(
    'submit',
    'Send the warning, or submit it for approval when it goes beyond the sending organisation',
    (a, id) => svc.submit(a, id),
  );
  step('approve', 'Approve a warning another person submitted: it is sent', (a, id) => svc.approve(a, id));
  app.post(
    '/api/warnings/:id/reject',
    {
      schema: {
        tags,
        summary: 'Send a submitted warning back to its author with a reason',
        params: idParams,
        body: reasonBody,
        response: { 200: detailSchema },
      },
    },
    async (req) => svc.reject(actorOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/warnings/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a sent warning (recipients are told), or withdraw a draft',
        params: idParams,
        body: cancelBody,
        response: { 200: detailSchema },
      },
    },
    async (req) => svc.cancel(actorOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/warnings/:id/remind',
    {
      schema: {
        tags,
        summary: 'Remind everyone who has not acknowledged (提醒未确认)',
        params: idParams,
        response: { 200: z.object({ reminded: z.number().int() }) },
      },
    },
    async (req) => svc.remind(actorOf(req), req.params.id),
  );

  // ---- the recipient's side ----------------------------------------------------------------------
  app.get(
    '/api/my-warnings',
    {
      schema: {
        tags,
        summary: 'The warnings the signed-in person received, newest first',
        response: { 200: z.object({ items: z.array(receivedSchema) }) },
      },
    },
    async (req) => svc.mine(actorOf(req)),
  );
  app.get(
    '/api/my-warnings/:id',
    {
      schema: {
        tags,
        summary: 'Open a warning one received (it counts as read)',
        params: idParams,
        response: { 200: receivedSchema },
      },
    },
    async (req) => svc.open(actorOf(req), req.params.id),
  );
  app.post(
    '/api/my-warnings/:id/acknowledge',
    {
      schema: {
        tags,
        summary: '确认收到: acknowledge a warning one received',
        params: idParams,
        response: { 200: receivedSchema },
      },
    },
    async (req) => svc.acknowledge(actorOf(req), req.params.id),
  );
}
