import {
  bigint,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey(),
    orgId: uuid('org_id').notNull(),
    ownerId: uuid('owner_id'),
    /** detected from the content, never from the name the client sent */
    mime: text('mime').notNull(),
    ext: text('ext').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    /**
     * The store holding the bytes (local, postgres, s3). New uploads go to the configured store;
     * `anxiao files migrate` moves rows one by one and flips this once the copy is verified.
     */
    store: text('store', { enum: ['local', 'postgres', 's3'] })
      .notNull()
      .default('local'),
    originalName: text('original_name').notNull(),
    /** 'import': a spreadsheet for an import, holding national IDs; read only by its importer and school admins */
    purpose: text('purpose', { enum: ['import'] }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /**
     * Set in the transaction of the record that uses the file (a request, a hazard, a checklist,
     * an import). Null: uploaded but not yet used; swept after FILES_PENDING_TTL_HOURS.
     */
    committedAt: timestamp('committed_at', { withTimezone: true }),
  },
  (t) => [
    index('files_org_idx').on(t.orgId),
    index('files_pending_idx')
      .on(t.createdAt)
      .where(sql`committed_at is null`),
  ],
);

/** Uploads counted per scope (a place, the whole install) and hour, shared by every process. */
export const uploadBudgets = pgTable(
  'upload_budgets',
  {
    scope: text('scope').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
    count: integer('count').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.windowStart] })],
);

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength)),
});

/**
 * File bytes kept in the database (the PostgreSQL file store): one row per piece of about
 * 256 KB, numbered from 0. Plain bytea rows rather than large objects: see decision 0014.
 */
export const fileChunks = pgTable(
  'file_chunks',
  {
    key: text('key').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.seq] })],
);
