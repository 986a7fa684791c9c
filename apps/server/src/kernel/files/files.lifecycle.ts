import { and, inArray, isNull, lt, sql } from 'drizzle-orm';
import { rows, type Executor } from '../db.js';
import { fileErrors } from './files.errors.js';
import { files, uploadBudgets } from './files.tables.js';
import type { StoreKind } from './store.js';

/** The hourly job that removes uploads no record took (see FilesService.sweepPending). */
export const SWEEP_FILES_JOB = 'files.sweep_pending';

/**
 * Make uploads permanent, in the transaction of the record that uses them: a write that is
 * refused or rolled back leaves its uploads pending, and the sweep removes them. Ids already
 * committed (a checklist's photos taken on by a hazard) stay as they are. A file the sweep has
 * taken meanwhile fails the write, rather than leaving it pointing at nothing.
 */
export async function commitFiles(tx: Executor, ids: readonly string[], at: Date): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  await tx
    .update(files)
    .set({ committedAt: at })
    .where(and(inArray(files.id, unique), isNull(files.committedAt)));
  const found = await tx.select({ id: files.id }).from(files).where(inArray(files.id, unique));
  if (found.length !== unique.length) {
    const have = new Set(found.map((f) => f.id));
    throw fileErrors.expired({ ids: unique.filter((id) => !have.has(id)) });
  }
}

/**
 * Delete up to `limit` uploads no record took before `cutoff`, returning their storage keys for
 * the caller to remove from the store that holds them. Rows a committing transaction holds are skipped.
 */
export async function takeExpiredPending(
  ex: Executor,
  cutoff: Date,
  limit: number,
): Promise<{ key: string; store: StoreKind }[]> {
  const gone = await rows<{ storage_key: string; store: StoreKind }>(
    ex,
    sql`delete from files where id in (
          select id from files where committed_at is null and created_at < ${cutoff}
          order by created_at limit ${limit} for update skip locked)
        and committed_at is null
        returning storage_key, store`,
  );
  return gone.map((r) => ({ key: r.storage_key, store: r.store }));
}

/** Forget budget windows that ended before `before`. */
export async function dropBudgetWindows(ex: Executor, before: Date): Promise<void> {
  await ex.delete(uploadBudgets).where(lt(uploadBudgets.windowStart, before));
}

/**
 * Count `count` uploads of `bytes` against a scope's budget for the hour holding `at`. True when
 * they fit (and are counted), false when they would pass a limit (and nothing is counted). One
 * statement, so processes racing for the last of a budget cannot both get it.
 */
export async function takeBudget(
  ex: Executor,
  scope: string,
  at: Date,
  use: { count: number; bytes: number },
  limit: { count?: number; bytes?: number },
): Promise<boolean> {
  const maxCount = limit.count ?? Number.MAX_SAFE_INTEGER;
  const maxBytes = limit.bytes ?? Number.MAX_SAFE_INTEGER;
  if (use.count > maxCount || use.bytes > maxBytes) return false;
  const windowStart = new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
  const r = await ex
    .insert(uploadBudgets)
    .values({ scope, windowStart, count: use.count, bytes: use.bytes })
    .onConflictDoUpdate({
      target: [uploadBudgets.scope, uploadBudgets.windowStart],
      set: {
        count: sql`${uploadBudgets.count} + excluded.count`,
        bytes: sql`${uploadBudgets.bytes} + excluded.bytes`,
      },
      setWhere: sql`${uploadBudgets.count} + excluded.count <= ${maxCount}::bigint
        and ${uploadBudgets.bytes} + excluded.bytes <= ${maxBytes}::bigint`,
    })
    .returning({ scope: uploadBudgets.scope });
  return r.length === 1;
}
