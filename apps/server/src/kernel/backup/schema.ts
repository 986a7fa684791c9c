import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { MIGRATIONS_DIR, rows, type Database, type Executor } from '../db.js';

/**
 * What a backup needs to know about the database it reads or writes: the application's tables in
 * the order their foreign keys allow, their sequences, and which migration the schema is at.
 */

/**
 * Tables never dumped as rows. A file store that keeps its bytes in the database belongs here:
 * those bytes travel as files, through the store port, like every other store's. So do rollups
 * that are computed again from the other tables on their first read (coverage_reports).
 */
export const NOT_DUMPED = new Set<string>(['file_chunks', 'coverage_reports']);

export interface JournalEntry {
  idx: number;
  tag: string;
  when: number;
}

/** This release's migrations, oldest first. */
export function journal(dir = MIGRATIONS_DIR): JournalEntry[] {
  const j = JSON.parse(fs.readFileSync(path.join(dir, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return j.entries;
}

/** The newest migration applied to this database, or null when none is (a new, empty database). */
export async function appliedMigration(ex: Executor): Promise<{ tag: string | null; when: number } | null> {
  const [t] = await rows<{ reg: string | null }>(
    ex,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as reg`,
  );
  if (!t?.reg) return null;
  const [last] = await rows<{ created_at: string | number }>(
    ex,
    sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
  );
  if (!last) return null;
  const when = Number(last.created_at);
  return { tag: journal().find((e) => e.when === when)?.tag ?? null, when };
}

/**
 * Apply this release's migrations up to and including `tag`, no further: the schema a backup was
 * taken at, or an older release's schema in the upgrade test. Drizzle reads a folder, so a copy
 * with the journal cut after `tag` is handed to it.
 */
export async function migrateUpTo(database: Database, tag: string): Promise<void> {
  const all = journal();
  const cut = all.findIndex((e) => e.tag === tag);
  if (cut < 0) throw new Error(`migration ${tag} is not one of this release's`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-migrations-'));
  try {
    fs.mkdirSync(path.join(dir, 'meta'));
    const meta = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as {
      entries: JournalEntry[];
    };
    meta.entries = meta.entries.slice(0, cut + 1);
    fs.writeFileSync(path.join(dir, 'meta', '_journal.json'), JSON.stringify(meta));
    for (const e of meta.entries)
      fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    if (database.kind === 'postgres')
      await migratePg(database.db as unknown as NodePgDatabase, { migrationsFolder: dir });
    else await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: dir });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface TableInfo {
  name: string;
  /** columns a row is written with (generated ones are left to the database) */
  columns: string[];
}

/**
 * The application's tables (schema public), parents before the tables whose foreign keys point
 * at them, so that rows put back in this order satisfy every key as they arrive.
 */
export async function tablesInOrder(ex: Executor): Promise<TableInfo[]> {
  const tables = await rows<{ name: string; columns: string[] }>(
    ex,
    sql`select c.relname as name,
               array_agg(a.attname::text order by a.attnum) as columns
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
         where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
         group by c.relname
         order by c.relname`,
  );
  const keys = await rows<{ child: string; parent: string }>(
    ex,
    sql`select distinct cc.relname as child, pc.relname as parent
          from pg_constraint k
          join pg_class cc on cc.oid = k.conrelid
          join pg_class pc on pc.oid = k.confrelid
          join pg_namespace n on n.oid = cc.relnamespace
         where k.contype = 'f' and n.nspname = 'public' and cc.relname <> pc.relname`,
  );
  const byName = new Map(tables.filter((t) => !NOT_DUMPED.has(t.name)).map((t) => [t.name, t]));
  const parents = new Map<string, string[]>();
  for (const k of keys) parents.set(k.child, [...(parents.get(k.child) ?? []), k.parent]);
  const out: TableInfo[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === 'done' || !byName.has(name)) return;
    if (state.get(name) === 'visiting')
      throw new Error(`tables ${[...trail, name].join(' → ')} reference each other: no order puts them back`);
    state.set(name, 'visiting');
    for (const p of parents.get(name) ?? []) visit(p, [...trail, name]);
    state.set(name, 'done');
    out.push(byName.get(name)!);
  };
  for (const name of byName.keys()) visit(name, []);
  return out;
}

/** The application's sequences and where each stands (null: never used). */
export async function sequences(ex: Executor): Promise<Record<string, string | null>> {
  const found = await rows<{ name: string; last: string | number | null }>(
    ex,
    sql`select sequencename as name, last_value as last from pg_sequences where schemaname = 'public' order by 1`,
  );
  return Object.fromEntries(found.map((s) => [s.name, s.last === null ? null : String(s.last)]));
}

/** The first application table holding a row, or null when every one is empty. */
export async function firstTableWithRows(ex: Executor): Promise<string | null> {
  const tables = await rows<{ name: string }>(
    ex,
    sql`select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`,
  );
  for (const t of tables) {
    const [r] = await rows<{ one: number }>(ex, sql`select 1 as one from ${sql.identifier(t.name)} limit 1`);
    if (r) return t.name;
  }
  return null;
}
