import { Worker } from 'node:worker_threads';

/** The thread ran out of its heap or its time, or died: it alone fails, never the process. */
export class ThreadFailed extends Error {
  constructor(readonly reason: 'memory' | 'timeout' | 'crashed') {
    super(`worker thread ${reason}`);
    this.name = 'ThreadFailed';
  }
}

export interface ThreadOptions {
  /** the thread's V8 old-generation heap: past it the thread dies, never the process */
  memoryMb: number;
  timeoutMs: number;
  /** buffers handed over to the thread rather than cloned */
  transfer?: ArrayBuffer[];
}

/** What a message from the thread means: the answer, a failure, or (undefined) more to come. */
export type Settle<T> = { value: T } | { error: Error } | undefined;

/**
 * Run one piece of work in a worker thread with a capped heap and a time limit, and end the
 * thread once it has answered, failed, or run out of either.
 */
export function runThread<T, M>(
  entry: URL,
  workerData: unknown,
  opts: ThreadOptions,
  onMessage: (message: M) => Settle<T>,
): Promise<T> {
  const worker = new Worker(entry, {
    workerData,
    transferList: opts.transfer,
    resourceLimits: { maxOldGenerationSizeMb: opts.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
    stdout: false,
    stderr: false,
  });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: NonNullable<Settle<T>>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome.value);
      void worker.terminate();
    };
    const timer = setTimeout(() => settle({ error: new ThreadFailed('timeout') }), opts.timeoutMs);
    worker.on('message', (m: M) => {
      const outcome = onMessage(m);
      if (outcome) settle(outcome);
    });
    worker.on('error', (err: Error & { code?: string }) =>
      settle({ error: new ThreadFailed(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crashed') }),
    );
    worker.on('exit', () => settle({ error: new ThreadFailed('crashed') }));
  });
}
