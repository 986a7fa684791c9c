import { AppError, errors } from '../errors.js';
import type { Text } from '../i18n.js';
import { runThread, ThreadFailed } from './thread.js';

export { runThread, ThreadFailed, type Settle, type ThreadOptions } from './thread.js';

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

async function runInThread(
  module: string,
  fn: string,
  args: unknown[],
  opts: IsolateOptions,
): Promise<Buffer> {
  try {
    return await runThread<Buffer, Reply>(
      ENTRY,
      { module, fn, args },
      { memoryMb: opts.memoryMb ?? 256, timeoutMs: opts.timeoutMs ?? 60_000 },
      (m: Reply) =>
        m.ok && m.bytes
          ? { value: Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength) }
          : { error: rebuild(m.error) },
    );
  } catch (e) {
    if (e instanceof ThreadFailed) throw errors.workFailed({ reason: e.reason });
    throw e;
  }
}

function rebuild(e: Reply['error']): Error {
  if (e?.name === 'AppError' && e.code && e.status && e.text)
    return new AppError(e.code, e.status, e.text, e.details);
  const err = new Error(e?.message ?? 'isolated work failed');
  if (e?.name) err.name = e.name;
  return err;
}
