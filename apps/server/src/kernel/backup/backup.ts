import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Tx } from '../db.js';
import type { StoreKind } from '../files/store.js';
import type { FileStores } from '../files/stores.js';
import {
  ArchiveWriter,
  FILE_PREFIX,
  FORMAT,
  FORMAT_VERSION,
  HEADER_ENTRY,
  keyCheck,
  MANIFEST_ENTRY,
  sha256,
  TABLE_PREFIX,
  type BackupHeader,
  type BackupManifest,
} from './archive.js';
import { appliedMigration, sequences, tablesInOrder } from './schema.js';

export interface BackupOptions {
  database: Database;
  /** where the files' bytes are read, through the port (`get` streams): the store each row names */
  stores: Pick<FileStores, 'of'>;
  /** the archive to write; written beside it under `.part` and renamed when complete */
  out: string;
  /** the installation's secret key (hex): only a check value of it goes into the archive */
  secretKey: string;
  /** rows per batch read from a table and written as one entry */
  batchRows?: number;
  onProgress?: (line: string) => void;
}

export interface BackupResult {
  file: string;
  bytes: number;
  header: BackupHeader;
  manifest: BackupManifest;
}

/** This server's release, as its package says. */
export const RELEASE: string = (() => {
  try {
    const pkg = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../package.json');
    return (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

/**
 * One consistent archive of the installation: every application table's rows and every stored
 * file, read in one read-only transaction (REPEATABLE READ on PostgreSQL: one snapshot for all of
 * it; PGlite has one connection, so its transaction sees no one else's writes either). Tables are
 * read through a cursor a batch at a time and files streamed from the store, so memory holds one
 * batch, never a whole table or file.
 */
export async function createBackup(o: BackupOptions): Promise<BackupResult> {
  const say = o.onProgress ?? (() => undefined);
  const batchRows = o.batchRows ?? 1000;
  const tmp = `${o.out}.part`;
  fs.mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  const writer = new ArchiveWriter();
  const written = pipeline(
    writer.pack as unknown as NodeJS.ReadableStream,
    createGzip(),
    fs.createWriteStream(tmp, { flags: 'w', mode: 0o600 }),
  );
  written.catch(() => undefined);
  try {
    const { header, manifest } = await o.database.db.transaction(
      (tx) => dump(tx as unknown as Tx, o, writer, batchRows, say),
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    );
    writer.finalize();
    await written;
    fs.renameSync(tmp, o.out);
    const bytes = fs.statSync(o.out).size;
    say(`backup written: ${o.out} (${mb(bytes)})`);
    return { file: o.out, bytes, header, manifest };
  } catch (err) {
    writer.pack.destroy(err as Error);
    await written.catch(() => undefined);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

async function dump(
  tx: Tx,
  o: BackupOptions,
  writer: ArchiveWriter,
  batchRows: number,
  say: (line: string) => void,
): Promise<{ header: BackupHeader; manifest: BackupManifest }> {
  const migration = await appliedMigration(tx);
  if (!migration) throw new Error('the database has no migrations applied: there is nothing to back up');
  const tables = await tablesInOrder(tx);
  const [v] = await rows<{ v: string }>(tx, sql`select current_setting('server_version') as v`);
  const header: BackupHeader = {
    format: FORMAT,
    formatVersion: FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    release: RELEASE,
    database: { kind: o.database.kind, version: v?.v ?? 'unknown' },
    migration,
    tables,
    keyCheck: keyCheck(o.secretKey),
  };
  const manifest: BackupManifest = { tables: {}, sequences: {}, entries: {}, files: [], missing: [] };
  const add = async (name: string, data: Buffer) => {
    manifest.entries[name] = { size: data.length, sha256: sha256(data) };
    await writer.add(name, data);
  };
  await add(HEADER_ENTRY, Buffer.from(JSON.stringify(header, null, 2)));
  say(
    `database ${o.database.kind} ${header.database.version} at migration ${migration.tag ?? migration.when}`,
  );

  for (const t of tables) {
    let count = 0;
    let chunks = 0;
    await tx.execute(
      sql`declare backup_rows no scroll cursor for select row_to_json(t)::text as j from ${sql.identifier(t.name)} t`,
    );
    for (;;) {
      const batch = await rows<{ j: string }>(tx, sql.raw(`fetch forward ${batchRows} from backup_rows`));
      if (!batch.length) break;
      chunks++;
      count += batch.length;
      const name = `${TABLE_PREFIX}${t.name}/${String(chunks).padStart(6, '0')}.json`;
      await add(name, Buffer.from(`[${batch.map((r) => r.j).join(',\n')}]`));
      if (chunks % 50 === 0) say(`  ${t.name}: ${count} rows …`);
    }
    await tx.execute(sql`close backup_rows`);
    manifest.tables[t.name] = { rows: count, chunks };
    if (count) say(`  ${t.name}: ${count} rows`);
  }
  // Read after the rows: a sequence is not part of the snapshot, so its value now is at least any
  // value the dumped rows hold.
  manifest.sequences = await sequences(tx);

  const filesTable = tables.find((t) => t.name === 'files');
  await dumpFiles(tx, o, filesTable?.columns.includes('store') ?? false, writer, manifest, say);
  await writer.add(MANIFEST_ENTRY, Buffer.from(JSON.stringify(manifest)));
  return { header, manifest };
}

async function dumpFiles(
  tx: Tx,
  o: BackupOptions,
  /** false on a schema from before the stores (every file then lies on the local disk) */
  rowsNameStore: boolean,
  writer: ArchiveWriter,
  manifest: BackupManifest,
  say: (line: string) => void,
): Promise<void> {
  const [total] = await rows<{ n: number; bytes: string | null }>(
    tx,
    sql`select count(*)::int as n, sum(size)::text as bytes from files`,
  );
  const all = total?.n ?? 0;
  if (!all) return;
  say(`files: ${all} (${mb(Number(total?.bytes ?? 0))})`);
  await tx.execute(
    sql`declare backup_files no scroll cursor for
        select id, storage_key, size, sha256, ${rowsNameStore ? sql`store` : sql`'local'`} as store
        from files order by created_at, id`,
  );
  let done = 0;
  let bytes = 0;
  for (;;) {
    const batch = await rows<{
      id: string;
      storage_key: string;
      size: string | number;
      sha256: string;
      store: StoreKind;
    }>(tx, sql.raw('fetch forward 500 from backup_files'));
    if (!batch.length) break;
    for (const f of batch) {
      if (f.store === 'postgres' && o.database.kind === 'pglite')
        // One connection: the store's reads would wait on this snapshot's transaction.
        throw new Error(
          'the embedded database keeps files in its own store: move them to the disk first (`anxiao files migrate --to local`)',
        );
      const size = Number(f.size);
      let source;
      try {
        source = await o.stores.of(f.store).get(f.storage_key);
      } catch {
        manifest.missing.push({ id: f.id, key: f.storage_key });
        say(`  warning: file ${f.id} (${f.storage_key}) is listed but its bytes are not in the store`);
        continue;
      }
      const name = `${FILE_PREFIX}${f.storage_key}`;
      const digest = await writer.addStream(name, size, source);
      if (digest !== f.sha256)
        say(`  warning: file ${f.id} (${f.storage_key}) differs from the digest taken at upload`);
      manifest.entries[name] = { size, sha256: digest };
      manifest.files.push({ id: f.id, key: f.storage_key, size, sha256: digest });
      done++;
      bytes += size;
      if (done % 100 === 0 || done + manifest.missing.length === all)
        say(`  files: ${done}/${all} (${mb(bytes)})`);
    }
  }
  await tx.execute(sql`close backup_files`);
}
