import { createHash, createHmac } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import { Readable, type Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { z } from 'zod';

/**
 * The backup archive (decision 0017): a gzip-compressed tar. In order:
 *   anxiao-backup.json        header: format, release, migration, table order, key check
 *   tables/<table>/<n>.json   rows, a JSON array per batch, tables parents first
 *   files/<storage key>       every stored file's bytes
 *   manifest.json             row counts, sequences, sha256 of every entry above, the files
 * The manifest comes last because only then are its counts and digests known; a restore reads the
 * archive through once to check it before it changes anything.
 */
export const FORMAT = 'anxiao-backup';
export const FORMAT_VERSION = 1;
export const HEADER_ENTRY = 'anxiao-backup.json';
export const MANIFEST_ENTRY = 'manifest.json';
export const TABLE_PREFIX = 'tables/';
export const FILE_PREFIX = 'files/';

export const headerSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  createdAt: z.string(),
  release: z.string(),
  database: z.object({ kind: z.enum(['pglite', 'postgres']), version: z.string() }),
  migration: z.object({ tag: z.string().nullable(), when: z.number() }),
  tables: z.array(z.object({ name: z.string(), columns: z.array(z.string()) })),
  /** an HMAC of a fixed text under the secret key: tells whether encrypted fields can be read */
  keyCheck: z.string(),
});
export type BackupHeader = z.infer<typeof headerSchema>;

export const manifestSchema = z.object({
  tables: z.record(z.string(), z.object({ rows: z.number().int(), chunks: z.number().int() })),
  sequences: z.record(z.string(), z.string().nullable()),
  entries: z.record(z.string(), z.object({ size: z.number().int(), sha256: z.string() })),
  files: z.array(z.object({ id: z.string(), key: z.string(), size: z.number().int(), sha256: z.string() })),
  /** files the database lists whose bytes the store no longer had when the backup ran */
  missing: z.array(z.object({ id: z.string(), key: z.string() })),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export function keyCheck(secretHex: string): string {
  return createHmac('sha256', Buffer.from(secretHex, 'hex')).update('anxiao/backup-key-check').digest('hex');
}

export const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Writes entries into a gzip-compressed tar, waiting whenever the file falls behind. */
export class ArchiveWriter {
  readonly pack = tar.pack();

  /** an entry whose bytes are at hand (header, a batch of rows, the manifest) */
  async add(name: string, data: Buffer): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.pack.entry({ name, size: data.length, mtime: new Date(0) }, data, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  /** an entry streamed from `source` (a stored file): never held whole in memory; returns its sha256 */
  async addStream(name: string, size: number, source: Readable): Promise<string> {
    const hash = createHash('sha256');
    let sink!: Writable;
    const finished = new Promise<void>((resolve, reject) => {
      sink = this.pack.entry({ name, size, mtime: new Date(0) }, (err) =>
        err ? reject(err) : resolve(),
      ) as unknown as Writable;
    });
    finished.catch(() => undefined);
    let written = 0;
    try {
      for await (const chunk of source) {
        const b = chunk as Buffer;
        written += b.length;
        if (written > size) throw new Error(`${name}: the store holds more than the ${size} bytes recorded`);
        hash.update(b);
        if (!sink.write(b)) await once(sink, 'drain');
      }
      if (written !== size)
        throw new Error(`${name}: the store holds ${written} bytes, the database records ${size}`);
    } catch (err) {
      sink.destroy(err as Error);
      source.destroy();
      throw err;
    }
    sink.end();
    await finished;
    return hash.digest('hex');
  }

  finalize(): void {
    this.pack.finalize();
  }
}

/** Why an archive could not be read, in words an operator can act on. */
export class ArchiveError extends Error {
  constructor(file: string, detail: string) {
    super(`${file} is not a readable anxiao backup: ${detail}`);
  }
}

export interface ArchiveEntry {
  name: string;
  size: number;
  stream: Readable;
}

/**
 * The entries of an archive, in order. Each must be read to its end (or drained) before the next
 * arrives. A damaged file (bad gzip data, a broken tar header, cut short) ends in an ArchiveError.
 */
export async function* readArchive(file: string): AsyncGenerator<ArchiveEntry> {
  if (!fs.existsSync(file)) throw new ArchiveError(file, 'no such file');
  const source = fs.createReadStream(file);
  const gunzip = createGunzip();
  const extract = tar.extract();
  // set from the streams' error events, hence an object the checks below read afresh
  const state: { failure: Error | null } = { failure: null };
  const fail = (err: Error) => {
    state.failure ??= err;
    extract.destroy(err);
  };
  source.on('error', fail);
  gunzip.on('error', fail);
  source.pipe(gunzip).pipe(extract);
  // An entry's bytes, with a failure underneath (bad gzip data, cut short) told as an ArchiveError.
  async function* bytes(entry: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    try {
      for await (const c of entry) yield c;
    } catch (err) {
      throw damaged(file, state.failure ?? err);
    }
    if (state.failure) throw damaged(file, state.failure);
  }
  try {
    for await (const entry of extract) {
      if (state.failure) break;
      const stream = Readable.from(bytes(entry as AsyncIterable<Buffer>), { objectMode: false });
      yield { name: entry.header.name, size: entry.header.size ?? 0, stream };
      // Whatever the caller left unread is skipped.
      for await (const _ of stream) void _;
    }
    if (state.failure) throw damaged(file, state.failure);
  } catch (err) {
    throw damaged(file, state.failure ?? err);
  } finally {
    source.destroy();
  }
}

function damaged(file: string, err: unknown): Error {
  if (err instanceof ArchiveError) return err;
  const e = err as Error & { code?: string };
  const detail =
    e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' || /unexpected end/i.test(e.message)
      ? /unexpected end/i.test(e.message)
        ? 'it ends too early (cut short while being written or copied?)'
        : `its compressed data is damaged (${e.message})`
      : /tar header/i.test(e.message)
        ? 'it is damaged (a tar header does not check out)'
        : e.message;
  return new ArchiveError(file, detail);
}
/** Read one entry whole; for the small ones only (header, manifest, a batch of rows). */
export async function readAll(stream: Readable, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    n += (c as Buffer).length;
    if (n > max) throw new Error(`${what} is larger than ${max} bytes`);
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}
