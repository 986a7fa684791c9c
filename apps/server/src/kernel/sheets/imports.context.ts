import type { Executor } from '../db.js';
import { defineError } from '../errors.js';
import type { Kernel } from '../kernel.js';
import type { Importer } from './importer.js';
import type { imports } from './imports.tables.js';

export const importErrors = {
  unknownKind: defineError('imports.unknown_kind', 404, {
    zh: '不支持这种导入类型',
    en: 'This kind of import is not supported',
  }),
  notReady: defineError('imports.not_ready', 409, {
    zh: '请等预检完成后再导入',
    en: 'Wait until the check has finished before importing',
  }),
  nothingToApply: defineError('imports.nothing_to_apply', 409, {
    zh: '没有可导入的行：请先修正表格中的问题',
    en: 'No row can be imported; fix the problems in the sheet first',
  }),
  fileGone: defineError('imports.file_gone', 409, {
    zh: '上传的表格已删除（导入已结束或超过保留期），请重新上传',
    en: 'The uploaded sheet has been deleted (the import is over or was kept too long); upload it again',
  }),
};

/** the job that runs imports, in the `heavy` queue beside the alarm path's (app/queues.ts) */
export const IMPORT_JOB = 'imports.run';
export const IMPORT_FILES_SWEEP_JOB = 'imports.sweep_files';

export type ImportRow = typeof imports.$inferSelect;

/** Where a school comes from: the orgs module provides it at composition. */
export type SchoolLookup = (
  ex: Executor,
  id: string,
) => Promise<{ id: string; path: string; name: string; kind: string } | undefined>;

/** What every part of the imports service works with: the kernel, the schools, the importers. */
export interface ImportsContext {
  readonly k: Kernel;
  readonly school: SchoolLookup;
  readonly importers: Map<string, Importer>;
}

/** The importer registered for `kind` (404 otherwise). */
export function importerOf(c: ImportsContext, kind: string): Importer {
  const i = c.importers.get(kind);
  if (!i) throw importErrors.unknownKind({ kind });
  return i;
}
