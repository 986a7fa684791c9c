import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db.js';
import { errors } from '../errors.js';
import type { EventBus } from '../events/index.js';
import { errorBodySchema, RETRY_AFTER_SECONDS, type ZodApp } from './http.js';

/** a readiness probe must answer quickly even when the database does not */
const CHECK_TIMEOUT_MS = 2000;

async function databaseUp(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), CHECK_TIMEOUT_MS);
  });
  const check = db.execute(sql`select 1`).then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Readiness, beside /api/health (liveness): whether this node can serve now. A load balancer
 * takes a node out while its database (or its bus, when NATS is configured) is unreachable, and
 * the answer is the same 503 with Retry-After that API calls give meanwhile.
 */
export function readyRoutes(app: ZodApp, deps: { db: Db; bus: EventBus }): void {
  app.get(
    '/api/ready',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Readiness: 200 when the database (and the bus) are reachable, else 503',
        response: {
          200: z.object({
            status: z.literal('ready'),
            database: z.literal('up'),
            bus: z.literal('up'),
          }),
          503: errorBodySchema,
        },
      },
    },
    async (_req, reply) => {
      const database = await databaseUp(deps.db);
      const bus = deps.bus.isConnected();
      if (database && bus) return { status: 'ready' as const, database: 'up' as const, bus: 'up' as const };
      void reply.header('retry-after', RETRY_AFTER_SECONDS);
      throw errors.unavailable({ database: database ? 'up' : 'down', bus: bus ? 'up' : 'down' });
    },
  );
}
