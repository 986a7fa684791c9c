import os from 'node:os';

/** One measured number. */
export interface Figure {
  metric: string;
  value: number;
  unit: string;
  note?: string;
}

export interface BenchContext {
  /** Root of the repository the harness runs in (the parent of bench/). */
  repoRoot: string;
  /** BENCH_KEEP=1: leave temporary directories in place for inspection. */
  keep: boolean;
  /** Progress line on stderr, prefixed with the benchmark's name. */
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<Figure[]>;
}

/** Identity; gives a `*.bench.ts` default export its type without an annotation. */
export function defineBenchmark(benchmark: Benchmark): Benchmark {
  return benchmark;
}

/**
 * A benchmark that fails part-way throws this so the figures it already measured are still
 * printed and saved next to the error.
 */
export class PartialResultError extends Error {
  constructor(
    message: string,
    readonly figures: Figure[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PartialResultError';
  }
}

export function isBenchmark(value: unknown): value is Benchmark {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.description === 'string' && typeof v.run === 'function';
}

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemoryMB: number;
  node: string;
  platform: string;
  /** Other work on the machine skews timings; this shows how busy it was at the start. */
  loadAverage1m: number;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    totalMemoryMB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** Milliseconds since `start` (a performance.now() reading), rounded to whole ms. */
export function msSince(start: number): number {
  return Math.round(performance.now() - start);
}
