import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../src/kernel/db.js';
import type { FileStore } from '../../src/kernel/files/store.js';
import { tablesInOrder } from '../../src/kernel/backup/index.js';

/**
 * Every application table's row count and a digest of its content (each row as PostgreSQL renders
 * it in JSON, sorted), limited to `columns` of a table when given (an older schema's columns).
 */
export async function tableDigests(
  ex: Executor,
  columns?: Map<string, string[]>,
): Promise<Record<string, { rows: number; md5: string }>> {
  const out: Record<string, { rows: number; md5: string }> = {};
  for (const t of await tablesInOrder(ex)) {
    const cols = columns ? columns.get(t.name) : t.columns;
    if (!cols) continue;
    const list = sql.join(
      cols.map((c) => sql.identifier(c)),
      sql`, `,
    );
    const [r] = await rows<{ n: number; h: string }>(
      ex,
      sql`select count(*)::int as n, md5(coalesce(string_agg(j, E'\\n' order by j), '')) as h
            from (select row_to_json(s)::text as j from (select ${list} from ${sql.identifier(t.name)}) s) x`,
    );
    out[t.name] = { rows: r!.n, md5: r!.h };
  }
  return out;
}

/** sha256 of a stored file's bytes, read through the store. */
export async function storedDigest(store: FileStore, key: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of await store.get(key)) h.update(c as Buffer);
  return h.digest('hex');
}
