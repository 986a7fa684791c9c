import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Text } from '../i18n.js';

export interface ImportProblem {
  /** Excel row number (1 = header row) */
  row: number;
  /** column header as in the sheet; '' for a whole-row or whole-file problem */
  column: string;
  value: string;
  reason: Text;
}

/** Why a whole file was refused; `code` names the rule (sheets.too_large). */
export type ImportFailure = Text & { code?: string };

export interface ImportSummary {
  rows: number;
  create: number;
  update: number;
  unchanged: number;
  /** rows with at least one problem (skipped on apply) */
  invalid: number;
  /** the template's example rows, left out (not counted in rows); absent when none */
  skipped?: number;
}

/**
 * One import of a spreadsheet: a dry run first (what would change, what is wrong), then an apply
 * of the same file. Progress is kept here so any process can show it.
 */
export const imports = pgTable(
  'imports',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    /** the school (organisation) the rows belong to; data scope runs through it */
    orgId: uuid('org_id').notNull(),
    fileId: uuid('file_id').notNull(),
    fileName: text('file_name').notNull(),
    mode: text('mode', { enum: ['dry_run', 'apply'] }).notNull(),
    /** the dry run an apply was made from */
    dryRunId: uuid('dry_run_id'),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull(),
    phase: text('phase', { enum: ['queued', 'reading', 'checking', 'writing', 'done'] }).notNull(),
    done: integer('done').notNull().default(0),
    total: integer('total').notNull().default(0),
    summary: jsonb('summary').$type<ImportSummary>(),
    problems: jsonb('problems').$type<ImportProblem[]>(),
    problemCount: integer('problem_count').notNull().default(0),
    failure: jsonb('failure').$type<ImportFailure>(),
    /** when the uploaded sheet was deleted (the import is over, or its dry run expired) */
    fileRemovedAt: timestamp('file_removed_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('imports_org_idx').on(t.orgId, t.createdAt)],
);
