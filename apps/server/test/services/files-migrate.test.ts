/**
 * `anxiao files migrate` moves every file into another store and can be killed at any point:
 * run again, it goes on, and every file is there once, intact, where its row says.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/app/config.js';
import type { Database } from '../../src/kernel/db.js';
import { files } from '../../src/kernel/files/files.tables.js';
import { openFileStores, type FileStores } from '../../src/kernel/files/stores.js';
import { freshDatabase } from '../support/database.js';
import { digestOf } from '../support/file-stores.js';
import { TEST_SECRET } from '../support/runtime.js';

const SERVER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const COUNT = 60;
let database: Database;
let url: string;
let drop: () => Promise<void>;
let stores: FileStores;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-migrate-'));
const kept = new Map<string, { key: string; sha256: string; size: number }>();

beforeAll(async () => {
  const fresh = await freshDatabase();
  if (!fresh.url) throw new Error('the services suite runs on PostgreSQL (DATABASE_URL)');
  ({ database, drop } = fresh);
  url = fresh.url;
  const cfg = loadAppConfig({ ANXIAO_DEMO: 'true' }).modules.files;
  stores = openFileStores(cfg, { db: database.db, filesDir: path.join(dataDir, 'files'), databaseUrl: url });
  const orgId = randomUUID();
  for (let i = 0; i < COUNT; i++) {
    const data = randomBytes(200 * 1024 + i * 1000);
    const id = randomUUID();
    const key = `2026/12/${id}.jpg`;
    const sha256 = createHash('sha256').update(data).digest('hex');
    await stores.of('local').put(key, data);
    await database.db.insert(files).values({
      id,
      orgId,
      mime: 'image/jpeg',
      ext: 'jpg',
      size: data.length,
      sha256,
      storageKey: key,
      originalName: `${i}.jpg`,
      createdAt: new Date(),
      committedAt: new Date(),
      store: 'local',
    });
    kept.set(id, { key, sha256, size: data.length });
  }
});

afterAll(async () => {
  stores?.close();
  await drop?.();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Run the command; with `killAfter`, SIGKILL it once it has printed that many moved files. */
function migrate(to: string, killAfter?: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/index.ts', 'files', 'migrate', '--to', to],
    {
      cwd: SERVER_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: url,
        DATA_DIR: dataDir,
        ANXIAO_SECRET_KEY: TEST_SECRET,
        ANXIAO_DEMO: 'false',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  return new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) => {
    const seen = (d: Buffer) => {
      out += d.toString();
      const m = [...out.matchAll(/^(\d+)\/\d+ files/gm)].pop();
      if (killAfter !== undefined && m && Number(m[1]) >= killAfter) child.kill('SIGKILL');
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

it('moves every file to PostgreSQL, killed half-way and run again, each once and intact', async () => {
  const first = await migrate('postgres', 15);
  expect(first.signal, first.out).toBe('SIGKILL');
  const half = await database.db.select({ store: files.store }).from(files);
  const moved = half.filter((r) => r.store === 'postgres').length;
  expect(moved).toBeGreaterThanOrEqual(15);
  expect(moved).toBeLessThan(COUNT);

  const second = await migrate('postgres');
  expect(second.code, second.out).toBe(0);
  expect(second.out).toContain(`moved ${COUNT - moved} files to postgres; 0 could not be moved`);

  const rows = await database.db.select().from(files);
  expect(rows).toHaveLength(COUNT);
  for (const r of rows) {
    expect(r.store).toBe('postgres');
    const want = kept.get(r.id)!;
    expect(await digestOf(await stores.of('postgres').get(r.storageKey))).toEqual({
      size: want.size,
      sha256: want.sha256,
    });
  }
  // The local copies are gone (at most the one being moved at the kill may be left over).
  const left = fs.existsSync(path.join(dataDir, 'files'))
    ? fs
        .readdirSync(path.join(dataDir, 'files'), { recursive: true })
        .filter((f) => String(f).endsWith('.jpg'))
    : [];
  expect(left.length).toBeLessThanOrEqual(1);

  // And back again to the local disk, in one run.
  const back = await migrate('local');
  expect(back.code, back.out).toBe(0);
  for (const r of await database.db.select().from(files)) {
    expect(r.store).toBe('local');
    expect((await digestOf(await stores.of('local').get(r.storageKey))).sha256).toBe(kept.get(r.id)!.sha256);
  }
}, 300_000);
