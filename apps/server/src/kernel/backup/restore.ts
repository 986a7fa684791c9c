import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { rows, type Database, type Tx } from '../db.js';
import type { FileStore } from '../files/store.js';
import {
  ArchiveError,
  FILE_PREFIX,
  HEADER_ENTRY,
  headerSchema,
  keyCheck,
  MANIFEST_ENTRY,
  manifestSchema,
  readAll,
  readArchive,
  TABLE_PREFIX,
  type BackupHeader,
  type BackupManifest,
} from './archive.js';
import {
  appliedMigration,
  firstTableWithRows,
  journal,
  migrateUpTo,
  tablesInOrder,
  type JournalEntry,
} from './schema.js';

const MiB = 1024 * 1024;

/** A restore that was not started because the archive or the target does not allow it. */
export class RestoreRefused extends Error {}

/**
 * Read the whole archive once and check it against its manifest: every entry present, none
 * extra, every digest right. Nothing is written. Returns what the archive holds.
 */
export async function verifyBackup(
  file: string,
  say: (line: string) => void = () => undefined,
  /** called once the header is read: may refuse before the rest is read through */
  onHeader: (header: BackupHeader) => Promise<void> = async () => undefined,
): Promise<{ header: BackupHeader; manifest: BackupManifest }> {
  let header: BackupHeader | null = null;
  let manifest: BackupManifest | null = null;
  const seen = new Map<string, { size: number; sha256: string }>();
  const parse = <T>(
    what: string,
    buf: Buffer,
    schema: { safeParse(v: unknown): { success: boolean; data?: T } },
  ) => {
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8'));
    } catch {
      throw new ArchiveError(file, `its ${what} is not valid JSON`);
    }
    const r = schema.safeParse(value);
    if (!r.success) throw new ArchiveError(file, `its ${what} is not one this release reads`);
    return r.data as T;
  };
  for await (const e of readArchive(file)) {
    if (manifest) throw new ArchiveError(file, `an entry (${e.name}) follows the manifest`);
    if (!header) {
      if (e.name !== HEADER_ENTRY) throw new ArchiveError(file, `it does not begin with ${HEADER_ENTRY}`);
      const buf = await readAll(e.stream, 16 * MiB, HEADER_ENTRY);
      header = parse<BackupHeader>('header', buf, headerSchema);
      seen.set(e.name, { size: buf.length, sha256: createHash('sha256').update(buf).digest('hex') });
      say(
        `archive of ${header.createdAt}: release ${header.release}, ${header.database.kind}, migration ${header.migration.tag ?? header.migration.when}`,
      );
      await onHeader(header);
      continue;
    }
    if (e.name === MANIFEST_ENTRY) {
      manifest = parse<BackupManifest>(
        'manifest',
        await readAll(e.stream, 512 * MiB, MANIFEST_ENTRY),
        manifestSchema,
      );
      continue;
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const c of e.stream) {
      hash.update(c as Buffer);
      size += (c as Buffer).length;
    }
    seen.set(e.name, { size, sha256: hash.digest('hex') });
  }
  if (!header) throw new ArchiveError(file, 'it holds nothing');
  if (!manifest)
    throw new ArchiveError(file, 'it ends before its manifest (cut short while being written or copied?)');
  for (const [name, want] of Object.entries(manifest.entries)) {
    const got = seen.get(name);
    if (!got) throw new ArchiveError(file, `${name} is missing`);
    if (got.size !== want.size || got.sha256 !== want.sha256)
      throw new ArchiveError(file, `${name} is damaged (its sha256 differs from the manifest's)`);
  }
  for (const name of seen.keys())
    if (!manifest.entries[name]) throw new ArchiveError(file, `${name} is not in its manifest`);
  const rowsIn = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
  say(`archive checked: ${header.tables.length} tables, ${rowsIn} rows, ${manifest.files.length} files`);
  return { header, manifest };
}

export interface RestoreOptions {
  database: Database;
  /** the store the restored files go into (this installation's current one); rows then name it */
  store: FileStore;
  file: string;
  /** this installation's secret key (hex); must be the one the archive was written with */
  secretKey: string;
  onProgress?: (line: string) => void;
}

/**
 * Put an archive back into an empty installation: check the archive, migrate the empty database
 * to the archive's migration, put every row back parents first and every file back through the
 * store in one transaction (a failure leaves the database empty and removes the files put), set
 * the sequences, check the counts and digests, then apply this release's later migrations.
 */
export async function restoreBackup(
  o: RestoreOptions,
): Promise<{ header: BackupHeader; manifest: BackupManifest }> {
  const say = o.onProgress ?? (() => undefined);
  if (o.store.kind === 'postgres' && o.database.kind === 'pglite')
    throw new RestoreRefused(
      'the embedded database cannot take the files in its own store during a restore: restore with FILES_STORE=local, ' +
        'then move them with `anxiao files migrate --to postgres`',
    );
  let target!: JournalEntry;
  const { header, manifest } = await verifyBackup(o.file, say, async (h) => {
    target = await refusal(o, h);
  });
  say(`migrating the empty database to ${target.tag}, the archive's schema`);
  await migrateUpTo(o.database, target.tag);
  const db = o.database.db;
  const live = new Map((await tablesInOrder(db)).map((t) => [t.name, t.columns.join(',')]));
  for (const t of header.tables)
    if (live.get(t.name) !== t.columns.join(','))
      throw new RestoreRefused(
        `table ${t.name} at ${target.tag} is not the archive's: this release's migrations differ`,
      );

  const put: string[] = [];
  try {
    await db.transaction((tx) => load(tx as unknown as Tx, o, header, manifest, put, say));
  } catch (err) {
    for (const key of put) await o.store.delete(key).catch(() => undefined);
    throw err;
  }
  say('applying the migrations that came after the archive');
  await o.database.migrate();
  // The files went into this installation's store, whichever store held them where they came from.
  await db.execute(sql`update files set store = ${o.store.kind}`);
  say(`restored ${o.file}`);
  return { header, manifest };
}

/** Why this archive may not go into this installation, if it may not; else the archive's migration. */
async function refusal(o: RestoreOptions, header: BackupHeader): Promise<JournalEntry> {
  if (header.keyCheck !== keyCheck(o.secretKey))
    throw new RestoreRefused(
      'the archive was written under another secret key: set ANXIAO_SECRET_KEY to the key of the installation ' +
        'it came from (on the embedded database, that installation’s DATA_DIR/secret.key), or its encrypted fields ' +
        '(national IDs) could not be read',
    );
  const db = o.database.db;
  const applied = await appliedMigration(db);
  const full = applied ? await firstTableWithRows(db) : null;
  if (full)
    throw new RestoreRefused(
      `the database already holds data (table ${full} has rows): restore only into an empty installation ` +
        '(a new database, or a new DATA_DIR on the embedded one)',
    );
  const target = journal().find((e) => e.when === header.migration.when);
  if (!target)
    throw new RestoreRefused(
      `the archive is at migration ${header.migration.tag ?? header.migration.when}, which this release does not ` +
        `know: restore it with release ${header.release} (which wrote it) or a newer one`,
    );
  if (applied && applied.when > target.when)
    throw new RestoreRefused(
      `the database is already migrated to ${applied.tag}, past the archive's ${target.tag}: restore into a new ` +
        'database with no migrations applied',
    );
  return target;
}

async function load(
  tx: Tx,
  o: RestoreOptions,
  header: BackupHeader,
  manifest: BackupManifest,
  put: string[],
  say: (line: string) => void,
): Promise<void> {
  const columns = new Map(header.tables.map((t) => [t.name, t.columns]));
  const digests = new Map(manifest.files.map((f) => [f.key, f.sha256]));
  const counts = new Map<string, number>();
  let current = '';
  let files = 0;
  const tableDone = (name: string) => {
    if (name && manifest.tables[name]?.rows) say(`  ${name}: ${counts.get(name) ?? 0} rows`);
  };
  for await (const e of readArchive(o.file)) {
    if (e.name.startsWith(TABLE_PREFIX)) {
      const table = e.name.slice(TABLE_PREFIX.length).split('/')[0]!;
      const cols = columns.get(table);
      if (!cols) throw new ArchiveError(o.file, `${e.name} is for a table the header does not list`);
      if (table !== current) tableDone(current);
      current = table;
      const json = (await readAll(e.stream, 1024 * MiB, e.name)).toString('utf8');
      const list = sql.join(
        cols.map((c) => sql.identifier(c)),
        sql`, `,
      );
      const t = sql.identifier(table);
      const [r] = await rows<{ n: number }>(
        tx,
        sql`with ins as (insert into ${t} (${list}) select ${list} from json_populate_recordset(null::${t}, ${json}::json) returning 1)
            select count(*)::int as n from ins`,
      );
      counts.set(table, (counts.get(table) ?? 0) + (r?.n ?? 0));
    } else if (e.name.startsWith(FILE_PREFIX)) {
      tableDone(current);
      current = '';
      const key = e.name.slice(FILE_PREFIX.length);
      put.push(key);
      const digest = await putFile(o.store, key, e.stream, e.size);
      if (digest !== digests.get(key))
        throw new ArchiveError(o.file, `${e.name} changed while it was restored`);
      files++;
      if (files % 100 === 0 || files === manifest.files.length)
        say(`  files: ${files}/${manifest.files.length}`);
    }
  }
  tableDone(current);
  for (const [name, want] of Object.entries(manifest.tables))
    if ((counts.get(name) ?? 0) !== want.rows)
      throw new ArchiveError(
        o.file,
        `table ${name} has ${counts.get(name) ?? 0} rows, its manifest says ${want.rows}`,
      );
  for (const [name, value] of Object.entries(manifest.sequences)) {
    if (value === null) continue;
    const reg = `"public"."${name.replace(/"/g, '""')}"`;
    await tx.execute(sql`select setval(${reg}::regclass, ${value}::bigint, true)`);
  }
  if (manifest.missing.length)
    say(
      `  ${manifest.missing.length} files were already missing from the source's store; their records are kept`,
    );
}

/** The one place a restore writes a file: streamed into the store, hashed and counted on the way. */
async function putFile(store: FileStore, key: string, source: Readable, size: number): Promise<string> {
  const hash = createHash('sha256');
  let bytes = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  source.on('error', (err) => counted.destroy(err));
  await store.put(key, source.pipe(counted));
  if (bytes !== size) throw new RestoreRefused(`file ${key} has ${bytes} bytes, its manifest says ${size}`);
  return hash.digest('hex');
}
