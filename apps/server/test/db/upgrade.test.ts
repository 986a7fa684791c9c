import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/app/runtime.js';
import { loadAppConfig } from '../../src/app/config.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import {
  appliedMigration,
  createBackup,
  journal,
  migrateUpTo,
  restoreBackup,
  tablesInOrder,
} from '../../src/kernel/backup/index.js';
import { rows } from '../../src/kernel/db.js';
import { createLogger } from '../../src/kernel/logger.js';
import { LocalDiskStore } from '../../src/kernel/files/store.js';
import { tableDigests } from '../support/backup.js';
import { freshDatabase } from '../support/database.js';
import { TEST_SECRET, testRuntime, type TestRuntime } from '../support/runtime.js';

/**
 * The last migration of the release before this one: upgrades are tested from its schema. The
 * next release moves this to its own last migration.
 */
export const PREVIOUS_RELEASE = '0016_district_features';

let source: TestRuntime;
let old: Awaited<ReturnType<typeof freshDatabase>>;
let work: string;
let columns: Map<string, string[]>;

beforeAll(async () => {
  // The demo as this release seeds it, then put into a database at the previous release's schema
  // cut to the columns that release had: the data a district ran on before upgrading.
  source = await testRuntime({ students: 40 });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-upgrade-test-'));
  old = await freshDatabase({ migrate: false });
  await migrateUpTo(old.database, PREVIOUS_RELEASE);
  const oldTables = await tablesInOrder(old.database.db);
  columns = new Map(oldTables.map((t) => [t.name, t.columns]));
  const present = new Set((await tablesInOrder(source.kernel.db)).map((t) => t.name));
  for (const t of oldTables) {
    if (!present.has(t.name)) continue;
    const [r] = await rows<{ j: string | null }>(
      source.kernel.db,
      sql`select json_agg(row_to_json(t))::text as j from ${sql.identifier(t.name)} t`,
    );
    if (!r?.j) continue;
    const list = sql.join(
      t.columns.map((c) => sql.identifier(c)),
      sql`, `,
    );
    const id = sql.identifier(t.name);
    await old.database.db.execute(
      sql`insert into ${id} (${list}) select ${list} from json_populate_recordset(null::${id}, ${r.j}::json)`,
    );
  }
  const [seq] = await rows<{ v: string }>(source.kernel.db, sql`select last_value::text as v from event_seq`);
  await old.database.db.execute(sql`select setval('event_seq', ${seq!.v}::bigint, true)`);
}, 300_000);

afterAll(async () => {
  await source?.dispose();
  await old?.drop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe(`upgrade from the previous release (${PREVIOUS_RELEASE})`, () => {
  it("applies this release's migrations to the previous release's data: every row kept, and the app starts", async () => {
    const latest = journal().at(-1)!.tag;
    expect((await appliedMigration(old.database.db))?.tag).toBe(PREVIOUS_RELEASE);
    const before = await tableDigests(old.database.db, columns);
    expect(before.users!.rows).toBeGreaterThan(10);
    expect(before.requests!.rows).toBeGreaterThan(10);
    expect(before.students!.rows).toBeGreaterThanOrEqual(40);

    // A backup taken on the previous release, restored by this one: migrated forward as it goes in.
    const archive = path.join(work, 'previous-release.tar.gz');
    await createBackup({
      database: old.database,
      stores: { of: () => new LocalDiskStore(path.join(work, 'no-files')) },
      out: archive,
      secretKey: TEST_SECRET,
    });

    await old.database.migrate();
    expect((await appliedMigration(old.database.db))?.tag).toBe(latest);
    expect(await tableDigests(old.database.db, columns)).toEqual(before);

    const restored = await freshDatabase({ migrate: false });
    try {
      await restoreBackup({
        database: restored.database,
        store: new LocalDiskStore(path.join(work, 'restored-files')),
        file: archive,
        secretKey: TEST_SECRET,
      });
      expect((await appliedMigration(restored.database.db))?.tag).toBe(latest);
      expect(await tableDigests(restored.database.db, columns)).toEqual(before);
    } finally {
      await restored.drop();
    }

    // This release's server starts on the upgraded database: the demo's people sign in and read.
    const config = loadAppConfig({
      DATA_DIR: fs.mkdtempSync(path.join(work, 'data-')),
      ANXIAO_DEMO: 'false',
      ANXIAO_SECRET_KEY: TEST_SECRET,
      LOG_LEVEL: 'silent',
    });
    const rt = await createRuntime({ config, database: old.database, log: createLogger('silent') });
    try {
      await rt.app.ready();
      const login = await rt.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'school.admin', password: DEMO_PASSWORD },
      });
      expect(login.statusCode).toBe(200);
      const cookie = `anxiao_sid=${login.cookies.find((c) => c.name === 'anxiao_sid')!.value}`;
      const students = await rt.app.inject({
        method: 'GET',
        url: '/api/students?pageSize=100',
        headers: { cookie },
      });
      expect(students.statusCode).toBe(200);
      const requests = await rt.app.inject({
        method: 'GET',
        url: '/api/requests?pageSize=100',
        headers: { cookie },
      });
      expect(requests.statusCode).toBe(200);
      // what the same person saw on the demo before the upgrade
      const was = await source.login('school.admin');
      const total = (r: { json<T>(): T }) => r.json<{ total: number }>().total;
      expect(total(students)).toBe(total(await was.call('GET', '/api/students?pageSize=100')));
      expect(total(requests)).toBe(total(await was.call('GET', '/api/requests?pageSize=100')));
      expect(total(students)).toBeGreaterThan(0);
      expect(total(requests)).toBeGreaterThan(0);
    } finally {
      await rt.close();
    }
  });
});
