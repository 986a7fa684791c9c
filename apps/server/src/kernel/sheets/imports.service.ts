import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import {
  authorize,
  can,
  orgScopeSql,
  pathInScope,
  scopeFor,
  systemActor,
  type Actor,
} from '../access/index.js';
import { audit } from '../audit/audit.js';
import { analyzeTables, type Executor } from '../db.js';
import { AppError, defineError, errors } from '../errors.js';
import { tr, type Text } from '../i18n.js';
import { commitFiles } from '../files/files.lifecycle.js';
import { newId } from '../ids.js';
import type { Kernel } from '../kernel.js';
import type { ImportContext, Importer } from './importer.js';
import { checkRows, mapHeaders } from './imports.check.js';
import { readImportSheet, sheetFailure } from './imports.read.js';
import { imports, type ImportFailure } from './imports.tables.js';
import { EXAMPLE_MARK, exampleOf, writeWorkbook, XLSX_MIME } from './xlsx.js';

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
const BATCH = 500;

export type ImportRow = typeof imports.$inferSelect;
type ProgressFn = (row: Pick<ImportRow, 'phase' | 'done' | 'total'>) => void;

/** Where a school comes from: the orgs module provides it at composition. */
export type SchoolLookup = (
  ex: Executor,
  id: string,
) => Promise<{ id: string; path: string; name: string; kind: string } | undefined>;

/**
 * Spreadsheet imports for every module: template, dry run with a row-by-row report, apply by
 * natural key in batches, progress readable by any process. Modules register their importers.
 */
export class ImportsService {
  private readonly importers = new Map<string, Importer>();

  constructor(
    private readonly k: Kernel,
    private readonly school: SchoolLookup,
  ) {
    k.jobs.define(
      IMPORT_JOB,
      z.object({ importId: z.uuid() }),
      async ({ importId }) => {
        await this.run(importId);
      },
      {
        onGiveUp: async (payload, reason) => {
          const { importId } = payload as { importId: string };
          this.k.log.error({ importId, reason }, 'import given up');
          await this.fail(importId, {
            code: 'imports.gave_up',
            zh: `导入多次中断，已停止重试（${reason}）`,
            en: `The import was cut short too often and is no longer retried (${reason})`,
          });
        },
      },
    );
    k.jobs.define(IMPORT_FILES_SWEEP_JOB, z.object({}), async () => {
      await this.sweepFiles();
    });
  }

  register<P, T>(importer: Importer<P, T>): void {
    if (this.importers.has(importer.kind)) throw new Error(`importer ${importer.kind} registered twice`);
    this.importers.set(importer.kind, importer);
  }

  /**
   * The kinds the actor may import, with their columns. Imports are per school: a permission held
   * only through a grid position (a grid leader's grid.manage) does not count.
   */
  kinds(actor: Actor) {
    return [...this.importers.values()]
      .filter((i) => this.schoolWide(actor, i))
      .map((i) => ({
        kind: i.kind,
        title: i.title,
        permission: i.permission,
        columns: i.columns.map((c) => ({
          key: c.key,
          header: c.header,
          headerEn: c.headerEn,
          required: !!c.required,
          note: c.note ?? null,
        })),
      }));
  }

  private schoolWide(actor: Actor, imp: Importer): boolean {
    const scope = scopeFor(actor, imp.permission);
    return !!scope && (scope.all || scope.paths.length > 0);
  }

  private importer(kind: string): Importer {
    const i = this.importers.get(kind);
    if (!i) throw importErrors.unknownKind({ kind });
    return i;
  }

  /**
   * The blank template: Chinese headers, text-formatted columns, one example row (marked, in grey;
   * imports skip it), and a sheet of notes.
   */
  async template(actor: Actor, kind: string): Promise<{ name: string; data: Buffer }> {
    const imp = this.importer(kind);
    authorize(actor, imp.permission);
    const data = await writeWorkbook([
      {
        name: imp.title.zh,
        columns: imp.columns.map((c) => ({ header: c.header, width: c.width, text: true })),
        rows: [],
        example: imp.columns.map((c, i) =>
          i === 0 ? `${EXAMPLE_MARK}：${exampleOf(c)}`.replace(/：$/, '') : exampleOf(c),
        ),
      },
      {
        name: '填写说明',
        columns: [
          { header: '列', width: 16 },
          { header: '必填', width: 8 },
          { header: '说明', width: 60 },
        ],
        rows: [
          ...imp.columns.map((c) => [c.header, c.required ? '是' : '否', c.note ?? '']),
          [EXAMPLE_MARK, '', `第 2 行是示例，导入时跳过；请从第 3 行起填写，或直接覆盖示例行。`],
        ],
      },
    ]);
    return { name: `${imp.title.zh}导入模板.xlsx`, data };
  }

  /** Upload a sheet and start its dry run. */
  async start(
    actor: Actor,
    input: { kind: string; schoolId: string; fileName: string; data: Buffer },
    /** false: the caller runs it at once (the CLI) instead of a background job */
    background = true,
  ) {
    const imp = this.importer(input.kind);
    const scope = authorize(actor, imp.permission);
    const school = await this.school(this.k.db, input.schoolId);
    if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
      throw errors.notFound({ schoolId: input.schoolId });
    // The type is checked from the bytes before anything is stored: a refused file leaves nothing.
    const file = await this.k.files.upload(
      actor,
      { orgId: school.id, name: input.fileName, data: input.data },
      { accept: (mime) => mime === XLSX_MIME, purpose: 'import' },
    );
    try {
      return await this.enqueue(
        actor,
        {
          kind: imp.kind,
          orgId: school.id,
          fileId: file.id,
          fileName: input.fileName.slice(0, 200),
          mode: 'dry_run',
          dryRunId: null,
        },
        background,
      );
    } catch (e) {
      await this.k.files.remove(file.id);
      throw e;
    }
  }

  /** Apply a finished dry run: the same file, read again, valid rows written. */
  async apply(actor: Actor, dryRunId: string, background = true) {
    const dry = await this.get(actor, dryRunId);
    const imp = this.importer(dry.kind);
    authorize(actor, imp.permission);
    if (dry.mode !== 'dry_run' || dry.status !== 'done' || !dry.summary) throw importErrors.notReady();
    if (dry.fileRemovedAt) throw importErrors.fileGone();
    if (dry.summary.rows - dry.summary.invalid === 0) throw importErrors.nothingToApply();
    return this.enqueue(
      actor,
      {
        kind: dry.kind,
        orgId: dry.orgId,
        fileId: dry.fileId,
        fileName: dry.fileName,
        mode: 'apply',
        dryRunId: dry.id,
      },
      background,
    );
  }

  private async enqueue(
    actor: Actor,
    row: Pick<ImportRow, 'kind' | 'orgId' | 'fileId' | 'fileName' | 'mode' | 'dryRunId'>,
    background: boolean,
  ): Promise<ImportRow> {
    return this.k.transaction(async (tx) => {
      const [created] = await tx
        .insert(imports)
        .values({
          id: newId(),
          ...row,
          status: 'queued',
          phase: 'queued',
          createdBy: actor.userId,
          createdAt: this.k.clock.now(),
        })
        .returning();
      // The sheet is kept while the import needs it (a dry run's file is read again on apply).
      await commitFiles(tx, [row.fileId], this.k.clock.now());
      if (background)
        await this.k.jobs.enqueue(tx, 'imports.run', { importId: created!.id }, { maxAttempts: 3 });
      await audit(tx, this.k.clock, actor, {
        action: row.mode === 'apply' ? 'import.apply' : 'import.check',
        targetType: 'import',
        targetId: created!.id,
        orgId: row.orgId,
        details: { kind: row.kind, file: row.fileName },
      });
      return created!;
    });
  }

  async get(actor: Actor, id: string): Promise<ImportRow> {
    const row = await this.findVisible(actor, id);
    if (!row) throw errors.notFound({ id });
    return row;
  }

  private async findVisible(actor: Actor, id: string) {
    const [row] = await this.k.db.select().from(imports).where(eq(imports.id, id)).limit(1);
    if (!row) return undefined;
    const imp = this.importers.get(row.kind);
    if (!imp) return undefined;
    const scope = authorize(actor, imp.permission);
    const [visible] = await this.k.db
      .select({ id: imports.id })
      .from(imports)
      .where(and(eq(imports.id, id), orgScopeSql(scope, imports.orgId)))
      .limit(1);
    return visible ? row : undefined;
  }

  async list(actor: Actor, filter: { schoolId?: string; kind?: string }) {
    const kinds = [...this.importers.values()].filter((i) => can(actor, i.permission));
    if (!kinds.length) throw errors.forbidden();
    const out: ImportRow[] = [];
    for (const imp of kinds) {
      if (filter.kind && filter.kind !== imp.kind) continue;
      const scope = authorize(actor, imp.permission);
      const rows = await this.k.db
        .select()
        .from(imports)
        .where(
          and(
            eq(imports.kind, imp.kind),
            orgScopeSql(scope, imports.orgId),
            filter.schoolId ? eq(imports.orgId, filter.schoolId) : undefined,
          ),
        )
        .orderBy(desc(imports.createdAt))
        .limit(50);
      out.push(...rows);
    }
    return out.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, 50);
  }

  /** The problems as a workbook a clerk can fix the sheet from. */
  async problemsWorkbook(actor: Actor, id: string) {
    const row = await this.get(actor, id);
    const lang = actor.lang;
    const data = await writeWorkbook([
      {
        name: lang === 'en-US' ? 'Problems' : '问题清单',
        columns: (lang === 'en-US'
          ? ['Row', 'Column', 'Value', 'Problem']
          : ['行号', '列', '填写内容', '问题']
        ).map((header, i) => ({ header, width: [8, 16, 24, 50][i] })),
        rows: (row.problems ?? []).map((p) => [p.row, p.column, p.value, tr(p.reason, lang)]),
      },
    ]);
    return { name: `${row.fileName.replace(/\.xlsx$/i, '')}-问题清单.xlsx`, data };
  }

  /**
   * Run one import (the job body; the CLI calls it directly). Dry run: read, check, compare;
   * nothing is written but the report. Apply: the same, then write valid rows in batches.
   */
  async run(importId: string, onProgress?: ProgressFn): Promise<ImportRow> {
    const [row] = await this.k.db.select().from(imports).where(eq(imports.id, importId)).limit(1);
    if (!row) throw errors.notFound({ importId });
    // A run cut short (the worker died) is simply run again: the check writes nothing and the
    // writes are upserts by natural key.
    if (row.status === 'done' || row.status === 'failed') return row;
    const imp = this.importer(row.kind);
    const school = await this.school(this.k.db, row.orgId);
    if (!school) throw errors.notFound({ orgId: row.orgId });
    const creator = row.createdBy
      ? { ...systemActor('import'), userId: row.createdBy }
      : systemActor('import');
    const ctx: ImportContext = { school, actor: creator, now: this.k.clock.now() };

    const progress = async (phase: ImportRow['phase'], done: number, total: number) => {
      onProgress?.({ phase, done, total });
      await this.k.db.update(imports).set({ phase, done, total }).where(eq(imports.id, importId));
    };
    await this.k.db
      .update(imports)
      .set({ status: 'running', phase: 'reading', startedAt: this.k.clock.now() })
      .where(eq(imports.id, importId));

    try {
      let sheet;
      try {
        sheet = await readImportSheet(this.k, row.fileId, (n) => void progress('reading', n, 0));
      } catch (e) {
        this.k.log.warn({ err: e, importId }, 'import sheet refused');
        return await this.fail(importId, sheetFailure(e));
      }

      const headerIndex = mapHeaders(imp.columns, sheet.headers);
      const missing = imp.columns.filter((c) => c.required && headerIndex.get(c.key) === undefined);
      if (missing.length) {
        return await this.fail(importId, {
          zh: `缺少必填列：${missing.map((c) => `「${c.header}」`).join('、')}。请使用下载的模板。`,
          en: `Missing required columns: ${missing.map((c) => `"${c.headerEn}"`).join(', ')}. Use the template.`,
        });
      }

      const prep = await imp.prepare(this.k.db, ctx);
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
          await this.k.transaction(async (tx) => {
            await imp.apply(tx, ctx, batch, prep);
            await tx
              .update(imports)
              .set({ phase: 'writing', done: i + batch.length, total: toWrite.length })
              .where(eq(imports.id, importId));
          });
          onProgress?.({ phase: 'writing', done: i + batch.length, total: toWrite.length });
        }
        if (toWrite.length) await analyzeTables(this.k.db, imp.tables);
      }
      const [done] = await this.k.db
        .update(imports)
        .set({
          status: 'done',
          phase: 'done',
          summary,
          problems,
          problemCount,
          finishedAt: this.k.clock.now(),
        })
        .where(eq(imports.id, importId))
        .returning();
      onProgress?.({ phase: 'done', done: total, total });
      // An applied sheet is not kept: the rows are in the database now.
      if (row.mode === 'apply') await this.removeFile(row.fileId);
      return done!;
    } catch (e) {
      this.k.log.error({ err: e, importId }, 'import failed');
      const text =
        e instanceof AppError
          ? e.text
          : {
              zh: '导入中途出错，已写入的批次保留，可重新导入补齐',
              en: 'The import stopped with an error; written batches are kept, import again to complete',
            };
      return this.fail(importId, text);
    }
  }

  /** The import failed as a whole; its sheet cannot be applied any more, so it is deleted. */
  private async fail(importId: string, failure: ImportFailure | Text): Promise<ImportRow> {
    const [r] = await this.k.db
      .update(imports)
      .set({ status: 'failed', phase: 'done', failure, finishedAt: this.k.clock.now() })
      .where(eq(imports.id, importId))
      .returning();
    if (r) await this.removeFile(r.fileId);
    return r!;
  }

  private async removeFile(fileId: string): Promise<void> {
    await this.k.files.remove(fileId);
    await this.k.db
      .update(imports)
      .set({ fileRemovedAt: this.k.clock.now() })
      .where(eq(imports.fileId, fileId));
  }

  /**
   * The retention sweep (a recurring job): the sheet of a dry run never applied is deleted once
   * IMPORTS_FILE_RETENTION_HOURS have passed since its last import of it finished.
   */
  async sweepFiles(): Promise<number> {
    const cutoff = new Date(
      this.k.clock.now().getTime() - this.k.config.IMPORTS_FILE_RETENTION_HOURS * 3_600_000,
    );
    const stale = await this.k.db
      .select({ fileId: imports.fileId })
      .from(imports)
      .where(sql`${imports.fileRemovedAt} is null`)
      .groupBy(imports.fileId)
      .having(
        sql`bool_and(${imports.status} in ('done', 'failed'))
            and max(coalesce(${imports.finishedAt}, ${imports.createdAt})) < ${cutoff.toISOString()}::timestamptz`,
      );
    for (const { fileId } of stale) await this.removeFile(fileId);
    return stale.length;
  }
}
