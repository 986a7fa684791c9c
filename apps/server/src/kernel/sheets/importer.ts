import type { Actor, Permission } from '../access/index.js';
import type { Executor, Tx } from '../db.js';
import type { Text } from '../i18n.js';
import type { SheetColumn } from './xlsx.js';

/**
 * Events of the imports runner. `import.written` goes out with every batch an applied import
 * writes (orgId: the school), so that what derives from the rows (the coverage report) knows
 * they changed; it is not pushed to consoles.
 */
export const IMPORT_EVENTS = { written: 'import.written' } as const;

export interface ImportContext {
  school: { id: string; path: string; name: string };
  actor: Actor;
  now: Date;
}

export interface RowIssue {
  /** the column key */
  column: string;
  reason: Text;
}

export type ParseResult<T> = { ok: true; key: string; value: T } | { ok: false; issues: RowIssue[] };
export type Change = 'create' | 'update' | 'unchanged';

/**
 * One kind of spreadsheet a module accepts (students, rooms, …). The runner reads the file, maps
 * the headers, and asks the importer to parse each row, compare it with what is stored (by the
 * natural key) and, on apply, write batches. Parsing and comparing are pure: a dry run writes nothing.
 */
export interface Importer<P = unknown, T = unknown> {
  kind: string;
  title: Text;
  /** what the caller must hold over the school to import this kind */
  permission: Permission;
  columns: SheetColumn[];
  /** the column holding the natural key (duplicates inside one file are reported) */
  keyColumn: string;
  /** load what checking needs for one school (lookups, existing rows by natural key) */
  prepare(ex: Executor, ctx: ImportContext): Promise<P>;
  parse(cells: Record<string, string>, prep: P): ParseResult<T>;
  compare(value: T, prep: P): Change;
  /** write created and changed rows (one batch, in the caller's transaction); idempotent */
  apply(tx: Tx, ctx: ImportContext, values: T[], prep: P): Promise<void>;
  /** the tables apply() writes: analyzed after an import that wrote rows (fresh planner statistics) */
  tables: readonly string[];
}

/** Helpers for importers' messages: "必填" and friends, in both languages. */
export const issue = {
  required: (column: string): RowIssue => ({ column, reason: { zh: '必填，不能为空', en: 'required' } }),
  tooLong: (column: string, max: number): RowIssue => ({
    column,
    reason: { zh: `不能超过 ${max} 个字`, en: `at most ${max} characters` },
  }),
  oneOf: (column: string, allowed: string[]): RowIssue => ({
    column,
    reason: {
      zh: `应为以下之一：${allowed.join('、')}`,
      en: `must be one of: ${allowed.join(', ')}`,
    },
  }),
  notFound: (column: string, what: Text, value: string): RowIssue => {
    const shown = clip(value);
    return {
      column,
      reason: { zh: `${what.zh}「${shown}」不存在`, en: `${what.en} "${shown}" does not exist` },
    };
  },
  custom: (column: string, zh: string, en: string): RowIssue => ({ column, reason: { zh, en } }),
};

/** A cell's start, as a message echoes it: never a whole (possibly huge) cell. */
export function clip(value: string, max = 100): string {
  return value.length > max ? `${value.slice(0, max)}…` : value;
}

/**
 * How problem reports show personal numbers (SheetColumn.mask), in the format the people pages
 * use: 370502********1234, 138****5678.
 */
export const masks = {
  nationalId: (v: string): string =>
    v.length >= 12 ? `${v.slice(0, 6)}********${v.slice(-4)}` : '*'.repeat(v.length),
  phone: (v: string): string => (v.length >= 7 ? `${v.slice(0, 3)}****${v.slice(-4)}` : '****'),
  /** an account given by login name stays as it is; one given by phone number is masked */
  phoneLike: (v: string): string => (/^\+?\d[\d -]{6,}$/.test(v) ? masks.phone(v) : v),
};
