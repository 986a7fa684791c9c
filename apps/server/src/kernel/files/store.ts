import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The stores that can hold file bytes; each row of `files` names the one that holds it. */
export const STORE_KINDS = ['local', 'postgres', 's3'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/**
 * Where file bytes live. The database holds the metadata (files table); a store holds the bytes
 * under an opaque key. Bytes stream both ways: `put` takes a stream (or a small buffer) and `get`
 * answers a stream, so no store ever holds a whole file in memory. Embedded: the local disk
 * under DATA_DIR/files. Several nodes: a chunked table in PostgreSQL, or an S3-compatible bucket.
 */
export interface FileStore {
  readonly kind: StoreKind;
  /** Write the bytes under `key`, replacing what was there; nothing is left under it on failure. */
  put(key: string, data: Readable | Buffer): Promise<void>;
  /** The bytes under `key` as a stream; rejects when there are none. */
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** bytes still free where the store writes; null when the store cannot tell (an object store) */
  freeBytes(): Promise<number | null>;
}

/** A buffer as a stream, so that every store has one way in. */
export const asStream = (data: Readable | Buffer): Readable =>
  Buffer.isBuffer(data) ? Readable.from([data], { objectMode: false }) : data;

export class LocalDiskStore implements FileStore {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {}

  private resolve(key: string): string {
    const full = path.resolve(this.root, key);
    // Keys are ours (uuid paths), but never let one escape the root.
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`bad storage key ${key}`);
    return full;
  }

  async put(key: string, data: Readable | Buffer): Promise<void> {
    const full = this.resolve(key);
    await fs.mkdir(path.dirname(full), { recursive: true });
    // Write then rename: a crash never leaves half a photo under the final name. A `.part` left
    // by a killed writer (a file migration) is written over.
    const tmp = `${full}.part`;
    try {
      await pipeline(asStream(data), createWriteStream(tmp));
      await fs.rename(tmp, full);
    } catch (e) {
      await fs.rm(tmp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<Readable> {
    const full = this.resolve(key);
    await fs.access(full);
    return createReadStream(full);
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.resolve(key), { force: true });
  }

  async freeBytes(): Promise<number | null> {
    await fs.mkdir(this.root, { recursive: true });
    const s = await fs.statfs(this.root);
    // What an unprivileged writer may still use: the blocks root keeps back are not ours.
    return s.bavail * s.bsize;
  }
}

/**
 * Cut a stream into pieces of exactly `size` bytes (the last one shorter), copying only what
 * crosses a boundary. Pulls from the source only as fast as the consumer takes pieces.
 */
export async function* rechunk(source: AsyncIterable<Buffer | Uint8Array>, size: number) {
  let parts: Buffer[] = [];
  let held = 0;
  for await (const c of source) {
    let buf = Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    while (held + buf.length >= size) {
      const take = size - held;
      parts.push(buf.subarray(0, take));
      yield Buffer.concat(parts, size);
      parts = [];
      held = 0;
      buf = buf.subarray(take);
    }
    if (buf.length) {
      parts.push(buf);
      held += buf.length;
    }
  }
  if (held) yield Buffer.concat(parts, held);
}
