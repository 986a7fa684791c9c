import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBackup,
  restoreBackup,
  RestoreRefused,
  type BackupResult,
} from '../../src/kernel/backup/index.js';
import { rows } from '../../src/kernel/db.js';
import { LocalDiskStore } from '../../src/kernel/files/store.js';
import { freshDatabase } from '../support/database.js';
import { PNG, uploadFile } from '../support/files.js';
import { storedDigest, tableDigests } from '../support/backup.js';
import { TEST_SECRET, testRuntime, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime;
let work: string;
let backup: BackupResult;

/** A photo of noise: about 1 MB that does not compress, streamed in many chunks. */
const noise = (w: number, h: number) =>
  sharp(Buffer.from(Array.from({ length: w * h * 3 }, (_, i) => (i * 7919 + (i >> 5) * 104729) % 251)), {
    raw: { width: w, height: h, channels: 3 },
  })
    .png({ compressionLevel: 0 })
    .toBuffer();

beforeAll(async () => {
  rt = await testRuntime();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-backup-test-'));
  const admin = await rt.login('school.admin');
  for (const [data, name] of [
    [PNG, 'tiny.png'],
    [await noise(600, 600), 'noise.png'],
    [await noise(120, 80), 'small.png'],
  ] as const) {
    const r = await uploadFile(rt.app, admin, { data, name, type: 'image/png' });
    expect(r.statusCode).toBe(201);
  }
  backup = await createBackup({
    database: rt.database,
    stores: rt.kernel.files.stores,
    out: path.join(work, 'demo.tar.gz'),
    secretKey: TEST_SECRET,
    // small batches, so that the demo's larger tables go out in many
    batchRows: 50,
  });
}, 240_000);

afterAll(async () => {
  await rt?.dispose();
  fs.rmSync(work, { recursive: true, force: true });
});

/** An installation elsewhere: a new database with no schema and an empty files folder. */
async function elsewhere() {
  const target = await freshDatabase({ migrate: false });
  const dir = fs.mkdtempSync(path.join(work, 'target-'));
  return { ...target, store: new LocalDiskStore(path.join(dir, 'files')), filesDir: path.join(dir, 'files') };
}

describe('backup and restore', () => {
  it('puts the demo with its uploaded files back elsewhere: every table and every file the same', async () => {
    const files = await rows<{ storage_key: string; sha256: string }>(
      rt.kernel.db,
      sql`select storage_key, sha256 from files`,
    );
    expect(files.length).toBe(3);
    expect(backup.manifest.files.map((f) => f.sha256).sort()).toEqual(files.map((f) => f.sha256).sort());
    // the larger tables went out in several batches, not as one
    expect(Math.max(...Object.values(backup.manifest.tables).map((t) => t.chunks))).toBeGreaterThan(5);

    const target = await elsewhere();
    try {
      const progress: string[] = [];
      await restoreBackup({
        database: target.database,
        store: target.store,
        file: backup.file,
        secretKey: TEST_SECRET,
        onProgress: (l) => progress.push(l),
      });
      expect(progress.join('\n')).toMatch(/files: 3\/3/);

      const before = await tableDigests(rt.kernel.db);
      const after = await tableDigests(target.database.db);
      expect(Object.keys(before).length).toBeGreaterThan(40);
      expect(after).toEqual(before);
      expect(before.users!.rows).toBeGreaterThan(10);

      for (const f of files) {
        expect(await storedDigest(target.store, f.storage_key)).toBe(f.sha256);
      }
      const seq = sql`select last_value::text as v from event_seq`;
      expect((await rows<{ v: string }>(target.database.db, seq))[0]!.v).toBe(
        (await rows<{ v: string }>(rt.kernel.db, seq))[0]!.v,
      );
    } finally {
      await target.drop();
    }
  });

  it('refuses to restore into an installation that already holds data', async () => {
    const done = restoreBackup({
      database: rt.database,
      store: new LocalDiskStore(path.join(work, 'unused')),
      file: backup.file,
      secretKey: TEST_SECRET,
    });
    await expect(done).rejects.toThrow(RestoreRefused);
    await expect(done).rejects.toThrow(/already holds data .*restore only into an empty installation/);
    expect(fs.existsSync(path.join(work, 'unused'))).toBe(false);
  });

  it('refuses a damaged or cut-short archive with a clear message, and leaves the target empty', async () => {
    const bytes = fs.readFileSync(backup.file);
    const damaged = Buffer.from(bytes);
    // spoil a stretch in the middle (inside the photos' or the rows' compressed data)
    for (let i = Math.floor(bytes.length / 2), end = i + 64; i < end; i++) damaged[i] = damaged[i]! ^ 0x5a;
    const cases: [string, Buffer, RegExp][] = [
      ['damaged.tar.gz', damaged, /is not a readable anxiao backup: .*damaged/],
      [
        'cut.tar.gz',
        bytes.subarray(0, Math.floor(bytes.length * 0.7)),
        /is not a readable anxiao backup: it ends too early/,
      ],
      ['other.tar.gz', PNG, /is not a readable anxiao backup/],
    ];
    const target = await elsewhere();
    try {
      for (const [name, data, message] of cases) {
        const file = path.join(work, name);
        fs.writeFileSync(file, data);
        await expect(
          restoreBackup({
            database: target.database,
            store: target.store,
            file,
            secretKey: TEST_SECRET,
          }),
        ).rejects.toThrow(message);
      }
      // refused before anything was written: no schema, no files
      const [t] = await rows<{ n: number }>(
        target.database.db,
        sql`select count(*)::int as n from pg_tables where schemaname = 'public'`,
      );
      expect(t!.n).toBe(0);
      expect(fs.existsSync(target.filesDir)).toBe(false);
    } finally {
      await target.drop();
    }
  });

  it('refuses an archive written under another secret key', async () => {
    const target = await elsewhere();
    try {
      await expect(
        restoreBackup({
          database: target.database,
          store: target.store,
          file: backup.file,
          secretKey: 'c'.repeat(64),
        }),
      ).rejects.toThrow(/another secret key: set ANXIAO_SECRET_KEY/);
    } finally {
      await target.drop();
    }
  });
});
