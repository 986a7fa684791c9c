import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';

/* eslint-disable @typescript-eslint/no-explicit-any -- drizzle's generic slots for "no relational schema" */
export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
export type Tx = PgTransaction<PgQueryResultHKT, Record<string, never>, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */
/** Anything that runs queries: the database or an open transaction. Repositories take this. */
export type Executor = Db | Tx;

/** Connections of this process by state (PGlite: one, in process; idle and waiting unknown). */
export interface PoolStats {
  total: number;
  idle: number | null;
  waiting: number | null;
  max: number;
}

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  pool(): PoolStats;
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

export interface DatabaseOptions {
  /** postgres:// URL; when absent, PGlite is used */
  url?: string | undefined;
  /** PGlite data directory; undefined means in memory */
  pgliteDir?: string | undefined;
  poolSize?: number;
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.url) {
    // A database that does not answer (a partition, not a refusal) fails the request after this
    // long rather than holding it, so that callers get 503 and retry.
    const pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolSize ?? 10,
      connectionTimeoutMillis: 10_000,
    });
    // A broken idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => undefined);
    // Nor one that is checked out between two statements (a transaction's) when the database goes
    // away: node-postgres then emits 'error' on the client, which nobody listens to and which would
    // end the process. The next statement on it fails and the pool discards it on release.
    pool.on('connect', (client) => client.on('error', () => undefined));
    const db = drizzlePg(pool) as unknown as Db;
    const max = opts.poolSize ?? 10;
    return {
      db,
      kind: 'postgres',
      pool: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
      async migrate() {
        // Several API nodes may start at once: one migrates, the others wait for it.
        const client = await pool.connect();
        try {
          await client.query('SELECT pg_advisory_lock(727001)');
          const before = await appliedMigrations((q) => client.query(q));
          await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_DIR });
          // Migrations that move data leave the planner without statistics for it.
          if ((await appliedMigrations((q) => client.query(q))) > before) await client.query('ANALYZE');
        } finally {
          await client.query('SELECT pg_advisory_unlock(727001)').catch(() => undefined);
          client.release();
        }
      },
      close: () => pool.end(),
    };
  }
  if (opts.pgliteDir) fs.mkdirSync(opts.pgliteDir, { recursive: true });
  const client = opts.pgliteDir ? new PGlite(opts.pgliteDir) : new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pool: () => ({ total: 1, idle: null, waiting: null, max: 1 }),
    migrate: async () => {
      const before = await appliedMigrations((q) => client.query(q));
      await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_DIR });
      if ((await appliedMigrations((q) => client.query(q))) > before) await client.exec('ANALYZE');
    },
    close: () => client.close(),
  };
}

/** How many migrations drizzle has recorded as applied (0 on an empty database). */
async function appliedMigrations(query: (text: string) => Promise<{ rows: unknown[] }>): Promise<number> {
  const exists = await query(`select to_regclass('drizzle.__drizzle_migrations') is not null as e`);
  if (!(exists.rows[0] as { e: boolean }).e) return 0;
  const res = await query('select count(*)::int as n from drizzle.__drizzle_migrations');
  return Number((res.rows[0] as { n: number | string }).n);
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Refreshes the planner's statistics of the tables a bulk write touched (a seed, an applied
 * import), or of the whole database when none are named. Autovacuum may be off or minutes late,
 * and until it runs PostgreSQL plans over tables it believes empty (a students page at 495 ms
 * instead of 13 ms on 20,000 rows). ANALYZE reads a sample of each table, so this stays cheap.
 */
export async function analyzeTables(ex: Executor, tables?: readonly string[]): Promise<void> {
  const names = [...new Set(tables ?? [])];
  const bad = names.find((t) => !TABLE_NAME.test(t));
  if (bad) throw new Error(`not a table name: ${bad}`);
  await ex.execute(sql.raw(names.length ? `ANALYZE ${names.join(', ')}` : 'ANALYZE'));
}

/** Rows of a raw query, the same on both drivers. */
export async function rows<T>(ex: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const res: unknown = await ex.execute(query);
  return (res as { rows: T[] }).rows;
}

/** A user's search text made literal inside a LIKE pattern (%, _ and \ escaped). */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);
/** what node-postgres says, without a code, when it lost or could not get a connection */
const UNREACHABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/i;

/**
 * Whether an error means the database cannot be reached now (down, restarting, cut off, out of
 * connections), rather than that the query was wrong: the caller should answer 503 and the client
 * retry. Drizzle wraps the driver's error, so the cause chain is searched.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, message, cause } = e as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (typeof message === 'string' && UNREACHABLE_MESSAGES.test(message)) return true;
    e = cause;
  }
  return false;
}
