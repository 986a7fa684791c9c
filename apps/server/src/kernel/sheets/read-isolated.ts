import { Worker } from 'node:worker_threads';
import type { SheetJob, SheetReply } from './sheet.worker.js';
import { TooManyRows, type ReadSheet } from './xlsx-read.js';
import { SheetTooLarge, SheetUnreadable, type SheetLimits } from './zip.js';

/** The worker reading a sheet ran out of its memory or time, or died: the file is refused. */
export class SheetWorkerFailed extends Error {
  constructor(readonly reason: 'memory' | 'timeout' | 'crashed') {
    super(`sheet worker ${reason}`);
    this.name = 'SheetWorkerFailed';
  }
}

export interface IsolatedReadOptions {
  maxRows: number;
  limits?: SheetLimits;
  /** the worker's V8 old-generation heap; past it the worker dies, never the process */
  memoryMb?: number;
  timeoutMs?: number;
  onRows?: (count: number) => void;
}

const ENTRY = new URL('./sheet.worker.mjs', import.meta.url);

/**
 * Read the first sheet of an uploaded xlsx in a worker thread with a capped heap: a file that gets
 * past the streaming limits and still eats memory kills only that worker (SheetWorkerFailed), and
 * the parsing never blocks the event loop the alarm path runs on.
 */
export function readSheetIsolated(data: Buffer, opts: IsolatedReadOptions): Promise<ReadSheet> {
  // Its own copy of the bytes, handed over rather than cloned.
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  const job: SheetJob = { data: bytes, maxRows: opts.maxRows, limits: opts.limits };
  const worker = new Worker(ENTRY, {
    workerData: job,
    transferList: [bytes.buffer],
    resourceLimits: {
      maxOldGenerationSizeMb: opts.memoryMb ?? 512,
      maxYoungGenerationSizeMb: 32,
      stackSizeMb: 4,
    },
    stdout: false,
    stderr: false,
  });
  return new Promise<ReadSheet>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(new SheetWorkerFailed('timeout'))),
      opts.timeoutMs ?? 180_000,
    );
    worker.on('message', (m: SheetReply) => {
      if (m.type === 'progress') return opts.onRows?.(m.rows);
      settle(() => {
        if (m.type === 'done') resolve({ headers: m.headers, rows: m.rows });
        else if (m.type === 'too_large') reject(new SheetTooLarge(m.limit, m.max));
        else if (m.type === 'too_many_rows') reject(new TooManyRows(m.max));
        else reject(new SheetUnreadable(m.reason));
      });
    });
    worker.on('error', (err: Error & { code?: string }) =>
      settle(() =>
        reject(new SheetWorkerFailed(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed')),
      ),
    );
    worker.on('exit', () => settle(() => reject(new SheetWorkerFailed('crashed'))));
  });
}
