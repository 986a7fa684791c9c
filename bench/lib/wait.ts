import net from 'node:net';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface PollOptions {
  /** What is awaited, for the timeout message ("/api/health to answer 200"). */
  what: string;
  timeoutMs: number;
  intervalMs: number;
  /** Checked before every attempt; a returned reason ends the wait with that error. */
  failIf?: () => string | undefined;
}

/** Call `probe` until it returns true; throws on timeout or when `failIf` gives a reason. */
export async function pollUntil(probe: () => Promise<boolean>, opts: PollOptions): Promise<void> {
  const deadline = performance.now() + opts.timeoutMs;
  for (;;) {
    const reason = opts.failIf?.();
    if (reason) throw new Error(`gave up waiting for ${opts.what}: ${reason}`);
    if (await probe()) return;
    if (performance.now() > deadline)
      throw new Error(`timed out after ${opts.timeoutMs / 1000} s waiting for ${opts.what}`);
    await sleep(opts.intervalMs);
  }
}

/** True when `url` answers 200; false on any error, including connection refused. */
export async function answers200(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** `preferred` if nothing listens on it at `host`, else any free port the OS hands out. */
export async function freePort(host: string, preferred: number): Promise<number> {
  try {
    return await listenOnce(host, preferred);
  } catch {
    return listenOnce(host, 0);
  }
}

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}
