/**
 * Runs the benchmarks in bench/*.bench.ts (all, or those whose name contains one of the
 * arguments), prints their figures as a table and saves them to bench/results/<timestamp>.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installExitCleanup } from './lib/cleanup.js';
import {
  isBenchmark,
  machineInfo,
  msSince,
  PartialResultError,
  type Benchmark,
  type Figure,
} from './lib/harness.js';

interface BenchResult {
  benchmark: string;
  description: string;
  durationMs: number;
  figures: Figure[];
  error?: string;
}

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.dirname(benchDir);
const filters = process.argv.slice(2).map((f) => f.toLowerCase());

installExitCleanup();

const machine = machineInfo();
console.log(`cpu:    ${machine.cpuModel} (${machine.cores} cores)`);
console.log(`memory: ${machine.totalMemoryMB} MiB`);
console.log(`node:   ${machine.node} on ${machine.platform}`);
console.log(`load:   ${machine.loadAverage1m} (1-minute average at start)`);
console.log();

const all = await discover();
const selected = filters.length
  ? all.filter((b) => filters.some((f) => b.name.toLowerCase().includes(f)))
  : all;
if (selected.length === 0) {
  console.error(
    `no benchmark matches ${filters.join(', ')}; available: ${all.map((b) => b.name).join(', ') || '(none)'}`,
  );
  process.exit(2);
}

const startedAt = new Date();
const results: BenchResult[] = [];
for (const bench of selected) {
  const start = performance.now();
  const log = (message: string) => {
    const t = ((performance.now() - start) / 1000).toFixed(1).padStart(6);
    process.stderr.write(`[${bench.name} ${t}s] ${message}\n`);
  };
  log(bench.description);
  const ctx = { repoRoot, keep: process.env.BENCH_KEEP === '1', log };
  try {
    results.push({
      benchmark: bench.name,
      description: bench.description,
      durationMs: 0,
      figures: await bench.run(ctx),
    });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    const figures = err instanceof PartialResultError ? err.figures : [];
    results.push({ benchmark: bench.name, description: bench.description, durationMs: 0, figures, error });
    process.stderr.write(`\n[${bench.name}] FAILED: ${error}\n\n`);
  }
  const last = results.at(-1);
  if (last) last.durationMs = msSince(start);
}

printTable(results);

const resultsDir = path.join(benchDir, 'results');
fs.mkdirSync(resultsDir, { recursive: true });
const file = path.join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key.startsWith('BENCH_')));
fs.writeFileSync(
  file,
  `${JSON.stringify({ startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), machine, filters, env, results }, null, 2)}\n`,
);
console.log(`\nsaved ${path.relative(repoRoot, file)}`);
process.exit(results.some((r) => r.error) ? 1 : 0);

async function discover(): Promise<Benchmark[]> {
  const files = fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort();
  const found: Benchmark[] = [];
  for (const f of files) {
    const mod: { default?: unknown } = await import(pathToFileURL(path.join(benchDir, f)).href);
    if (!isBenchmark(mod.default))
      throw new Error(`${f}: the default export must be { name, description, run(ctx) }`);
    found.push(mod.default);
  }
  return found;
}

function printTable(rows: BenchResult[]): void {
  const header = ['benchmark', 'metric', 'value', 'unit', 'note'];
  const lines: string[][] = [];
  for (const r of rows) {
    for (const f of r.figures) lines.push([r.benchmark, f.metric, String(f.value), f.unit, f.note ?? '']);
    if (r.error) lines.push([r.benchmark, 'FAILED', '', '', r.error.split('\n')[0] ?? '']);
  }
  const widths = header.map((h, i) => Math.max(width(h), ...lines.map((l) => width(l[i] ?? ''))));
  const format = (cells: string[]) =>
    cells
      .map((c, i) => (i === 2 ? pad(c, widths[i] ?? 0, 'start') : pad(c, widths[i] ?? 0, 'end')))
      .join(' | ')
      .trimEnd();
  console.log();
  console.log(format(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const l of lines) console.log(format(l));
}

/** Terminal columns: CJK characters take two. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
      ch,
    )
      ? 2
      : 1;
  return w;
}

function pad(s: string, w: number, side: 'start' | 'end'): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return side === 'start' ? fill + s : s + fill;
}
