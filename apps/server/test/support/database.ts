import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/kernel/db.js';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default; with DATABASE_URL,
 * a new PostgreSQL database on that server, dropped again at the end. `migrate: false` leaves it
 * with no schema at all (a restore or an upgrade test migrates it itself).
 */
export async function freshDatabase(opts: { migrate?: boolean } = {}): Promise<{
  database: Database;
  url: string | null;
  drop: () => Promise<void>;
}> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const database = await openDatabase({});
    if (opts.migrate !== false) await database.migrate();
    return { database, url: null, drop: () => database.close() };
  }
  const name = `anxiao_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  if (opts.migrate !== false) await database.migrate();
  return {
    database,
    url: url.toString(),
    drop: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: base });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
