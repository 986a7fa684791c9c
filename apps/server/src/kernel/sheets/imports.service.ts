import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { authorize, can, orgScopeSql, pathInScope, scopeFor, type Actor } from '../access/index.js';
import { audit } from '../audit/audit.js';
import { errors } from '../errors.js';
import { commitFiles } from '../files/files.lifecycle.js';
import { newId } from '../ids.js';
import type { Kernel } from '../kernel.js';
import type { Importer } from './importer.js';
import {
  IMPORT_FILES_SWEEP_JOB,
  IMPORT_JOB,
  importErrors,
  importerOf,
  type ImportRow,
  type ImportsContext,
  type SchoolLookup,
} from './imports.context.js';
import { fail, run, sweepFiles, type ProgressFn } from './imports.run.js';
import { imports } from './imports.tables.js';
import { problemsWorkbook, template } from './imports.workbooks.js';
import { XLSX_MIME } from './xlsx.js';

export {
  importErrors,
  IMPORT_FILES_SWEEP_JOB,
  IMPORT_JOB,
  type ImportRow,
  type SchoolLookup,
} from './imports.context.js';

/**
 * Spreadsheet imports for every module: template, dry run with a row-by-row report, apply by
 * natural key in batches, progress readable by any process. Modules register their importers.
 *
 * This class holds the registry, starts imports and reads them; running one (the job body and the
 * sheet's retention) lives in imports.run, the workbooks handed to clerks in imports.workbooks.
 */
export class ImportsService {
  private readonly c: ImportsContext;

  constructor(k: Kernel, school: SchoolLookup) {
    this.c = { k, school, importers: new Map<string, Importer>() };
    k.jobs.define(
      IMPORT_JOB,
      z.object({ importId: z.uuid() }),
      async ({ importId }) => {
        await this.run(importId);
      },
      {
        onGiveUp: async (payload, reason) => {
          const { importId } = payload as { importId: string };
          k.log.error({ importId, reason }, 'import given up');
          await fail(this.c, importId, {
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
    if (this.c.importers.has(importer.kind)) throw new Error(`importer ${importer.kind} registered twice`);
    this.c.importers.set(importer.kind, importer);
  }

  /**
   * The kinds the actor may import, with their columns. Imports are per school: a permission held
   * only through a grid position (a grid leader's grid.manage) does not count.
   */
  kinds(actor: Actor) {
    return [...this.c.importers.values()]
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

  template(actor: Actor, kind: string): Promise<{ name: string; data: Buffer }> {
    return template(this.c, actor, kind);
  }

  /** Upload a sheet and start its dry run. */
  async start(
    actor: Actor,
    input: { kind: string; schoolId: string; fileName: string; data: Buffer },
    /** false: the caller runs it at once (the CLI) instead of a background job */
    background = true,
  ) {
    const { k } = this.c;
    const imp = importerOf(this.c, input.kind);
    const scope = authorize(actor, imp.permission);
    const school = await this.c.school(k.db, input.schoolId);
    if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
      throw errors.notFound({ schoolId: input.schoolId });
    // The type is checked from the bytes before anything is stored: a refused file leaves nothing.
    const file = await k.files.upload(
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
      await k.files.remove(file.id);
      throw e;
    }
  }

  /** Apply a finished dry run: the same file, read again, valid rows written. */
  async apply(actor: Actor, dryRunId: string, background = true) {
    const dry = await this.get(actor, dryRunId);
    const imp = importerOf(this.c, dry.kind);
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
    const { k } = this.c;
    return k.transaction(async (tx) => {
      const [created] = await tx
        .insert(imports)
        .values({
          id: newId(),
          ...row,
          status: 'queued',
          phase: 'queued',
          createdBy: actor.userId,
          createdAt: k.clock.now(),
        })
        .returning();
      // The sheet is kept while the import needs it (a dry run's file is read again on apply).
      await commitFiles(tx, [row.fileId], k.clock.now());
      if (background) await k.jobs.enqueue(tx, 'imports.run', { importId: created!.id }, { maxAttempts: 3 });
      await audit(tx, k.clock, actor, {
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
    const { db } = this.c.k;
    const [row] = await db.select().from(imports).where(eq(imports.id, id)).limit(1);
    if (!row) return undefined;
    const imp = this.c.importers.get(row.kind);
    if (!imp) return undefined;
    const scope = authorize(actor, imp.permission);
    const [visible] = await db
      .select({ id: imports.id })
      .from(imports)
      .where(and(eq(imports.id, id), orgScopeSql(scope, imports.orgId)))
      .limit(1);
    return visible ? row : undefined;
  }

  async list(actor: Actor, filter: { schoolId?: string; kind?: string }) {
    const kinds = [...this.c.importers.values()].filter((i) => can(actor, i.permission));
    if (!kinds.length) throw errors.forbidden();
    const out: ImportRow[] = [];
    for (const imp of kinds) {
      if (filter.kind && filter.kind !== imp.kind) continue;
      const scope = authorize(actor, imp.permission);
      const rows = await this.c.k.db
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
    return problemsWorkbook(actor, await this.get(actor, id));
  }

  /** Run one import (the job body; the CLI calls it directly). */
  run(importId: string, onProgress?: ProgressFn): Promise<ImportRow> {
    return run(this.c, importId, onProgress);
  }

  /** The retention sweep (a recurring job) over sheets of dry runs never applied. */
  sweepFiles(): Promise<number> {
    return sweepFiles(this.c);
  }
}
