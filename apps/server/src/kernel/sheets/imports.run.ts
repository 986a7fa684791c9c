import { eq, sql } from 'drizzle-orm';
import { systemActor } from '../access/index.js';
import { analyzeTables } from '../db.js';
import { AppError, errors } from '../errors.js';
import { appendEvent } from '../events/index.js';
import type { Text } from '../i18n.js';
import { IMPORT_EVENTS, type ImportContext } from './importer.js';
import { checkRows, mapHeaders } from './imports.check.js';
import { importerOf, type ImportRow, type ImportsContext } from './imports.context.js';
import { readImportSheet, sheetFailure } from './imports.read.js';
import { imports, type ImportFailure } from './imports.tables.js';

const BATCH = 500;

export type ProgressFn = (row: Pick<ImportRow, 'phase' | 'done' | 'total'>) => void;

/**
 * Run one import (the job body; the CLI calls it directly). Dry run: read, check, compare;
 * nothing is written but the report. Apply: the same, then write valid rows in batches.
 */
export async function run(c: ImportsContext, importId: string, onProgress?: ProgressFn): Promise<ImportRow> {
  const { k } = c;
  const [row] = await k.db.select().from(imports).where(eq(imports.id, importId)).limit(1);
  if (!row) throw errors.notFound({ importId });
  // A run cut short (the worker died) is simply run again: the check writes nothing and the
  // writes are upserts by natural key.
  if (row.status === 'done' || row.status === 'failed') return row;
  const imp = importerOf(c, row.kind);
  const school = await c.school(k.db, row.orgId);
  if (!school) throw errors.notFound({ orgId: row.orgId });
  const creator = row.createdBy ? { ...systemActor('import'), userId: row.createdBy } : systemActor('import');
  const ctx: ImportContext = { school, actor: creator, now: k.clock.now() };

  const progress = async (phase: ImportRow['phase'], done: number, total: number) => {
    onProgress?.({ phase, done, total });
    await k.db.update(imports).set({ phase, done, total }).where(eq(imports.id, importId));
  };
  await k.db
    .update(imports)
    .set({ status: 'running', phase: 'reading', startedAt: k.clock.now() })
    .where(eq(imports.id, importId));

  try {
    let sheet;
    try {
      sheet = await readImportSheet(k, row.fileId, (n) => void progress('reading', n, 0));
    } catch (e) {
      k.log.warn({ err: e, importId }, 'import sheet refused');
      return await fail(c, importId, sheetFailure(e));
    }

    const headerIndex = mapHeaders(imp.columns, sheet.headers);
    const missing = imp.columns.filter((col) => col.required && headerIndex.get(col.key) === undefined);
    if (missing.length) {
      return await fail(c, importId, {
        zh: `缺少必填列：${missing.map((col) => `「${col.header}」`).join('、')}。请使用下载的模板。`,
        en: `Missing required columns: ${missing.map((col) => `"${col.headerEn}"`).join(', ')}. Use the template.`,
      });
    }

    const prep = await imp.prepare(k.db, ctx);
    const total = sheet.rows.length;
    const { summary, problems, problemCount, toWrite } = await checkRows(
      imp,
      prep,
      sheet,
      headerIndex,
      (done) => progress('checking', done, total),
    );
    await progress('checking', total, total);

    if (row.mode === 'apply') {
      for (let i = 0; i < toWrite.length; i += BATCH) {
        const batch = toWrite.slice(i, i + BATCH);
        await k.transaction(async (tx) => {
          await imp.apply(tx, ctx, batch, prep);
          await appendEvent(tx, k.clock, {
            type: IMPORT_EVENTS.written,
            payload: { importId, kind: row.kind, rows: batch.length },
            orgId: school.id,
            actorId: row.createdBy,
          });
          await tx
            .update(imports)
            .set({ phase: 'writing', done: i + batch.length, total: toWrite.length })
            .where(eq(imports.id, importId));
        });
        onProgress?.({ phase: 'writing', done: i + batch.length, total: toWrite.length });
      }
      // Fresh statistics for the tables the import wrote, so the next reads plan on them.
      if (toWrite.length) await analyzeTables(k.db, imp.tables);
    }
    const [done] = await k.db
      .update(imports)
      .set({
        status: 'done',
        phase: 'done',
        summary,
        problems,
        problemCount,
        finishedAt: k.clock.now(),
      })
      .where(eq(imports.id, importId))
      .returning();
    onProgress?.({ phase: 'done', done: total, total });
    // An applied sheet is not kept: the rows are in the database now.
    if (row.mode === 'apply') await removeFile(c, row.fileId);
    return done!;
  } catch (e) {
    k.log.error({ err: e, importId }, 'import failed');
    const text =
      e instanceof AppError
        ? e.text
        : {
            zh: '导入中途出错，已写入的批次保留，可重新导入补齐',
            en: 'The import stopped with an error; written batches are kept, import again to complete',
          };
    return fail(c, importId, text);
  }
}

/** The import failed as a whole; its sheet cannot be applied any more, so it is deleted. */
export async function fail(
  c: ImportsContext,
  importId: string,
  failure: ImportFailure | Text,
): Promise<ImportRow> {
  const [r] = await c.k.db
    .update(imports)
    .set({ status: 'failed', phase: 'done', failure, finishedAt: c.k.clock.now() })
    .where(eq(imports.id, importId))
    .returning();
  if (r) await removeFile(c, r.fileId);
  return r!;
}

async function removeFile(c: ImportsContext, fileId: string): Promise<void> {
  await c.k.files.remove(fileId);
  await c.k.db.update(imports).set({ fileRemovedAt: c.k.clock.now() }).where(eq(imports.fileId, fileId));
}

/**
 * The retention sweep (a recurring job): the sheet of a dry run never applied is deleted once
 * IMPORTS_FILE_RETENTION_HOURS have passed since its last import of it finished.
 */
export async function sweepFiles(c: ImportsContext): Promise<number> {
  const cutoff = new Date(c.k.clock.now().getTime() - c.k.config.IMPORTS_FILE_RETENTION_HOURS * 3_600_000);
  const stale = await c.k.db
    .select({ fileId: imports.fileId })
    .from(imports)
    .where(sql`${imports.fileRemovedAt} is null`)
    .groupBy(imports.fileId)
    .having(
      sql`bool_and(${imports.status} in ('done', 'failed'))
          and max(coalesce(${imports.finishedAt}, ${imports.createdAt})) < ${cutoff.toISOString()}::timestamptz`,
    );
  for (const { fileId } of stale) await removeFile(c, fileId);
  return stale.length;
}
