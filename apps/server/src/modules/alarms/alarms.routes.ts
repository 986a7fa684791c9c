import { z } from 'zod';
import { authorize } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { PLAN_TEMPLATES, PLAN_TYPES } from './alarms.plans.js';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import {
  actionBody,
  deviceBody,
  deviceSchema,
  registerDeviceBody,
  deviceHeaders,
  incidentDetailSchema,
  incidentSchema,
  manualBody,
  raisedSchema,
  sosBody,
  sosContactsSchema,
} from './alarms.schemas.js';
import type { AlarmsService } from './alarms.service.js';

const idParams = z.object({ id: z.uuid() });

export async function alarmsRoutes(app: ZodApp, svc: AlarmsService): Promise<void> {
  const tags = ['alarms'];
  // Devices sign the exact bytes they send, so this route reads the body raw.
  await app.register(async (devices: ZodApp) => {
    devices.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    // A device presses rarely and beats once a minute or so: far more is someone guessing codes or
    // secrets. One limit per address (many devices may share a school's gateway), one per code.
    const perAddress = devices.createRateLimit({ max: svc.deviceRates.perAddress, timeWindow: 60_000 });
    const perDevice = devices.createRateLimit({
      max: svc.deviceRates.perDevice,
      timeWindow: 60_000,
      keyGenerator: (req) => `device:${(req.params as { code?: string }).code ?? ''}`,
    });
    devices.addHook('onRequest', async (req) => {
      for (const limit of [perAddress, perDevice]) {
        const r = await limit(req);
        if (!r.isAllowed && r.isExceeded) throw errors.rateLimited();
      }
    });
    devices.post(
      '/api/devices/:code/alarm',
      {
        config: { public: true },
        schema: {
          tags,
          summary:
            'A press (or test) from an alarm device: JSON {"mode"}, signed with the device secret (headers x-anxiao-timestamp, x-anxiao-signature, idempotency-key)',
          params: z.object({ code: z.string().min(1).max(40) }),
          headers: deviceHeaders,
          response: { 200: raisedSchema, 201: raisedSchema },
        },
      },
      async (req, reply) => {
        const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        let parsed: unknown;
        try {
          parsed = raw.length ? JSON.parse(raw.toString('utf8')) : {};
        } catch {
          throw errors.validation({ reason: 'body is not JSON' });
        }
        const body = deviceBody.safeParse(parsed);
        if (!body.success) throw errors.validation({ issues: body.error.issues.map((i) => i.message) });
        const r = await svc.raiseFromDevice({
          code: req.params.code,
          timestamp: req.headers['x-anxiao-timestamp'],
          signature: req.headers['x-anxiao-signature'],
          idempotencyKey: req.headers['idempotency-key'],
          body: raw,
          mode: body.data.mode,
        });
        return reply.status(r.created ? 201 : 200).send(r);
      },
    );
    devices.post(
      '/api/devices/:code/heartbeat',
      {
        config: { public: true },
        schema: {
          tags,
          summary: 'A heartbeat from an alarm device, signed like a press (body may be empty JSON {})',
          params: z.object({ code: z.string().min(1).max(40) }),
          headers: deviceHeaders,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await svc.heartbeat({
          code: req.params.code,
          timestamp: req.headers['x-anxiao-timestamp'],
          signature: req.headers['x-anxiao-signature'],
          idempotencyKey: req.headers['idempotency-key'],
          body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        });
        return reply.status(204).send(null);
      },
    );
  });
  app.post(
    '/api/alarms/sos',
    {
      config: { cleanText: true },
      schema: {
        tags,
        summary: 'SOS from the phone: retry with the same idempotency key until a 2xx',
        body: sosBody,
        response: { 200: raisedSchema, 201: raisedSchema },
      },
    },
    async (req, reply) => {
      const r = await svc.sos(actorOf(req), req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );
  app.get(
    '/api/alarms/sos-contacts',
    {
      schema: {
        tags,
        summary:
          "What the SOS page offers to call beside 110/119/120: the caller's school's security duty number",
        response: { 200: sosContactsSchema },
      },
    },
    async (req) => svc.sosContacts(actorOf(req)),
  );
  app.post(
    '/api/alarms',
    {
      schema: {
        tags,
        summary: 'An alarm entered by an operator or a guard',
        body: manualBody,
        response: { 200: raisedSchema, 201: raisedSchema },
      },
    },
    async (req, reply) => {
      const r = await svc.raiseManual(actorOf(req), req.body);
      return reply.status(r.created ? 201 : 200).send(r);
    },
  );
  app.post(
    '/api/alarm-devices',
    {
      schema: {
        tags,
        summary: 'Register an alarm device; the answer carries its signing secret, shown only this once',
        body: registerDeviceBody,
        response: { 201: z.object({ device: deviceSchema, secret: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.registerDevice(actorOf(req), req.body)),
  );
  app.post(
    '/api/alarm-devices/:id/test',
    {
      schema: {
        tags,
        summary: 'Run a device test from the console: an alarm marked as a test, rung through the same path',
        params: idParams,
        response: { 201: raisedSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.testDevice(actorOf(req), req.params.id)),
  );
  app.get(
    '/api/alarm-devices',
    {
      schema: {
        tags,
        summary: 'Alarm devices with their last heartbeat and last test',
        querystring: z.object({ schoolId: z.uuid().optional() }),
        response: { 200: z.object({ items: z.array(deviceSchema) }) },
      },
    },
    async (req) => svc.listDevices(actorOf(req), req.query.schoolId),
  );
  app.get(
    '/api/alarm-overview',
    {
      schema: {
        tags,
        summary: "The schools watched (a police station's jurisdiction): location, open incidents, devices",
        response: {
          200: z.object({
            schools: z.array(
              z.object({
                id: z.uuid(),
                name: z.string(),
                lon: z.number().nullable(),
                lat: z.number().nullable(),
                openIncidents: z.number().int(),
                devices: z.number().int(),
                devicesOffline: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => svc.overview(actorOf(req)),
  );
  app.get(
    '/api/incidents',
    {
      schema: {
        tags,
        summary: 'Incidents the caller may see: the open ones, or the latest',
        querystring: z.object({
          open: z
            .enum(['true', 'false'])
            .optional()
            .transform((v) => v === 'true'),
          schoolId: z.uuid().optional(),
        }),
        response: { 200: z.object({ items: z.array(incidentSchema) }) },
      },
    },
    async (req) =>
      svc.list(actorOf(req), {
        open: req.query.open,
        ...(req.query.schoolId ? { schoolId: req.query.schoolId } : {}),
      }),
  );
  app.get(
    '/api/incidents/:id',
    {
      schema: {
        tags,
        summary: 'One incident with its timeline and response clock',
        params: idParams,
        response: { 200: incidentDetailSchema },
      },
    },
    async (req) => svc.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/incidents/:id/actions',
    {
      schema: {
        tags,
        summary:
          'A step: acknowledge, dispatch, police_accept, on_scene, police_on_scene, resolve, close, cancel, false_alarm',
        params: idParams,
        body: actionBody,
        response: { 200: incidentDetailSchema },
      },
    },
    async (req) => svc.act(actorOf(req), req.params.id, req.body.action, req.body),
  );
  app.get(
    '/api/plan-templates',
    {
      schema: {
        tags,
        summary: 'The emergency plan templates (应急预案) with their steps',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                type: z.enum(PLAN_TYPES),
                name: z.string(),
                steps: z.array(z.object({ title: z.string(), owner: z.string() })),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      authorize(actorOf(req), 'alarm.read');
      return { items: PLAN_TEMPLATES.map((t) => ({ ...t, steps: [...t.steps] })) };
    },
  );
  app.post(
    '/api/incidents/:id/plans',
    {
      schema: {
        tags,
        summary: 'Open an emergency plan on an incident (once per type)',
        params: idParams,
        body: z.object({ type: z.enum(PLAN_TYPES) }),
        response: { 200: incidentDetailSchema },
      },
    },
    async (req) => svc.openPlan(actorOf(req), req.params.id, req.body.type),
  );
  app.post(
    '/api/incidents/:id/plan-steps/:stepId/done',
    {
      schema: {
        tags,
        summary: 'Tick a step of an opened plan',
        params: z.object({ id: z.uuid(), stepId: z.uuid() }),
        response: { 200: incidentDetailSchema },
      },
    },
    async (req) => svc.tickPlanStep(actorOf(req), req.params.id, req.params.stepId),
  );
  app.post(
    '/api/incidents/:id/caller-phone',
    {
      schema: {
        tags,
        summary: "Reveal the caller's full callback number where it is masked (alarm.handle; audited)",
        params: idParams,
        response: { 200: z.object({ phone: z.string().nullable() }) },
      },
    },
    async (req) => svc.revealCallerPhone(actorOf(req), req.params.id),
  );
  app.post(
    '/api/incidents/:id/notes',
    {
      schema: {
        tags,
        summary: 'Add a note to the timeline',
        params: idParams,
        body: z.object({ note: z.string().trim().min(1).max(1000) }),
        response: { 200: incidentDetailSchema },
      },
    },
    async (req) => svc.addNote(actorOf(req), req.params.id, req.body.note),
  );
}
