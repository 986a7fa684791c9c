/**
 * tasks: a day's grid tasks for a school of 3,000 grids.
 *
 * A new school in the demo district with one campus grid and 3,000 room grids below it, the checklist
 * library installed and one daily schedule on the room level (the demo's own schedules are switched
 * off, so generation makes exactly this schedule's tasks). Then TasksService.generate(), the handler
 * of the `tasks.generate` job the server runs every 10 minutes, is timed:
 *
 * 1. the first run of the day (3,000 instances and 3,000 overdue jobs);
 * 2. a second run the same day (none to make: what 143 of the day's 144 runs do), 5 times, the median;
 * 3. the first run of the next day (the clock moved on; 3,000 more over the 3,000 of the day before);
 * 4. a second run that next day, 5 times, the median.
 * Each run checks how many instances and overdue jobs it made.
 *
 * Where the time goes is read off the runtime from outside (its transaction and JobRunner.enqueueAll
 * are wrapped and timed; no server code is changed): time inside the batch transactions, of which
 * enqueueing the jobs, and the rest (reading the schedules and grids, building the rows).
 *
 * The runtime runs in this process (as in the server's db tests: createRuntime with a ManualClock,
 * the demo seeded at a small scale, no background loops). On the embedded PGlite (on disk, as the
 * embedded server keeps it) and on PostgreSQL (a scratch database on BENCH_PG_URL's server, default
 * postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards). BENCH_TASKS_DATABASES=pglite,postgres
 * picks a subset; BENCH_TASKS_GRIDS sets the number of grids (default 3,000).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerCleanup } from './lib/cleanup.js';
import { defineBenchmark, PartialResultError, type BenchContext, type Figure } from './lib/harness.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import { percentile, round, sortedOf } from './lib/server.js';

const DATABASES = ['pglite', 'postgres'] as const;
type DatabaseKind = (typeof DATABASES)[number];
const DB_LABEL: Record<DatabaseKind, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

/** A Monday; the runs move the clock from here. */
const DAY_1 = '2026-11-30T08:00:00+08:00';
const DAY_1_LATER = '2026-11-30T08:10:00+08:00';
const DAY_2 = '2026-12-01T00:05:00+08:00';
const DAY_2_LATER = '2026-12-01T00:15:00+08:00';
const SEED_STUDENTS = 84;
const TEMPLATE = 'DOMAIN-DORM';
/** The runs that make nothing are repeated (they change nothing): the median is shown. */
const NOOP_REPEATS = 5;

// ---- the server's surface this benchmark uses -----------------------------------------------------
// The server's sources are loaded at run time (tsx compiles them): bench/ is its own TypeScript
// project and cannot import apps/server/src statically, so what is used is declared here.

interface ExecResult {
  rows: Record<string, unknown>[];
}
interface Executor {
  execute(query: string): Promise<ExecResult>;
}
interface JobItem {
  queue: string;
  payload: unknown;
  opts?: { runAt?: Date; singletonKey?: string };
}
interface JobRunnerLike {
  enqueueAll(ex: Executor, items: JobItem[]): Promise<string[]>;
}
interface KernelLike {
  db: Executor;
  jobs: JobRunnerLike;
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
}
interface TasksServiceLike {
  installLibrary(ex: Executor, schoolId: string, kindergarten?: boolean): Promise<number>;
  addSchedule(
    ex: Executor,
    input: { schoolId: string; templateCode: string; recurrence: 'daily'; gridLevel: 'room' },
  ): Promise<string>;
  generate(scheduleId?: string): Promise<number>;
}
interface RuntimeLike {
  kernel: KernelLike;
  services: { tasks: TasksServiceLike };
  close(): Promise<void>;
}
interface ManualClockLike {
  now(): Date;
  set(d: Date | string): void;
}
interface ServerApi {
  loadAppConfig(env: Record<string, string | undefined>): unknown;
  createRuntime(opts: {
    config: unknown;
    clock: ManualClockLike;
    log: unknown;
    migrate: boolean;
  }): Promise<RuntimeLike>;
  ManualClock: new (start: Date | string) => ManualClockLike;
  createLogger(level: string): unknown;
  seedDemo(kernel: KernelLike, opts: { students: number }): Promise<unknown>;
}

async function loadServer(repo: string): Promise<ServerApi> {
  const load = (rel: string) => import(pathToFileURL(path.join(repo, 'apps/server/src', rel)).href);
  const [config, runtime, clock, logger, seed] = await Promise.all([
    load('app/config.ts'),
    load('app/runtime.ts'),
    load('kernel/clock.ts'),
    load('kernel/logger.ts'),
    load('demo/seed.ts'),
  ]);
  return {
    loadAppConfig: config.loadAppConfig,
    createRuntime: runtime.createRuntime,
    ManualClock: clock.ManualClock,
    createLogger: logger.createLogger,
    seedDemo: seed.seedDemo,
  };
}

// ---- the benchmark ---------------------------------------------------------------------------------

export default defineBenchmark({
  name: 'tasks',
  description:
    "Grid tasks: generating a day's task instances (and their overdue jobs) for a school of 3,000 grids.",
  async run(ctx) {
    const databases = listFromEnv('BENCH_TASKS_DATABASES', DATABASES);
    const grids = intFromEnv('BENCH_TASKS_GRIDS', 3_000);
    const server = await loadServer(ctx.repoRoot);
    const figures: Figure[] = [];
    const errors: string[] = [];
    for (const kind of databases) {
      try {
        figures.push(...(await generateSeries(ctx, server, kind, grids)));
      } catch (err) {
        const text = err instanceof Error ? (err.stack ?? err.message) : String(err);
        ctx.log(`${DB_LABEL[kind]} failed: ${text}`);
        errors.push(DB_LABEL[kind]);
        figures.push({
          metric: `generate (${DB_LABEL[kind]}): failed`,
          value: NaN,
          unit: 'error',
          note: text.split('\n')[0],
        });
      }
    }
    if (errors.length) throw new PartialResultError(`failed on ${errors.join(', ')}`, figures);
    return figures;
  },
});

/** Time spent in the runtime's batch transactions and in JobRunner.enqueueAll, from outside. */
interface Probe {
  txMs: number;
  transactions: number;
  enqueueMs: number;
  enqueued: number;
  reset(): void;
}

function instrument(rt: RuntimeLike): Probe {
  const probe: Probe = {
    txMs: 0,
    transactions: 0,
    enqueueMs: 0,
    enqueued: 0,
    reset() {
      this.txMs = 0;
      this.transactions = 0;
      this.enqueueMs = 0;
      this.enqueued = 0;
    },
  };
  const k = rt.kernel;
  const transaction = k.transaction.bind(k);
  k.transaction = async <T>(fn: (tx: Executor) => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await transaction(fn);
    } finally {
      probe.txMs += performance.now() - t;
      probe.transactions++;
    }
  };
  const enqueueAll = k.jobs.enqueueAll.bind(k.jobs);
  k.jobs.enqueueAll = async (ex, items) => {
    const t = performance.now();
    try {
      return await enqueueAll(ex, items);
    } finally {
      probe.enqueueMs += performance.now() - t;
      probe.enqueued += items.length;
    }
  };
  return probe;
}

async function generateSeries(
  ctx: BenchContext,
  server: ServerApi,
  kind: DatabaseKind,
  gridCount: number,
): Promise<Figure[]> {
  const label = DB_LABEL[kind];
  const figures: Figure[] = [];
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `anxiao-bench-tasks-${kind}-`));
  const dropDir = ctx.keep
    ? () => ctx.log(`kept ${dataDir}`)
    : registerCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  let db: ScratchDatabase | undefined;
  let rt: RuntimeLike | undefined;
  try {
    const env: Record<string, string> = {
      DATA_DIR: dataDir,
      ANXIAO_SECRET_KEY: 'b'.repeat(64),
      LOG_LEVEL: 'warn',
    };
    if (kind === 'postgres') {
      db = await createScratchDatabase(`anxiao_bench_${process.pid}_tasks`);
      env.DATABASE_URL = db.url;
    }
    const clock = new server.ManualClock(DAY_1);
    const setUp = performance.now();
    ctx.log(`${label}: migrate and seed the demo (${SEED_STUDENTS} students)`);
    rt = await server.createRuntime({
      config: server.loadAppConfig(env),
      clock,
      log: server.createLogger('warn'),
      migrate: true,
    });
    await server.seedDemo(rt.kernel, { students: SEED_STUDENTS });
    ctx.log(
      `${label}: a school of ${gridCount.toLocaleString('en')} room grids, the library, one daily schedule`,
    );
    const schoolId = await makeSchool(rt, gridCount, clock.now());
    const tasks = rt.services.tasks;
    await rt.kernel.transaction(async (tx) => {
      await tx.execute(`update task_schedules set active = false`);
      await tasks.installLibrary(tx, schoolId);
      await tasks.addSchedule(tx, {
        schoolId,
        templateCode: TEMPLATE,
        recurrence: 'daily',
        gridLevel: 'room',
      });
    });
    figures.push({
      metric: `generate (${label}): set-up`,
      value: round((performance.now() - setUp) / 1000),
      unit: 's',
      note: `migrate, demo seed at ${SEED_STUDENTS} students, ${gridCount.toLocaleString('en')} grids`,
    });

    const probe = instrument(rt);
    const runs: { name: string; at: string; expect: number; repeats: number }[] = [
      { name: '1st run of the day', at: DAY_1, expect: gridCount, repeats: 1 },
      { name: '2nd run, same day', at: DAY_1_LATER, expect: 0, repeats: NOOP_REPEATS },
      { name: '1st run, next day', at: DAY_2, expect: gridCount, repeats: 1 },
      { name: '2nd run, next day', at: DAY_2_LATER, expect: 0, repeats: NOOP_REPEATS },
    ];
    for (const run of runs) {
      clock.set(run.at);
      const times: number[] = [];
      let first = '';
      for (let i = 0; i < run.repeats; i++) {
        const jobsBefore = await overdueJobs(rt);
        probe.reset();
        if (i === 0)
          ctx.log(`${label}: generate, ${run.name} (${run.at})${run.repeats > 1 ? ` ×${run.repeats}` : ''}`);
        const t = performance.now();
        const made = await tasks.generate();
        const ms = performance.now() - t;
        const jobsMade = (await overdueJobs(rt)) - jobsBefore;
        if (made !== run.expect || jobsMade !== run.expect)
          throw new Error(
            `${run.name}: made ${made} instances and ${jobsMade} jobs, expected ${run.expect} of each`,
          );
        times.push(ms);
        if (i === 0)
          first =
            `made ${made.toLocaleString('en')} instances + ${jobsMade.toLocaleString('en')} jobs; ` +
            `${probe.transactions} transactions ${Math.round(probe.txMs)} ms ` +
            `(enqueueAll ${Math.round(probe.enqueueMs)} ms for ${probe.enqueued.toLocaleString('en')} jobs), ` +
            `reads & building rows ${Math.round(ms - probe.txMs)} ms`;
      }
      const sorted = sortedOf(times);
      figures.push({
        metric: `generate (${label}): ${run.name}${run.repeats > 1 ? `, median of ${run.repeats}` : ''}`,
        value: round(run.repeats > 1 ? percentile(sorted, 0.5) : times[0]!),
        unit: 'ms',
        note:
          run.repeats > 1
            ? `${run.expect ? `made ${run.expect} each` : 'made 0 each'}; min ${Math.round(sorted[0]!)}, max ${Math.round(sorted.at(-1)!)} ms; the first: ${first}`
            : first,
      });
      if (run.expect)
        figures.push({
          metric: `generate (${label}): ${run.name}, instances per second`,
          value: Math.round(run.expect / (times[0]! / 1000)),
          unit: 'inst/s',
        });
    }
    const [totals] = (
      await rt.kernel.db.execute(
        `select (select count(*) from task_instances)::int as instances, (select count(*) from jobs)::int as jobs`,
      )
    ).rows;
    ctx.log(`${label}: ${JSON.stringify(totals)} in the database at the end`);
  } finally {
    await rt?.close();
    await db?.drop();
    if (!ctx.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    dropDir();
  }
  return figures;
}

/** A vocational school under the demo's district, a campus grid and `n` room grids below it. */
async function makeSchool(rt: RuntimeLike, n: number, now: Date): Promise<string> {
  const school = crypto.randomUUID();
  const campus = crypto.randomUUID();
  const at = `'${now.toISOString()}'::timestamptz`;
  const db = rt.kernel.db;
  await db.execute(
    `insert into orgs (id, parent_id, path, kind, school_type, name, code, sort, created_at, updated_at)
     select '${school}', p.id, p.path || '${school}/', 'school', 'vocational', '压测职业技术学院', 'BENCH-TASKS', 99, ${at}, ${at}
     from orgs p where p.code = 'DY-DYQ'`,
  );
  await db.execute(
    `insert into grids (id, org_id, school_id, kind, level, parent_id, path, code, name, created_at, updated_at)
     values ('${campus}', '${school}', '${school}', 'physical', 'campus', null, '/${campus}/', 'BT-CAMPUS', '压测校区', ${at}, ${at})`,
  );
  await db.execute(
    `insert into grids (id, org_id, school_id, kind, level, parent_id, path, code, name, created_at, updated_at)
     select x.id, '${school}', '${school}', 'physical', 'room', '${campus}', '/${campus}/' || x.id || '/',
            'BT-R' || lpad(x.g::text, 5, '0'),
            (x.g / 100 + 1) || '号楼' || (x.g % 100 / 20 + 1) || lpad((x.g % 20 + 1)::text, 2, '0') || '室',
            ${at}, ${at}
     from (select gen_random_uuid() as id, g from generate_series(0, ${n - 1}) g) x`,
  );
  return school;
}

async function overdueJobs(rt: RuntimeLike): Promise<number> {
  const [r] = (
    await rt.kernel.db.execute(`select count(*)::int as n from jobs where queue = 'tasks.overdue'`)
  ).rows;
  return Number(r?.n ?? 0);
}

function listFromEnv<T extends string>(name: string, all: readonly T[]): T[] {
  const value = process.env[name];
  if (!value) return [...all];
  const picked = value.split(',').map((s) => s.trim()) as T[];
  const unknown = picked.filter((p) => !all.includes(p));
  if (unknown.length)
    throw new Error(`${name}: unknown ${unknown.join(', ')} (choose from ${all.join(', ')})`);
  return picked;
}

function intFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive whole number, not "${value}"`);
  return n;
}
