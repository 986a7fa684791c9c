/**
 * requests: 接诉即办 at a district's scale.
 *
 * 1. Intake: 50 reporters (each its own session of the demo student) file requests as fast as the
 *    server answers, for BENCH_REQUESTS_SECONDS (default 30) after a 5 s warm-up: POST /api/requests
 *    with a place, rotating categories (routing, deadlines on the working calendar, duplicate check,
 *    notifications and clock jobs all run). Requests per second and latency percentiles.
 * 2. The three rates over 1,000,000 requests of the district (the demo's three schools, a year of
 *    requests in every state, inserted with SQL): GET /api/request-rates as the district's
 *    supervisor (all schools: per unit, per school, per month) and as the college's admin (per unit,
 *    one month); the first call and the median of 5.
 *
 * On PostgreSQL and on the embedded PGlite (BENCH_REQUESTS_DATABASES=postgres,pglite and
 * BENCH_REQUESTS_PARTS=intake,rates pick a subset; BENCH_REQUESTS_ROWS sets the row count).
 * The client runs in this process (50 keep-alive connections, one per reporter); the server in its own.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { registerCleanup } from './lib/cleanup.js';
import { defineBenchmark, PartialResultError, type BenchContext, type Figure } from './lib/harness.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import { runToCompletion, spawnGroup, stopGroup, type ProcessGroup } from './lib/process.js';
import { getJson, percentile, round, signIn, sortedOf, waitForHealth } from './lib/server.js';
import { freePort, sleep } from './lib/wait.js';

const HOST = '127.0.0.1';
const REPORTERS = 50;
const WARMUP_MS = 5_000;
const QUERY_REPEATS = 5;
const SERVER_START_TIMEOUT_MS = 4 * 60_000;
const CLI_TIMEOUT_MS = 10 * 60_000;

const PARTS = ['intake', 'rates'] as const;
const DATABASES = ['postgres', 'pglite'] as const;
type DatabaseKind = (typeof DATABASES)[number];
const DB_LABEL: Record<DatabaseKind, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

export default defineBenchmark({
  name: 'requests',
  description:
    'Requests (接诉即办): intake at 50 concurrent reporters, and the three rates over 1,000,000 requests of a district.',
  async run(ctx) {
    const parts = listFromEnv('BENCH_REQUESTS_PARTS', PARTS);
    const databases = listFromEnv('BENCH_REQUESTS_DATABASES', DATABASES);
    const b = new RequestsBench(ctx);
    try {
      for (const kind of databases) {
        if (parts.includes('intake')) await b.section(`intake (${DB_LABEL[kind]})`, () => b.intake(kind));
        if (parts.includes('rates')) await b.section(`rates (${DB_LABEL[kind]})`, () => b.rates(kind));
      }
    } finally {
      b.tearDown();
    }
    if (b.errors.length)
      throw new PartialResultError(`${b.errors.length} part(s) failed: ${b.errors.join('; ')}`, b.figures);
    return b.figures;
  },
});

interface Server {
  base: string;
  group: ProcessGroup;
  dataDir: string;
  db: ScratchDatabase | undefined;
}

class RequestsBench {
  readonly figures: Figure[] = [];
  readonly errors: string[] = [];
  private readonly repo: string;
  private readonly tsx: string;
  private readonly tmp: string;
  private readonly logs: string;
  private readonly dropTmp: () => void;
  private n = 0;

  constructor(private readonly ctx: BenchContext) {
    this.repo = ctx.repoRoot;
    this.tsx = path.join(this.repo, 'node_modules/.bin/tsx');
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-requests-'));
    this.logs = path.join(this.tmp, 'logs');
    fs.mkdirSync(this.logs);
    fs.mkdirSync(path.join(this.tmp, 'web'));
    this.dropTmp = ctx.keep
      ? () => {}
      : registerCleanup(() => fs.rmSync(this.tmp, { recursive: true, force: true }));
  }

  async section(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      this.ctx.log(`${name} failed: ${text}`);
      this.errors.push(name);
      this.figures.push({ metric: `${name}: failed`, value: NaN, unit: 'error', note: text.split('\n')[0] });
    }
  }

  /** Removes the temporary folder (PGlite data directories of up to ~1.9 GB), also after a failure. */
  tearDown(): void {
    if (this.ctx.keep) this.ctx.log(`kept ${this.tmp}`);
    else fs.rmSync(this.tmp, { recursive: true, force: true, maxRetries: 3 });
    this.dropTmp();
  }

  private env(set: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    const serverSettings =
      /^(ANXIAO_|DATABASE_URL$|NATS_URL$|MQTT_URL$|WEB_DIST_DIR$|PORT$|HOST$|DATA_DIR$|NODE_ENV$|LOG_LEVEL$|LOGIN_|ALARM_|EVENTS_|JOBS_|REQUESTS_)/;
    for (const [key, value] of Object.entries(process.env)) {
      if (/^npm_/i.test(key) || key === 'INIT_CWD' || serverSettings.test(key)) continue;
      env[key] = value;
    }
    return { ...env, ANXIAO_DEMO: 'true', LOG_LEVEL: 'warn', ...set };
  }

  /** A fresh server with the demo district on a new database (PostgreSQL: seeded with the CLI). */
  private async startServer(kind: DatabaseKind, reuse?: Server): Promise<Server> {
    const label = DB_LABEL[kind];
    const dataDir = reuse?.dataDir ?? path.join(this.tmp, `${kind}-${++this.n}`);
    let db = reuse?.db;
    const dbEnv: Record<string, string> = { DATA_DIR: dataDir };
    if (kind === 'postgres') {
      if (!db) {
        db = await createScratchDatabase(`anxiao_bench_${process.pid}_requests_${this.n}`);
        fs.mkdirSync(dataDir, { recursive: true });
      }
      Object.assign(dbEnv, { DATABASE_URL: db.url, ANXIAO_SECRET_KEY: 'b'.repeat(64) });
      if (!reuse) {
        this.ctx.log(`${label}: migrate and seed the demo`);
        await runToCompletion(
          this.tsx,
          [path.join(this.repo, 'apps/server/src/cli/index.ts'), 'seed', 'demo'],
          {
            cwd: this.repo,
            env: this.env(dbEnv),
            logFile: path.join(this.logs, `${kind}-seed-${this.n}.log`),
            timeoutMs: CLI_TIMEOUT_MS,
          },
        );
      }
    }
    const port = await freePort(HOST, 3790);
    const base = `http://${HOST}:${port}`;
    this.ctx.log(`${label}: starting the server on ${base}`);
    const group = spawnGroup(this.tsx, [path.join(this.repo, 'apps/server/src/main.ts')], {
      cwd: this.repo,
      env: this.env({
        ...dbEnv,
        PORT: String(port),
        HOST,
        WEB_DIST_DIR: path.join(this.tmp, 'web'),
        LOGIN_RATE_PER_MINUTE: '100000',
      }),
      logFile: path.join(this.logs, `${kind}-server-${this.n}.log`),
    });
    await waitForHealth(`${base}/api/health`, group, SERVER_START_TIMEOUT_MS);
    return { base, group, dataDir, db };
  }

  private async stop(s: Server, dropDb = true) {
    await stopGroup(s.group);
    if (!dropDb) return;
    await s.db?.drop();
    // The data directory (a PGlite database of a million requests) is not needed any more.
    if (!this.ctx.keep) fs.rmSync(s.dataDir, { recursive: true, force: true, maxRetries: 3 });
  }

  // ---- 1. intake ---------------------------------------------------------------------------------

  async intake(kind: DatabaseKind): Promise<void> {
    const label = DB_LABEL[kind];
    const seconds = intFromEnv('BENCH_REQUESTS_SECONDS', 30);
    const server = await this.startServer(kind);
    try {
      const { base } = server;
      const sessions: { cookie: string; csrf: string }[] = [];
      for (let i = 0; i < REPORTERS; i++) sessions.push(await signIn(base, 'student'));
      const cat = await getJson<{ categories: { id: string; code: string }[] }>(
        `${base}/api/request-catalogue`,
        sessions[0]!.cookie,
      );
      const places = await getJson<{ items: { id: string }[] }>(
        `${base}/api/request-places?q=${encodeURIComponent('S0')}`,
        sessions[0]!.cookie,
      );
      if (!places.items.length) throw new Error('no dormitory places to file at');
      const kinds = cat.categories.filter((c) => ['DORM', 'REPAIR', 'SAFETY', 'CANTEEN'].includes(c.code));
      const body = (i: number) => {
        const c = kinds[i % kinds.length]!;
        return JSON.stringify({
          idempotencyKey: `bench-${crypto.randomUUID()}`,
          categoryId: c.id,
          description: `压测诉求 ${i}：宿舍卫生间水龙头漏水，地面积水`,
          placeId: places.items[i % places.items.length]!.id,
          attributes: c.code === 'REPAIR' ? { ITEM: 'water' } : {},
          channel: 'phone',
        });
      };
      let measuring = false;
      let stop = false;
      const latencies: number[] = [];
      const failures = new Map<string, number>();
      let sent = 0;
      // Each reporter its own keep-alive connection, as each phone has: fetch's shared pool queues
      // a burst of new requests behind the connections that are already open, which no phone does.
      const agents = sessions.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
      const worker = async (w: number) => {
        const s = sessions[w]!;
        while (!stop) {
          const i = sent++;
          // Counted only if sent and answered inside the measured window (not a warm-up leftover).
          const counted = measuring;
          const t0 = performance.now();
          let status = 0;
          try {
            status = await post(agents[w]!, `${base}/api/requests`, body(i), {
              cookie: s.cookie,
              'x-csrf-token': s.csrf,
            });
          } catch (err) {
            failures.set(String(err), (failures.get(String(err)) ?? 0) + 1);
          }
          const ms = performance.now() - t0;
          if (!counted || !measuring) continue;
          if (status === 201) latencies.push(ms);
          else if (status) failures.set(`HTTP ${status}`, (failures.get(`HTTP ${status}`) ?? 0) + 1);
        }
      };
      this.ctx.log(`${label}: ${REPORTERS} reporters, ${WARMUP_MS / 1000} s warm-up then ${seconds} s`);
      const running = Array.from({ length: REPORTERS }, (_, w) => worker(w));
      await sleep(WARMUP_MS);
      measuring = true;
      const t0 = performance.now();
      await sleep(seconds * 1000);
      measuring = false;
      const elapsed = (performance.now() - t0) / 1000;
      stop = true;
      await Promise.all(running);
      for (const a of agents) a.destroy();
      const sorted = sortedOf(latencies);
      const failed = [...failures.values()].reduce((a, b) => a + b, 0);
      const note = `${REPORTERS} concurrent reporters, ${latencies.length} filed in ${elapsed.toFixed(1)} s`;
      this.figures.push(
        {
          metric: `intake (${label}): requests per second`,
          value: round(latencies.length / elapsed),
          unit: 'req/s',
          note,
        },
        { metric: `intake (${label}): p50`, value: round(percentile(sorted, 0.5)), unit: 'ms' },
        { metric: `intake (${label}): p99`, value: round(percentile(sorted, 0.99)), unit: 'ms' },
        { metric: `intake (${label}): max`, value: round(sorted.at(-1) ?? NaN), unit: 'ms' },
        {
          metric: `intake (${label}): failed`,
          value: failed,
          unit: 'requests',
          ...(failed ? { note: [...failures].map(([k, v]) => `${k} ×${v}`).join(', ') } : {}),
        },
      );
    } finally {
      await this.stop(server);
    }
  }

  // ---- 2. the three rates over a million requests ------------------------------------------------

  async rates(kind: DatabaseKind): Promise<void> {
    const label = DB_LABEL[kind];
    const rows = intFromEnv('BENCH_REQUESTS_ROWS', 1_000_000);
    let server = await this.startServer(kind);
    try {
      await this.stop(server, false);
      this.ctx.log(`${label}: inserting ${rows.toLocaleString('en')} requests`);
      const t0 = performance.now();
      if (kind === 'postgres') await fillPostgres(server.db!, rows);
      else await fillPglite(path.join(server.dataDir, 'db'), rows);
      this.figures.push({
        metric: `rates (${label}): insert ${rows.toLocaleString('en')} requests (set-up)`,
        value: round((performance.now() - t0) / 1000),
        unit: 's',
      });
      server = await this.startServer(kind, server);
      const { base } = server;
      const supervisor = await signIn(base, 'supervisor');
      const admin = await signIn(base, 'school.admin');
      const orgs = await getJson<{ items: { id: string; code: string }[] }>(`${base}/api/orgs`, admin.cookie);
      const college = orgs.items.find((o) => o.code === 'DYVTC')!.id;
      const queries: [string, { cookie: string }, string][] = [
        ['district, per unit, the year', supervisor, 'groupBy=unit'],
        ['district, per school, the year', supervisor, 'groupBy=school'],
        ['district, per month, the year', supervisor, 'groupBy=month'],
        [
          'college, per unit, one month',
          admin,
          `schoolId=${college}&groupBy=unit&from=2026-10-01&to=2026-10-31`,
        ],
      ];
      for (const [what, who, query] of queries) {
        const times: number[] = [];
        let received = 0;
        for (let i = 0; i < 1 + QUERY_REPEATS; i++) {
          const t = performance.now();
          const r = await getJson<{ total: { received: number } }>(
            `${base}/api/request-rates?${query}`,
            who.cookie,
          );
          times.push(performance.now() - t);
          received = r.total.received;
        }
        this.figures.push(
          {
            metric: `rates (${label}): ${what}, first call`,
            value: round(times[0]!),
            unit: 'ms',
            note: `${received.toLocaleString('en')} requests counted`,
          },
          {
            metric: `rates (${label}): ${what}, median of ${QUERY_REPEATS}`,
            value: round(percentile(sortedOf(times.slice(1)), 0.5)),
            unit: 'ms',
          },
        );
      }
    } finally {
      await this.stop(server);
    }
  }
}

/**
 * A year of requests (up to the seeded date) over the district's three schools: every school gets
 * the college's categories; each request lands on a department of its school, with deadlines,
 * response, reply and return visit spread like a real ledger (some late, some unsolved, 3% open).
 */
const FILL_SQL = (rows: number) => `
insert into request_categories (id, school_id, code, name, group_name, policy, updated_at)
select gen_random_uuid(), s.id, c.code, c.name, c.group_name, c.policy, now()
from orgs s cross join request_categories c
where s.kind = 'school' and s.code <> 'DYVTC' and c.school_id = (select id from orgs where code = 'DYVTC')
on conflict do nothing;

create temporary table bench_units as
select s.id as school_id, d.id as unit_id, row_number() over (partition by s.id order by d.code) - 1 as k,
       count(*) over (partition by s.id) as n
from orgs s join orgs d on d.path like s.path || '%' and d.kind in ('department', 'college')
where s.kind = 'school';
insert into bench_units
select s.id, s.id, 0, 1 from orgs s
where s.kind = 'school' and not exists (select 1 from bench_units u where u.school_id = s.id);

create temporary table bench_schools as
select id, row_number() over (order by code) - 1 as k, count(*) over () as n from orgs where kind = 'school';

create temporary table bench_cats as
select c.id, c.school_id, row_number() over (partition by c.school_id order by c.code) - 1 as k,
       count(*) over (partition by c.school_id) as n
from request_categories c;

insert into requests (id, no, school_id, org_id, category_id, description, channel, identity, track_hash,
  idempotency_key, status, close_kind, assigned_org_id, received_at, dispatched_at, respond_by, resolve_by,
  responded_at, replied_at, closed_at, visit, visited_at, updated_at)
select gen_random_uuid(), 'B' || lpad(g::text, 9, '0'), s.id, u.unit_id, c.id, '压测数据', 'phone', 'named',
  md5('bench' || g), 'bench-' || g,
  case when g % 33 = 0 then 'in_progress' else 'closed' end,
  case when g % 33 = 0 then null else 'solved' end,
  u.unit_id, t.at, t.at, t.at + interval '2 hours', t.at + interval '3 days',
  t.at + (case when g % 10 = 0 then interval '3 hours' else interval '1 hour' end),
  case when g % 33 = 0 then null else t.at + (case when g % 12 = 0 then interval '4 days' else interval '2 days' end) end,
  case when g % 33 = 0 then null else t.at + interval '3 days' end,
  case when g % 33 = 0 then null
       else jsonb_build_object('contacted', true, 'solved', g % 7 <> 0, 'satisfaction', 1 + (g % 5)) end,
  case when g % 33 = 0 then null else t.at + interval '3 days' end,
  t.at
from generate_series(1, ${rows}) g
join bench_schools s on s.k = g % s.n
join bench_units u on u.school_id = s.id and u.k = (g / 3) % u.n
join bench_cats c on c.school_id = s.id and c.k = (g / 7) % c.n
cross join lateral (select now() - ((g % 365) || ' days')::interval - ((g % 600) || ' minutes')::interval as at) t;
analyze requests;
`;

async function fillPostgres(db: ScratchDatabase, rows: number) {
  // One session: the temporary tables live only in the connection that made them.
  await db.query(FILL_SQL(rows));
}

async function fillPglite(dir: string, rows: number) {
  const pg = new PGlite(dir);
  await pg.waitReady;
  try {
    await pg.exec(FILL_SQL(rows));
  } finally {
    await pg.close();
  }
}

/** POST a JSON body on the given agent's connection; the answer's status (its body is read and dropped). */
function post(
  agent: http.Agent,
  url: string,
  body: string,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
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
