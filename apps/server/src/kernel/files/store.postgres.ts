import { and, eq } from 'drizzle-orm';
import { Readable } from 'node:stream';
import type { Db } from '../db.js';
import { fileChunks } from './files.tables.js';
import { asStream, rechunk, type FileStore } from './store.js';

/** Bytes of one row of file_chunks (the last piece of a file may be shorter). */
export const CHUNK_BYTES = 256 * 1024;

/**
 * File bytes in the database every node already shares: pieces of CHUNK_BYTES in file_chunks,
 * written in one transaction (a file is there whole or not at all) and read one piece per query,
 * only as fast as the reader takes them, so neither direction holds more than a piece or two.
 * Works on PostgreSQL and on the embedded PGlite alike.
 */
export class PostgresStore implements FileStore {
  readonly kind = 'postgres' as const;
  constructor(
    private readonly db: Db,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {}

  async put(key: string, data: Readable | Buffer): Promise<void> {
    const source = asStream(data);
    try {
      await this.db.transaction(async (tx) => {
        // A copy a killed migration left half-way never got committed; one it committed is replaced.
        await tx.delete(fileChunks).where(eq(fileChunks.key, key));
        let seq = 0;
        for await (const piece of rechunk(source, this.chunkBytes))
          await tx.insert(fileChunks).values({ key, seq: seq++, data: piece });
      });
    } catch (e) {
      source.destroy();
      throw e;
    }
  }

  async get(key: string): Promise<Readable> {
    const first = await this.piece(key, 0);
    if (!first) throw Object.assign(new Error(`no stored file ${key}`), { code: 'ENOENT' });
    const piece = (seq: number) => this.piece(key, seq);
    async function* pieces() {
      yield first!;
      for (let seq = 1; ; seq++) {
        const next = await piece(seq);
        if (!next) return;
        yield next;
      }
    }
    // Readable.from pulls the next piece only when the consumer has taken the last one.
    return Readable.from(pieces(), { objectMode: false, highWaterMark: this.chunkBytes });
  }

  private async piece(key: string, seq: number): Promise<Buffer | null> {
    const [row] = await this.db
      .select({ data: fileChunks.data })
      .from(fileChunks)
      .where(and(eq(fileChunks.key, key), eq(fileChunks.seq, seq)))
      .limit(1);
    return row ? row.data : null;
  }

  async delete(key: string): Promise<void> {
    await this.db.delete(fileChunks).where(eq(fileChunks.key, key));
  }

  /** The database's disk is not ours to measure (it may be on another machine). */
  async freeBytes(): Promise<number | null> {
    return null;
  }
}
