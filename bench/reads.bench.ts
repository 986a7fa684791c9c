/**
 * reads: the console's read path on PostgreSQL with a 20,000-student vocational college.
 *
 * A scratch database on BENCH_PG_URL's server (default postgres://postgres@127.0.0.1:5432/postgres),
 * migrated and seeded with the demo at BENCH_READS_STUDENTS students (default 20,000) in this process,
 * then served over HTTP on a local port (the runtime in this process, no background loops). Signed in
 * as the college's admin, each read is:
 *
 * 1. called once while every statement the server sends to PostgreSQL is recorded (node-postgres's
 *    Client.prototype.query is wrapped from outside; no server code is changed);
 * 2. fetched over HTTP BENCH_READS_RUNS times (default 30, after 3 warm-ups);
 * 3. the recorded statements (the session check included) replayed on one raw node-postgres
 *    connection the same number of times, one after the other.
 *
 * BENCH_READS_ONLY=students,grid picks reads whose name contains one of the words.
 *
 * Printed per read: p95 over HTTP, p95 of the same SQL run raw, and their ratio (target: p95 ≤ 1.5×
 * raw and under 200 ms). Statements the server runs in parallel (Promise.all) are replayed one after
 * the other, so "raw" can be more than the database time of the HTTP call.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { registerCleanup } from './lib/cleanup.js';
import { defineBenchmark, PartialResultError, type Figure } from './lib/harness.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import { getJson, percentile, round, signIn, sortedOf } from './lib/server.js';

const HOST = '127.0.0.1';
const SCHOOL = 'DYVTC';
const USERNAME = 'school.admin';
const WARM_UPS = 3;

// ---- the server's surface this benchmark uses (loaded at run time; see tasks.bench.ts) -----------

interface AppLike {
  listen(opts: { port: number; host: string }): Promise<string>;
}
interface RuntimeLike {
  kernel: unknown;
  app: AppLike;
  close(): Promise<void>;
}
interface ServerApi {
  loadAppConfig(env: Record<string, string | undefined>): unknown;
  createRuntime(opts: { config: unknown; log: unknown; migrate: boolean }): Promise<RuntimeLike>;
  createLogger(level: string): unknown;
  seedDemo(kernel: unknown, opts: { students: number }): Promise<unknown>;
}

async function loadServer(repo: string): Promise<ServerApi> {
  const load = (rel: string) => import(pathToFileURL(path.join(repo, 'apps/server/src', rel)).href);
  const [config, runtime, logger, seed] = await Promise.all([
    load('app/config.ts'),
    load('app/runtime.ts'),
    load('kernel/logger.ts'),
    load('demo/seed.ts'),
  ]);
  return {
    loadAppConfig: config.loadAppConfig,
    createRuntime: runtime.createRuntime,
    createLogger: logger.createLogger,
    seedDemo: seed.seedDemo,
  };
}

// ---- recording the statements ----------------------------------------------------------------------

interface Statement {
  text: string;
  values: unknown[];
}

/** Wraps pg.Client.prototype.query; while `on`, every statement (text and parameters) is kept. */
function statementRecorder() {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const recorder = { on: false, statements: [] as Statement[], restore: () => (proto.query = original) };
  proto.query = function (this: unknown, ...args: unknown[]) {
    if (recorder.on) {
      const [first, second] = args;
      if (typeof first === 'string')
        recorder.statements.push({ text: first, values: Array.isArray(second) ? second : [] });
      else if (first && typeof first === 'object' && 'text' in first) {
        const q = first as { text: string; values?: unknown[] };
        recorder.statements.push({ text: q.text, values: q.values ?? (Array.isArray(second) ? second : []) });
      }
    }
    return original.apply(this, args);
  };
  return recorder;
}

// ---- the benchmark ---------------------------------------------------------------------------------

interface Ids {
  schoolId: string;
  /** a building grid of the college (its floors are the children the tree reads when it is opened) */
  buildingGridId: string;
}

interface Read {
  name: string;
  url: (ids: Ids) => string;
  /** record the statements of the second call, not the first (the first fills a rollup) */
  warm?: boolean;
}

const READS: Read[] = [
  { name: 'students, page 1', url: () => '/api/students?page=1&pageSize=20' },
  { name: 'students, page 900', url: () => '/api/students?page=900&pageSize=20' },
  { name: 'requests list', url: () => '/api/requests' },
  { name: 'grids (GET /api/grids)', url: () => '/api/grids' },
  // The console's grid tree, read a part at a time (decision 0018).
  {
    name: 'grid tree: the top',
    url: ({ schoolId }) => `/api/grids?schoolId=${schoolId}&kind=physical&roots=true`,
  },
  {
    name: "grid tree: a building's children",
    url: ({ buildingGridId }) => `/api/grids?parentId=${buildingGridId}&kind=physical`,
  },
  {
    name: 'grid tree: a search',
    url: ({ schoolId }) =>
      `/api/grids?schoolId=${schoolId}&kind=physical&q=S03&withAncestors=true&page=1&pageSize=500`,
  },
  // The report is kept as a rollup (decision 0018): the first call computes and stores it, the
  // others read it back; refresh=true (重新检查) computes it every time, as every call did before.
  { name: 'coverage report', url: ({ schoolId }) => `/api/coverage?schoolId=${schoolId}`, warm: true },
  {
    name: 'coverage report computed (refresh=true)',
    url: ({ schoolId }) => `/api/coverage?schoolId=${schoolId}&refresh=true`,
  },
  { name: 'campus map', url: ({ schoolId }) => `/api/map?schoolId=${schoolId}` },
];

export default defineBenchmark({
  name: 'reads',
  description:
    'The read path on PostgreSQL with a 20,000-student seed: students (page 1, page 900), requests, grids, coverage, map; p95 over HTTP against the same SQL run raw.',
  async run(ctx) {
    const students = intFromEnv('BENCH_READS_STUDENTS', 20_000);
    const runs = intFromEnv('BENCH_READS_RUNS', 30);
    const server = await loadServer(ctx.repoRoot);
    const figures: Figure[] = [];
    const errors: string[] = [];
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-reads-'));
    const dropDir = ctx.keep
      ? () => ctx.log(`kept ${dataDir}`)
      : registerCleanup(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const recorder = statementRecorder();
    let db: ScratchDatabase | undefined;
    let rt: RuntimeLike | undefined;
    let raw: pg.Client | undefined;
    try {
      db = await createScratchDatabase(`anxiao_bench_${process.pid}_reads`);
      const webDir = path.join(dataDir, 'web');
      fs.mkdirSync(webDir);
      const env: Record<string, string> = {
        DATA_DIR: dataDir,
        DATABASE_URL: db.url,
        ANXIAO_SECRET_KEY: 'b'.repeat(64),
        ANXIAO_DEMO: 'true',
        LOG_LEVEL: 'warn',
        WEB_DIST_DIR: webDir,
      };
      rt = await server.createRuntime({
        config: server.loadAppConfig(env),
        log: server.createLogger('warn'),
        migrate: true,
      });
      ctx.log(`seed demo --scale ${students}`);
      const seedStart = performance.now();
      await server.seedDemo(rt.kernel, { students });
      figures.push({
        metric: `reads: seed demo (${students.toLocaleString('en')} students)`,
        value: round((performance.now() - seedStart) / 1000),
        unit: 's',
        note: 'in this process, migrations before it not counted',
      });
      const address = await rt.app.listen({ port: 0, host: HOST });
      const base = address.replace('localhost', HOST);
      const { cookie } = await signIn(base, USERNAME);
      const orgs = await getJson<{ items: { id: string; code: string }[] }>(`${base}/api/orgs`, cookie);
      const schoolId = orgs.items.find((o) => o.code === SCHOOL)?.id;
      if (!schoolId) throw new Error(`GET /api/orgs has no ${SCHOOL}`);
      const buildings = await getJson<{ items: { id: string; childCount: number }[] }>(
        `${base}/api/grids?schoolId=${schoolId}&level=building`,
        cookie,
      );
      const buildingGridId = buildings.items.sort((a, b) => b.childCount - a.childCount)[0]?.id;
      if (!buildingGridId) throw new Error('the college has no building grid');
      const ids: Ids = { schoolId, buildingGridId };
      raw = new pg.Client({ connectionString: db.url });
      await raw.connect();

      const only = (process.env.BENCH_READS_ONLY ?? '').toLowerCase().split(',').filter(Boolean);
      for (const read of READS.filter((r) => !only.length || only.some((o) => r.name.includes(o)))) {
        const url = `${base}${read.url(ids)}`;
        try {
          const fetchOnce = async () => {
            const start = performance.now();
            const res = await fetch(url, { headers: { cookie } });
            const body = await res.arrayBuffer();
            const ms = performance.now() - start;
            if (res.status !== 200)
              throw new Error(
                `${read.url(ids)} answered ${res.status}: ${Buffer.from(body).toString().slice(0, 200)}`,
              );
            return { ms, bytes: body.byteLength };
          };
          if (read.warm) await fetchOnce();
          recorder.statements = [];
          recorder.on = true;
          const first = await fetchOnce();
          recorder.on = false;
          const statements = recorder.statements;
          for (let i = 0; i < WARM_UPS; i++) await fetchOnce();
          const http: number[] = [];
          for (let i = 0; i < runs; i++) http.push((await fetchOnce()).ms);
          const client = raw;
          const replay = async () => {
            const start = performance.now();
            for (const s of statements) await client.query(s.text, s.values);
            return performance.now() - start;
          };
          for (let i = 0; i < WARM_UPS; i++) await replay();
          const sql: number[] = [];
          for (let i = 0; i < runs; i++) sql.push(await replay());
          const httpP95 = percentile(sortedOf(http), 0.95);
          const sqlP95 = percentile(sortedOf(sql), 0.95);
          const ratio = Math.round((httpP95 / sqlP95) * 100) / 100;
          ctx.log(`${read.name}: HTTP p95 ${round(httpP95)} ms, raw SQL p95 ${round(sqlP95)} ms, ×${ratio}`);
          figures.push(
            {
              metric: `${read.name}: p95 over HTTP`,
              value: round(httpP95),
              unit: 'ms',
              note: `${runs} runs; median ${round(percentile(sortedOf(http), 0.5))} ms; ${read.warm ? 'second' : 'first'} call ${round(first.ms)} ms; ${kib(first.bytes)} KiB; ${load()}`,
            },
            {
              metric: `${read.name}: p95 of the same SQL raw`,
              value: round(sqlP95),
              unit: 'ms',
              note: `${statements.length} statements replayed one after the other on one connection; median ${round(percentile(sortedOf(sql), 0.5))} ms`,
            },
            {
              metric: `${read.name}: HTTP p95 / raw p95`,
              value: ratio,
              unit: '×',
              note: `target ≤ 1.5× and under 200 ms: ${ratio <= 1.5 && httpP95 < 200 ? 'met' : 'not met'}`,
            },
          );
        } catch (err) {
          recorder.on = false;
          const text = err instanceof Error ? err.message : String(err);
          ctx.log(`${read.name} failed: ${text}`);
          errors.push(read.name);
          figures.push({
            metric: `${read.name}: failed`,
            value: NaN,
            unit: 'error',
            note: text.split('\n')[0],
          });
        }
      }
    } finally {
      recorder.restore();
      await raw?.end().catch(() => undefined);
      await rt?.close().catch(() => undefined);
      await db?.drop().catch((err: unknown) => ctx.log(`could not drop ${db?.name}: ${String(err)}`));
      if (!ctx.keep) fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 3 });
      dropDir();
    }
    if (errors.length) throw new PartialResultError(`failed: ${errors.join(', ')}`, figures);
    return figures;
  },
});

function intFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, not "${value}"`);
  return n;
}

function kib(bytes: number): number {
  return Math.round((bytes / 1024) * 10) / 10;
}

function load(): string {
  return `load ${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.availableParallelism()} cores`;
}
