import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
