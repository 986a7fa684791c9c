import { z } from 'zod';
import { authorize } from '../access/index.js';
import { errors } from '../errors.js';
import { actorOf, type ZodApp } from '../http/http.js';
import type { JobRunner } from './jobs.js';

const queueView = z
  .object({
    queue: z.string(),
    concurrency: z.number().int(),
    priority: z.number().int(),
    due: z.number().int().describe('queued and due: waiting for a free slot'),
    waiting: z.number().int().describe('queued for later (a clock step, a retry after back-off)'),
    running: z.number().int(),
    oldestDueSeconds: z.number().describe('how long the oldest due job has waited; 0 when none is due'),
  })
  .meta({ id: 'JobQueue' });

/**
 * The job queues of the whole installation, for its administrators: the jobs are shared by every
 * school, so only an actor whose audit reading covers everything (the platform's administrators) may
 * see them.
 */
export function jobsRoutes(app: ZodApp, jobs: JobRunner): void {
  app.get(
    '/api/system/queues',
    {
      schema: {
        tags: ['system'],
        summary: 'Job queues: depth (due, waiting, running) and the age of the oldest due job',
        response: { 200: z.object({ items: z.array(queueView) }) },
      },
    },
    async (req) => {
      const scope = authorize(actorOf(req), 'audit.read');
      if (!scope.all) throw errors.forbidden({ permission: 'audit.read' });
      return { items: await jobs.stats() };
    },
  );
}
