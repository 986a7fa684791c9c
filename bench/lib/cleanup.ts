/**
 * Synchronous last-resort cleanups. Benchmarks start servers in their own process groups, which
 * a Ctrl-C on the terminal does not reach, so the harness runs these on exit and on signals.
 * Normal runs clean up themselves and unregister.
 */
const cleanups = new Set<() => void>();

export function registerCleanup(fn: () => void): () => void {
  cleanups.add(fn);
  return () => {
    cleanups.delete(fn);
  };
}

function runAll(): void {
  for (const fn of [...cleanups].reverse()) {
    cleanups.delete(fn);
    try {
      fn();
    } catch {
      // Best effort: one failed cleanup must not keep the others from running.
    }
  }
}

export function installExitCleanup(): void {
  process.on('exit', runAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\n${signal}: cleaning up\n`);
      runAll();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}
