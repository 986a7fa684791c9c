import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { MIGRATIONS_DIR, rows, type Db } from '../db.js';
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

type MigrationState = 'ok' | 'pending' | 'unknown';

/** The migrations this build ships: drizzle-kit's journal, by the time stamp the migrator records. */
function shippedMigrations(dir: string): number[] {
  const journal = JSON.parse(fs.readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8')) as {
    entries: { when: number }[];
  };
  return journal.entries.map((e) => e.when);
}

/**
 * Whether every shipped migration is applied (drizzle records each as its journal time stamp in
 * drizzle.__drizzle_migrations). 'unknown' when the database did not answer. Once all are applied
 * the answer cannot change for this build, so it is kept.
 */
export function migrationCheck(db: Db, dir = MIGRATIONS_DIR): () => Promise<MigrationState> {
  const shipped = shippedMigrations(dir);
  let applied = false;
  return async () => {
    if (applied) return 'ok';
    try {
      const done = await rows<{ created_at: string | number }>(
        db,
        sql`select created_at from drizzle.__drizzle_migrations`,
      );
      const have = new Set(done.map((r) => Number(r.created_at)));
      applied = shipped.every((w) => have.has(w));
      return applied ? 'ok' : 'pending';
    } catch (err) {
      // No migration table at all: nothing was ever migrated.
      return (err as { cause?: { code?: string }; code?: string }).cause?.code === '42P01' ||
        (err as { code?: string }).code === '42P01'
        ? 'pending'
        : 'unknown';
    }
  };
}

/**
 * Liveness and readiness for a load balancer or an orchestrator. /api/health/live: the process
 * answers (it touches nothing). /api/health/ready: 200 only when the database answers, the bus is
 * connected and every migration this build ships is applied; else 503 saying which is not.
 */
export function healthRoutes(app: ZodApp, deps: { db: Db; bus: EventBus }): void {
  const migrations = migrationCheck(deps.db);
  app.get(
    '/api/health/live',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness: 200 while the process answers',
        response: { 200: z.object({ status: z.literal('live') }) },
      },
    },
    async () => ({ status: 'live' as const }),
  );
  app.get(
    '/api/health/ready',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Readiness: 200 when the database answers, the bus is connected and migrations are applied',
        response: {
          200: z.object({
            status: z.literal('ready'),
            database: z.literal('up'),
            bus: z.literal('up'),
            migrations: z.literal('ok'),
          }),
          503: errorBodySchema,
        },
      },
    },
    async (_req, reply) => {
      const database = await databaseUp(deps.db);
      const bus = deps.bus.isConnected();
      const migrated: MigrationState = database ? await migrations() : 'unknown';
      if (database && bus && migrated === 'ok')
        return {
          status: 'ready' as const,
          database: 'up' as const,
          bus: 'up' as const,
          migrations: 'ok' as const,
        };
      void reply.header('retry-after', RETRY_AFTER_SECONDS);
      throw errors.unavailable({
        database: database ? 'up' : 'down',
        bus: bus ? 'up' : 'down',
        migrations: migrated,
      });
    },
  );
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
