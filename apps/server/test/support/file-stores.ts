import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import S3rver from 's3rver';
import { freePort } from './process.js';

/**
 * `size` bytes of random data as a stream made as it is read (never held whole), and the
 * SHA-256 of what was made, known once the stream has ended.
 */
export function randomStream(size: number, piece = 64 * 1024) {
  const hash = createHash('sha256');
  let left = size;
  let digest = '';
  async function* make() {
    while (left > 0) {
      const b = randomBytes(Math.min(piece, left));
      left -= b.length;
      hash.update(b);
      yield b;
    }
    digest = hash.digest('hex');
  }
  return { stream: Readable.from(make(), { objectMode: false }), sha256: () => digest };
}

/** Size and SHA-256 of a stream, read through. */
export async function digestOf(stream: AsyncIterable<Buffer | Uint8Array>) {
  const hash = createHash('sha256');
  let size = 0;
  for await (const c of stream) {
    hash.update(c);
    size += c.length;
  }
  return { size, sha256: hash.digest('hex') };
}

/** A local S3-compatible server (s3rver) with one bucket, in a temporary folder. */
export async function startS3(bucket = 'anxiao-files') {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-s3-'));
  const port = await freePort();
  const server = new S3rver({
    port,
    address: '127.0.0.1',
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  await server.run();
  return {
    env: {
      FILES_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      FILES_S3_REGION: 'us-east-1',
      FILES_S3_BUCKET: bucket,
      FILES_S3_ACCESS_KEY_ID: 'S3RVER',
      FILES_S3_SECRET_ACCESS_KEY: 'S3RVER',
      FILES_S3_FORCE_PATH_STYLE: 'true',
    },
    async stop() {
      await server.close();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Put and get a 15 MB file through one store in a child process (support/stream-memory.ts) and
 * answer how far its live memory grew at most in each direction.
 */
export async function streamMemory(kind: string, env: Record<string, string>) {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'stream-memory.ts');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', script, kind],
    { env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env }, cwd: path.dirname(script) },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as { put: number; get: number; intact: boolean };
}
