import { z } from 'zod';
import { actorOf, type ZodApp } from '../http/http.js';
import { intParam, isoDay } from '../http/schemas.js';
import { CHANNEL_KINDS, DELIVERY_STATES, SEVERITIES } from './channel.js';
import { ATTEMPT_STATES } from './notify.centre.tables.js';
import type { NotificationCentre } from './notify.centre.js';
import { DIGEST_CHANNELS, IM_CHANNELS } from './notify.settings.js';

/** A provider's receipt callback is small; anything bigger is not one. */
const RECEIPT_BODY_LIMIT = 64 * 1024;

const text = (max: number) => z.string().trim().max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const idParams = z.object({ id: z.uuid() });

const recordSchema = z
  .object({
    id: z.uuid(),
    notificationId: z.uuid(),
    userId: z.uuid(),
    userName: z.string().nullable(),
    orgId: z.uuid().nullable(),
    kind: z.string(),
    title: z.string(),
    severity: z.enum(SEVERITIES),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
    channel: z.enum(CHANNEL_KINDS),
    state: z.enum(DELIVERY_STATES),
    provider: z.string().nullable(),
    to: z.string().nullable().describe('masked address, e.g. 138****1234'),
    reason: z.string().nullable(),
    steps: z.number().int().describe('provider attempts made'),
    readAt: z.date().nullable(),
    acknowledgedAt: z.date().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'NotifyRecord' });

const attemptSchema = z
  .object({
    id: z.uuid(),
    step: z.number().int(),
    provider: z.string(),
    to: z.string().nullable(),
    state: z.enum(ATTEMPT_STATES),
    providerMessageId: z.string().nullable(),
    code: z.string().nullable(),
    reason: z.string().nullable(),
    answered: z.boolean().nullable(),
    templateCode: z.string().nullable(),
    createdAt: z.date(),
    sentAt: z.date().nullable(),
    receiptAt: z.date().nullable(),
  })
  .meta({ id: 'NotifyAttempt' });

const recordDetailSchema = recordSchema
  .extend({ attempts: z.array(attemptSchema) })
  .meta({ id: 'NotifyRecordDetail' });

const prefsBody = z.object({
  quietHours: z.object({ from: hhmm, to: hhmm }).nullable(),
  digestChannel: z.enum(DIGEST_CHANNELS).nullable(),
  contacts: z.object(
    Object.fromEntries(IM_CHANNELS.map((c) => [c, text(100).optional()])) as Record<
      (typeof IM_CHANNELS)[number],
      z.ZodOptional<z.ZodString>
    >,
  ),
});
const prefsSchema = prefsBody
  .extend({ phone: z.string().nullable(), email: z.string().nullable() })
  .meta({ id: 'NotifyPrefs' });

const templateBody = z.object({
  provider: text(60).min(1),
  noticeKind: text(80).min(1).nullable(),
  severity: z.enum(SEVERITIES).nullable(),
  templateCode: text(80).min(1),
  params: z
    .record(z.string().trim().min(1).max(40), z.string().max(300))
    .refine((p) => Object.keys(p).length <= 20, 'at most 20 parameters'),
});
const templateSchema = templateBody
  .extend({ id: z.uuid(), updatedAt: z.date() })
  .meta({ id: 'NotifyTemplate' });

/** The callback's query string as plain strings (a provider may put a token there). */
function queryOf(q: unknown): Record<string, string | undefined> {
  if (!q || typeof q !== 'object') return {};
  return Object.fromEntries(
    Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].length <= 2000),
  );
}

export async function notifyCentreRoutes(app: ZodApp, centre: NotificationCentre): Promise<void> {
  const tags = ['notifications'];

  // The provider calls this, with no session: its signature or token (checked by the adapter) is
  // the proof. The body is read raw, since signatures cover the exact bytes.
  await app.register(async (receipts: ZodApp) => {
    receipts.removeAllContentTypeParsers();
    receipts.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: RECEIPT_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    receipts.post(
      '/api/notify/receipts/:provider',
      {
        config: { public: true },
        bodyLimit: RECEIPT_BODY_LIMIT,
        schema: {
          tags,
          summary:
            "A provider's delivery receipts (SMS status reports, call results), answered as the provider expects",
          params: z.object({ provider: z.string().min(1).max(60) }),
          response: { 200: z.unknown() },
        },
      },
      async (req, reply) => {
        const answer = await centre.receive(req.params.provider, {
          headers: req.headers,
          query: queryOf(req.query),
          rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        });
        const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? null);
        return (
          reply
            // The provider's own answer (status and body as its document asks), not ours.
            .status(answer.status as 200)
            .type(
              typeof answer.body === 'string'
                ? 'text/plain; charset=utf-8'
                : 'application/json; charset=utf-8',
            )
            .send(body)
        );
      },
    );
  });

  app.get(
    '/api/notify/records',
    {
      schema: {
        tags,
        summary: '发送记录: messages to the people of your organisations, newest first',
        querystring: z.object({
          state: z.enum(DELIVERY_STATES).optional(),
          channel: z.enum(CHANNEL_KINDS).optional(),
          severity: z.enum(SEVERITIES).optional(),
          kind: text(80).optional(),
          userId: z.uuid().optional(),
          subjectType: text(40).optional(),
          subjectId: text(80).optional(),
          from: isoDay().optional(),
          to: isoDay().optional(),
          page: intParam(1, 10_000, 1),
          pageSize: intParam(1, 200, 50),
        }),
        response: { 200: z.object({ items: z.array(recordSchema), total: z.number().int() }) },
      },
    },
    async (req) => centre.records.list(actorOf(req), req.query),
  );
  app.get(
    '/api/notify/records/:id',
    {
      schema: {
        tags,
        summary: 'One delivery with its attempts in order: the failover path taken',
        params: idParams,
        response: { 200: recordDetailSchema },
      },
    },
    async (req) => centre.records.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/notify/records/:id/retry',
    {
      schema: {
        tags,
        summary: 'Send a failed delivery again, from the first provider of its channel',
        params: idParams,
        response: { 200: recordDetailSchema },
      },
    },
    async (req) => centre.records.retry(actorOf(req), req.params.id),
  );

  app.get(
    '/api/notify/prefs',
    {
      schema: {
        tags,
        summary: 'Your own channels, quiet hours and daily digest',
        response: { 200: prefsSchema },
      },
    },
    async (req) => centre.settings.prefs(actorOf(req)),
  );
  app.put(
    '/api/notify/prefs',
    {
      schema: {
        tags,
        summary: 'Change your own channels, quiet hours (never for alarms) and daily digest',
        body: prefsBody,
        response: { 200: prefsSchema },
      },
    },
    async (req) => centre.settings.savePrefs(actorOf(req), req.body),
  );

  app.get(
    '/api/notify/templates',
    {
      schema: {
        tags,
        summary:
          "The providers of this install and their SMS and voice templates (the platform's administrators)",
        response: {
          200: z.object({
            providers: z.array(
              z.object({ provider: z.string(), kind: z.enum(CHANNEL_KINDS), needsTemplate: z.boolean() }),
            ),
            items: z.array(templateSchema),
          }),
        },
      },
    },
    async (req) => centre.settings.templates(actorOf(req)),
  );
  app.put(
    '/api/notify/templates',
    {
      schema: {
        tags,
        summary: "Register a provider's template for a notice kind, or as a severity's fallback",
        body: templateBody,
        response: { 200: templateSchema },
      },
    },
    async (req) => centre.settings.saveTemplate(actorOf(req), req.body),
  );
  app.delete(
    '/api/notify/templates/:id',
    {
      schema: { tags, summary: 'Remove a provider template', params: idParams, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await centre.settings.deleteTemplate(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
