import { z } from 'zod';
import { dateInput } from '../../kernel/http/schemas.js';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import { drillSchema, finishDrillBody, scheduleDrillBody } from './drills.schemas.js';
import type { DrillsService } from './drills.service.js';

const idParams = z.object({ id: z.uuid() });

export function drillsRoutes(app: ZodApp, svc: DrillsService): void {
  const tags = ['alarms'];
  app.get(
    '/api/drills',
    {
      schema: {
        tags,
        summary: 'Drills and device tests, latest first (the police see those of their jurisdiction)',
        querystring: z.object({
          schoolId: z.uuid().optional(),
          from: dateInput().optional(),
          to: dateInput().optional(),
        }),
        response: { 200: z.object({ items: z.array(drillSchema) }) },
      },
    },
    async (req) =>
      svc.list(actorOf(req), {
        schoolId: req.query.schoolId,
        ...(req.query.from ? { from: req.query.from } : {}),
        ...(req.query.to ? { to: req.query.to } : {}),
      }),
  );
  app.get(
    '/api/drills/:id',
    {
      schema: {
        tags,
        summary: 'One drill with its timings',
        params: idParams,
        response: { 200: drillSchema },
      },
    },
    async (req) => svc.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/drills',
    {
      schema: {
        tags,
        summary: 'Schedule a drill or device test; the police station is told at once (报备)',
        body: scheduleDrillBody,
        response: { 201: drillSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.schedule(actorOf(req), req.body)),
  );
  app.post(
    '/api/drills/:id/acknowledge',
    {
      schema: {
        tags,
        summary: 'The police station has seen the report (已知悉)',
        params: idParams,
        response: { 200: drillSchema },
      },
    },
    async (req) => svc.acknowledge(actorOf(req), req.params.id),
  );
  app.post(
    '/api/drills/:id/start',
    {
      schema: {
        tags,
        summary: 'Start it: an alarm marked as a drill (or test) rings through the same path',
        params: idParams,
        response: { 200: drillSchema },
      },
    },
    async (req) => svc.start(actorOf(req), req.params.id),
  );
  app.post(
    '/api/drills/:id/finish',
    {
      schema: {
        tags,
        summary:
          'Finish it with its evidence (evacuation time, participants, evaluation); its alarm is closed',
        params: idParams,
        body: finishDrillBody,
        response: { 200: drillSchema },
      },
    },
    async (req) => svc.finish(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/drills/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Call it off before it starts (the police are told)',
        params: idParams,
        body: z.object({ reason: z.string().trim().min(1).max(500) }),
        response: { 200: drillSchema },
      },
    },
    async (req) => svc.cancel(actorOf(req), req.params.id, req.body.reason),
  );
}
