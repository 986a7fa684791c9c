import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

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
  },
  (t) => [index('files_org_idx').on(t.orgId)],
);
