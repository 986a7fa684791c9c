import { parentPort, workerData } from 'node:worker_threads';
import { readFirstSheet, TooManyRows } from './xlsx-read.js';
import { SheetTooLarge, type SheetLimits } from './zip.js';

/** What the main thread hands over: the file's bytes (transferred) and the limits. */
export interface SheetJob {
  data: Uint8Array;
  maxRows: number;
  limits?: SheetLimits;
}

export type SheetReply =
  | { type: 'progress'; rows: number }
  | { type: 'done'; headers: string[]; rows: { row: number; cells: string[] }[] }
  | { type: 'too_large'; limit: keyof SheetLimits; max: number }
  | { type: 'too_many_rows'; max: number }
  | { type: 'unreadable'; reason: string };

const job = workerData as SheetJob;
const port = parentPort!;
const data = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
try {
  const sheet = await readFirstSheet(data, {
    maxRows: job.maxRows,
    limits: job.limits,
    onRows: (rows) => port.postMessage({ type: 'progress', rows } satisfies SheetReply),
  });
  port.postMessage({ type: 'done', ...sheet } satisfies SheetReply);
} catch (e) {
  const reply: SheetReply =
    e instanceof SheetTooLarge
      ? { type: 'too_large', limit: e.limit, max: e.max }
      : e instanceof TooManyRows
        ? { type: 'too_many_rows', max: e.max }
        : { type: 'unreadable', reason: e instanceof Error ? e.message : String(e) };
  port.postMessage(reply);
}
