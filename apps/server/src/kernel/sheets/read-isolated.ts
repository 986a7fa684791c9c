import { runThread } from '../isolate/index.js';
import type { SheetJob, SheetReply } from './sheet.worker.js';
import { TooManyRows, type ReadSheet } from './xlsx-read.js';
import { SheetTooLarge, SheetUnreadable, type SheetLimits } from './zip.js';

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
 * past the streaming limits and still eats memory kills only that worker (ThreadFailed), and
 * the parsing never blocks the event loop the alarm path runs on.
 */
export function readSheetIsolated(data: Buffer, opts: IsolatedReadOptions): Promise<ReadSheet> {
  // Its own copy of the bytes, handed over rather than cloned.
  const bytes = new Uint8Array(data.byteLength);
  bytes.set(data);
  const job: SheetJob = { data: bytes, maxRows: opts.maxRows, limits: opts.limits };
  return runThread<ReadSheet, SheetReply>(
    ENTRY,
    job,
    { memoryMb: opts.memoryMb ?? 512, timeoutMs: opts.timeoutMs ?? 180_000, transfer: [bytes.buffer] },
    (m: SheetReply) => {
      if (m.type === 'progress') {
        opts.onRows?.(m.rows);
        return undefined;
      }
      if (m.type === 'done') return { value: { headers: m.headers, rows: m.rows } };
      if (m.type === 'too_large') return { error: new SheetTooLarge(m.limit, m.max) };
      if (m.type === 'too_many_rows') return { error: new TooManyRows(m.max) };
      return { error: new SheetUnreadable(m.reason) };
    },
  );
}
