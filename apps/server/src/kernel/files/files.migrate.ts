import { createHash } from 'node:crypto';
import { and, asc, count, eq, gt, ne } from 'drizzle-orm';
import type { Db } from '../db.js';
import { files } from './files.tables.js';
import type { FileStores } from './stores.js';
import type { StoreKind } from './store.js';

export interface MigrateProgress {
  done: number;
  total: number;
  bytes: number;
  failed: number;
  /** the file just moved, or that could not be */
  key: string;
  problem?: string;
}

export interface MigrateResult {
  moved: number;
  failed: { key: string; problem: string }[];
}

/**
 * Move every file's bytes into the store `to`, one file at a time: copy, read the copy back and
 * check its size and SHA-256 against the row, point the row at the new store, then delete the
 * source. Killed at any point, a run leaves each file readable where its row says (a copy not yet
 * pointed at is written over on the next run; a source not yet deleted is an orphan, harmless),
 * and running it again goes on with the rows that still name another store. The server may stay
 * up meanwhile: it reads each file from the store its row names.
 */
export async function migrateFiles(
  db: Db,
  stores: FileStores,
  to: StoreKind,
  onProgress: (p: MigrateProgress) => void = () => undefined,
): Promise<MigrateResult> {
  const target = stores.of(to);
  const [c] = await db.select({ n: count() }).from(files).where(ne(files.store, to));
  const n = c?.n ?? 0;
  const result: MigrateResult = { moved: 0, failed: [] };
  let bytes = 0;
  let after: string | null = null;
  for (;;) {
    const batch = await db
      .select({
        id: files.id,
        key: files.storageKey,
        store: files.store,
        size: files.size,
        sha256: files.sha256,
      })
      .from(files)
      .where(and(ne(files.store, to), after ? gt(files.id, after) : undefined))
      .orderBy(asc(files.id))
      .limit(100);
    if (!batch.length) break;
    for (const f of batch) {
      after = f.id;
      const source = stores.of(f.store);
      try {
        await target.put(f.key, await source.get(f.key));
        const copy = await digest(await target.get(f.key));
        if (copy.size !== f.size || copy.sha256 !== f.sha256)
          throw new Error(`copy differs (${copy.size} bytes, sha256 ${copy.sha256.slice(0, 12)}…)`);
        const flipped = await db
          .update(files)
          .set({ store: to })
          .where(and(eq(files.id, f.id), eq(files.store, f.store)))
          .returning({ id: files.id });
        // Deleted meanwhile (swept, or its record removed): the copy has no row to serve.
        if (!flipped.length) await target.delete(f.key);
        else await source.delete(f.key);
        result.moved++;
        bytes += f.size;
        onProgress({
          done: result.moved + result.failed.length,
          total: n,
          bytes,
          failed: result.failed.length,
          key: f.key,
        });
      } catch (e) {
        const problem = e instanceof Error ? e.message : String(e);
        result.failed.push({ key: f.key, problem });
        onProgress({
          done: result.moved + result.failed.length,
          total: n,
          bytes,
          failed: result.failed.length,
          key: f.key,
          problem,
        });
      }
    }
  }
  return result;
}

/** Size and SHA-256 of a stream, read through once. */
export async function digest(stream: AsyncIterable<Buffer | Uint8Array>) {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, sha256: hash.digest('hex') };
}
