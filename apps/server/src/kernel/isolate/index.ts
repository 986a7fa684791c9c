import { Worker } from 'node:worker_threads';
import { AppError, errors } from '../errors.js';
import type { Text } from '../i18n.js';

/** The thread ran out of its memory or time, or died: it alone fails, never the process. */
const failed = (reason: 'memory' | 'timeout' | 'crashed') => errors.workFailed({ reason });

export interface IsolateOptions {
  /** the thread's V8 old-generation heap; past it the thread dies, never the process */
  memoryMb?: number;
  timeoutMs?: number;
}

type Render<A extends unknown[]> = (...args: A) => Promise<Buffer>;

interface Reply {
  ok: boolean;
  bytes?: Uint8Array;
  error?: { name?: string; message: string; code?: string; status?: number; text?: Text; details?: unknown };
}

const ENTRY = new URL('./isolate.worker.mjs', import.meta.url);
/** Heavy work running at once; more wait their turn, and past the queue's bound are refused. */
const PARALLEL = 2;
const QUEUE = 100;

let running = 0;
const waiting: (() => void)[] = [];

async function turn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL) {
    if (waiting.length >= QUEUE) throw errors.rateLimited({ reason: 'heavy work queue full' });
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * Run a document renderer (PDF, workbook: a pure function of plain data to bytes) in a worker
 * thread with a capped heap, a time limit and a queue of its own: a report that grows beyond
 * reason fails alone, and the event loop the alarm path runs on never waits for its layout.
 * `render` is the module's own export, named by `module` (its file URL) so the thread can load it;
 * its arguments cross by structured clone (plain data, dates). An AppError it throws is rethrown
 * here as itself.
 */
export function isolated<A extends unknown[]>(
  render: Render<A>,
  module: URL,
  opts: IsolateOptions = {},
): Render<A> {
  return (...args: A) => turn(() => runInThread(module.href, render.name, args, opts));
}

function runInThread(module: string, fn: string, args: unknown[], opts: IsolateOptions): Promise<Buffer> {
  const worker = new Worker(ENTRY, {
    workerData: { module, fn, args },
    resourceLimits: {
      maxOldGenerationSizeMb: opts.memoryMb ?? 256,
      maxYoungGenerationSizeMb: 32,
      stackSizeMb: 4,
    },
    stdout: false,
    stderr: false,
  });
  return new Promise<Buffer>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => settle(() => reject(failed('timeout'))), opts.timeoutMs ?? 60_000);
    worker.on('message', (m: Reply) =>
      settle(() => {
        if (m.ok && m.bytes) resolve(Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
        else reject(rebuild(m.error));
      }),
    );
    worker.on('error', (err: Error & { code?: string }) =>
      settle(() => reject(failed(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed'))),
    );
    worker.on('exit', () => settle(() => reject(failed('crashed'))));
  });
}

function rebuild(e: Reply['error']): Error {
  if (e?.name === 'AppError' && e.code && e.status && e.text)
    return new AppError(e.code, e.status, e.text, e.details);
  const err = new Error(e?.message ?? 'isolated work failed');
  if (e?.name) err.name = e.name;
  return err;
}
