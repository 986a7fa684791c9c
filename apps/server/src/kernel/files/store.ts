import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';

/**
 * Where file bytes live. The database holds the metadata (files table); a store holds the bytes
 * under an opaque key. Embedded: the local disk under DATA_DIR/files. Production: an S3-compatible
 * object store implements the same port (keys map to object names in one bucket).
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  /** bytes still free where the store writes; null when the store cannot tell (an object store) */
  freeBytes(): Promise<number | null>;
}

export class LocalDiskStore implements FileStore {
  readonly kind = 'local' as const;
  constructor(private readonly root: string) {}

  private resolve(key: string): string {
    const full = path.resolve(this.root, key);
    // Keys are ours (uuid paths), but never let one escape the root.
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`bad storage key ${key}`);
    return full;
  }

  async put(key: string, data: Buffer): Promise<void> {
    const full = this.resolve(key);
    await fs.mkdir(path.dirname(full), { recursive: true });
    // Write then rename: a crash never leaves half a photo under the final name.
    const tmp = `${full}.part`;
    await fs.writeFile(tmp, data, { flag: 'wx' });
    await fs.rename(tmp, full);
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
