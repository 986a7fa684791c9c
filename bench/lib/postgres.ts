import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { registerCleanup } from './cleanup.js';

/** The maintenance database of the PostgreSQL server benchmarks create their databases on. */
export function postgresAdminUrl(): string {
  return process.env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
}

export interface ScratchDatabase {
  name: string;
  url: string;
  query<T extends object>(text: string, values?: unknown[]): Promise<T[]>;
  /** Drops the database (closing any connections still open to it). */
  drop(): Promise<void>;
}

/**
 * A new, empty database on the server at `adminUrl`, dropped by drop() or, if the benchmark is cut
 * short, at exit (with psql, the only synchronous way there is).
 */
export async function createScratchDatabase(
  name: string,
  adminUrl = postgresAdminUrl(),
): Promise<ScratchDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await admin(adminUrl, `drop database if exists ${name} with (force)`);
  await admin(adminUrl, `create database ${name}`);
  const release = registerCleanup(() => {
    execFileSync('psql', [adminUrl, '-qc', `drop database if exists ${name} with (force)`], {
      stdio: 'ignore',
      timeout: 10_000,
    });
  });
  return {
    name,
    url: url.toString(),
    async query<T extends object>(text: string, values: unknown[] = []) {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        return (await client.query<T>(text, values)).rows;
      } finally {
        await client.end();
      }
    },
    async drop() {
      await admin(adminUrl, `drop database if exists ${name} with (force)`);
      release();
    },
  };
}

async function admin(adminUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
