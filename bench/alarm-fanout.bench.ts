/**
 * alarm-fanout: how long an alarm takes from the POST to every open console, against the floor of
 * a bare `ws` server broadcasting the same message to the same number of clients.
 *
 * For each N in BENCH_FANOUT_N (default 200,2000):
 * 1. N WebSocket consoles connect to the real server's /api/realtime, signed in with a handful of
 *    sessions of school.admin, guard, grid.center and police (文汇派出所, through its jurisdiction),
 *    several sockets per session as the screens of a security room would; each waits for `ready`.
 *    N more connect to the floor server.
 * 2. Warm-up: a few alarms and floor triggers, unmeasured; the first real incident.raised message
 *    received becomes the floor's payload (same bytes; only the incident id differs per trigger).
 * 3. Real: BENCH_FANOUT_ALARMS (default 30) manual drill alarms, POST /api/alarms as school.admin,
 *    sent open-loop at BENCH_FANOUT_RATE per second (default 2); latency = from just before each
 *    POST is sent until each console has the incident.raised event with that incident's id.
 * 4. Floor: as many triggers at the same rate; POST /trigger to the floor server, which sends the
 *    message to each of its clients (ws.send of one string, nothing else); latency likewise.
 *    Real and floor take turns in blocks of BENCH_FANOUT_BLOCK (default 5) shots, each block
 *    drained before the next, so that whatever else the machine does falls on both alike and the
 *    two servers are never busy at the same time.
 * Reported per N: p50, p99 and max over every (alarm, console) delivery, for both; the ratio of the
 * p99s (target: ≤ 2 at 2,000 consoles); receipts missing or doubled.
 * 5. Reconnect storm (BENCH_FANOUT_RECONNECT, default drop,restart): with the N consoles open,
 *    - drop: every socket is cut at once (as when a balancer or a network drops them all), or
 *    - restart: the server is stopped (SIGTERM) and started again on the same database;
 *    each console then reconnects as the console's RealtimeClient does (first try after 1 s ± 20 %,
 *    doubling after each failure up to 4 s ± 20 %, 30 s before decision 0016; ?after=<the last seq
 *    it had>). Reported: time from
 *    the cut (or the SIGTERM) until each console has `ready` again, p50/p99/max, and for restart also
 *    from the moment the new server answers its health check; failed attempts.
 *
 * Processes (the machine may have 2 cores): the real server, the floor server and the clients run
 * in separate processes; all clients in one process by default (BENCH_FANOUT_CLIENT_PROCS=k
 * spreads them over k). The harness process sends the POSTs. Every timestamp is CLOCK_MONOTONIC
 * (process.hrtime), which all processes on one machine share.
 *
 * Settings: BENCH_FANOUT_N, BENCH_FANOUT_ALARMS, BENCH_FANOUT_RATE, BENCH_FANOUT_BLOCK,
 * BENCH_FANOUT_CLIENT_PROCS, BENCH_FANOUT_PROFILE=1 (a CPU profile of the server, kept),
 * BENCH_FANOUT_SESSIONS (sessions per console account, default 2; the consoles share them round-robin),
 * BENCH_FANOUT_RECONNECT (drop,restart; `none` skips the storm), and
 * BENCH_FANOUT_DATABASES=pglite,postgres (default pglite: the embedded default; postgres needs
 * BENCH_PG_URL's server, default postgres://postgres@127.0.0.1:5432/postgres). Escalation is set to
 * its longest interval (an hour) so that no escalation fan-out lands inside a measurement.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket, { WebSocketServer } from 'ws';
import { registerCleanup } from './lib/cleanup.js';
import { defineBenchmark, PartialResultError, type BenchContext, type Figure } from './lib/harness.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import {
  describeExit,
  groupMembers,
  logTail,
  runToCompletion,
  signalGroup,
  spawnGroup,
  stopGroup,
  type ExitInfo,
  type ProcessGroup,
} from './lib/process.js';
import { getJson, percentile, round, signIn, sortedOf, waitForHealth } from './lib/server.js';
import { freePort, pollUntil, sleep } from './lib/wait.js';

const HOST = '127.0.0.1';
const SCHOOL = 'DYVTC';
/** Who raises the alarms. */
const POSTER = 'school.admin';
/** Whose consoles are open; each may read the school's alarms (police through its jurisdiction). */
const CONSOLE_ACCOUNTS = ['school.admin', 'guard', 'grid.center', 'police'];
const SESSIONS_PER_ACCOUNT = 2;
/** The console's reconnect schedule (apps/admin/src/realtime/RealtimeClient.ts). */
const RECONNECT_MIN_MS = 1_000;
const RECONNECT_MAX_MS = 4_000;
const STORM_TIMEOUT_MS = 3 * 60_000;

const WARMUP = 3;
const CONNECT_CONCURRENCY = 50;
const CONNECT_TIMEOUT_MS = 30_000;
const RECEIPT_TIMEOUT_MS = 20_000;
const SERVER_START_TIMEOUT_MS = 5 * 60_000;
const CLI_TIMEOUT_MS = 10 * 60_000;

/** Marks in a message's bytes (hub.ts sends {type:'event', event:{id, seq, type, payload:{id,…},…}}). */
const RAISED_MARK = Buffer.from('"type":"incident.raised"');
const PAYLOAD_ID_MARK = Buffer.from('"payload":{"id":"');
const READY_MARK = Buffer.from('"type":"ready"');
const UUID_LENGTH = 36;

const DATABASES = ['pglite', 'postgres'] as const;
type DatabaseKind = (typeof DATABASES)[number];
const DB_LABEL: Record<DatabaseKind, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };
type Kind = 'real' | 'floor';

const thisFile = fileURLToPath(import.meta.url);

/** Milliseconds on CLOCK_MONOTONIC: one clock for every process on the machine. */
function now(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}

// ---- the benchmark (harness process) ---------------------------------------------------------

export default defineBenchmark({
  name: 'alarm-fanout',
  description:
    'Alarm fan-out: POST /api/alarms → incident.raised at each of N WebSocket consoles (p50/p99/max), ' +
    'against a bare ws server broadcasting the same message to N clients (the floor).',
  async run(ctx) {
    const settings = {
      counts: intListFromEnv('BENCH_FANOUT_N', [200, 2000]),
      alarms: intFromEnv('BENCH_FANOUT_ALARMS', 30),
      rate: numberFromEnv('BENCH_FANOUT_RATE', 2),
      block: intFromEnv('BENCH_FANOUT_BLOCK', 5),
      clientProcs: intFromEnv('BENCH_FANOUT_CLIENT_PROCS', 1),
      databases: listFromEnv('BENCH_FANOUT_DATABASES', DATABASES, ['pglite']),
      sessions: intFromEnv('BENCH_FANOUT_SESSIONS', SESSIONS_PER_ACCOUNT),
      storms:
        process.env.BENCH_FANOUT_RECONNECT === 'none'
          ? []
          : listFromEnv('BENCH_FANOUT_RECONNECT', STORMS, ['drop', 'restart']),
    };
    const b = new FanoutBench(ctx, settings);
    try {
      await b.setUp();
      for (const kind of settings.databases) {
        await b.section(DB_LABEL[kind], async () => {
          const server = await b.startServer(kind);
          try {
            for (const n of settings.counts)
              await b.section(`${DB_LABEL[kind]}, ${n} consoles`, () => b.measure(server, n));
          } finally {
            await b.stopServer(server);
          }
        });
      }
    } catch (err) {
      b.failed('setup', err);
    } finally {
      await b.tearDown();
    }
    if (b.errors.length)
      throw new PartialResultError(`${b.errors.length} part(s) failed: ${b.errors.join('; ')}`, b.figures);
    return b.figures;
  },
});

interface Settings {
  counts: number[];
  alarms: number;
  rate: number;
  block: number;
  clientProcs: number;
  databases: DatabaseKind[];
  sessions: number;
  storms: Storm[];
}

const STORMS = ['drop', 'restart'] as const;
type Storm = (typeof STORMS)[number];

interface RealServer {
  kind: DatabaseKind;
  label: string;
  base: string;
  group: ProcessGroup;
  /** Stop the server (SIGTERM) and start it again on the same data; resolves when it is healthy. */
  restart(): Promise<void>;
  schoolId: string;
  poster: { cookie: string; csrf: string };
  /** Cookies of the console sessions, used round-robin. */
  consoleCookies: string[];
  release(): Promise<void>;
}

/** One fired alarm or trigger: when it was sent, and its incident id. */
interface Shot {
  id: string;
  sentAt: number;
  answeredMs: number;
}

interface PhaseResult {
  kind: Kind;
  shots: Shot[];
  /** every (alarm, console) latency, ms, sorted */
  latencies: number[];
  /** per alarm, the latency of its last console, ms, sorted */
  lastConsole: number[];
  /** per alarm id, its consoles' latencies in the order they arrived */
  byShot: Map<string, number[]>;
  expected: number;
  missing: number;
  duplicates: number;
}

class FanoutBench {
  readonly figures: Figure[] = [];
  readonly errors: string[] = [];
  private readonly repo: string;
  private readonly tsx: string;
  private readonly tmp: string;
  private readonly logs: string;
  private readonly childTmp: string;
  private readonly dropTmp: () => void;
  private readonly keep: boolean;
  private floor: { group: ProcessGroup; base: string; wsUrl: string } | undefined;
  private clients: ClientProc[] = [];
  private sample: string | undefined;

  constructor(
    private readonly ctx: BenchContext,
    private readonly settings: Settings,
  ) {
    this.repo = ctx.repoRoot;
    this.tsx = path.join(this.repo, 'node_modules/.bin/tsx');
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-fanout-'));
    this.keep = ctx.keep || process.env.BENCH_FANOUT_PROFILE === '1';
    this.dropTmp = this.keep ? () => {} : registerCleanup(() => removeDir(this.tmp));
    this.logs = path.join(this.tmp, 'logs');
    this.childTmp = path.join(this.tmp, 'tmp');
    fs.mkdirSync(this.logs);
    fs.mkdirSync(this.childTmp);
    fs.mkdirSync(path.join(this.tmp, 'web'));
  }

  async setUp(): Promise<void> {
    const maxN = Math.max(...this.settings.counts);
    const limit = openFileLimit();
    // The client process holds 2N sockets, each server N.
    if (limit !== undefined && limit < 2 * maxN + 200)
      throw new Error(
        `the open-file limit is ${limit}; ${2 * maxN} client sockets need more (raise it with ulimit -n)`,
      );
    this.ctx.log(
      `open-file limit ${limit ?? 'unknown'}; ${os.availableParallelism()} cores; clients in ${this.settings.clientProcs} process(es)`,
    );

    const port = await freePort(HOST, 3790);
    const base = `http://${HOST}:${port}`;
    this.ctx.log(`starting the floor server (bare ws) on ${base}`);
    const group = spawnGroup(process.execPath, ['--import', 'tsx', thisFile, 'floor', String(port)], {
      cwd: this.repo,
      env: this.env({}),
      logFile: path.join(this.logs, 'floor.log'),
    });
    this.floor = { group, base, wsUrl: `ws://${HOST}:${port}/floor` };
    await waitForHealth(`${base}/health`, group, 60_000);

    for (let i = 0; i < this.settings.clientProcs; i++)
      this.clients.push(
        await startClientProc(this.repo, this.env({}), path.join(this.logs, `clients-${i}.log`)),
      );
  }

  async tearDown(): Promise<void> {
    for (const c of this.clients.splice(0)) {
      try {
        await c.stop();
      } catch (err) {
        this.ctx.log(`could not stop a client process: ${message(err)}`);
      }
    }
    if (this.floor) {
      await stopGroup(this.floor.group).catch((err: unknown) =>
        this.ctx.log(`could not stop the floor server: ${message(err)}`),
      );
      this.floor = undefined;
    }
    if (this.keep) this.ctx.log(`kept ${this.tmp}`);
    else removeDir(this.tmp);
    this.dropTmp();
  }

  async section(name: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.failed(name, err);
    }
  }

  failed(name: string, err: unknown): void {
    const text = message(err);
    this.ctx.log(`${name} FAILED: ${text}`);
    this.errors.push(`${name}: ${text.split('\n')[0]}`);
    this.figures.push({
      metric: `${name}: ERROR`,
      value: NaN,
      unit: 'error',
      note: `${text.split('\n')[0]}${this.keep ? ` (logs in ${this.logs})` : ''}`,
    });
  }

  // ---- the real server -------------------------------------------------------------------------

  async startServer(kind: DatabaseKind): Promise<RealServer> {
    const label = DB_LABEL[kind];
    const dataDir = path.join(this.tmp, `${kind}-data`);
    fs.mkdirSync(dataDir);
    let db: ScratchDatabase | undefined;
    const dbEnv: Record<string, string> = { DATA_DIR: dataDir };
    if (kind === 'postgres') {
      db = await createScratchDatabase(`anxiao_bench_${process.pid}_fanout`);
      Object.assign(dbEnv, {
        DATABASE_URL: db.url,
        ANXIAO_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      });
      // The server migrates and seeds by itself only on the embedded database.
      this.ctx.log(`${label}: seed demo`);
      await runToCompletion(
        this.tsx,
        [path.join(this.repo, 'apps/server/src/cli/index.ts'), 'seed', 'demo'],
        {
          cwd: this.repo,
          env: this.env(dbEnv),
          logFile: path.join(this.logs, `${kind}-seed.log`),
          timeoutMs: CLI_TIMEOUT_MS,
        },
      );
    }
    const release = async () => {
      await db?.drop();
    };

    const port = await freePort(HOST, 3780);
    const base = `http://${HOST}:${port}`;
    this.ctx.log(`${label}: starting the server on ${base}`);
    // BENCH_FANOUT_PROFILE=1: a V8 CPU profile of the server, written when it stops.
    const profileDir = path.join(this.logs, `${kind}-server-profile`);
    const profile =
      process.env.BENCH_FANOUT_PROFILE === '1' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const spawnServer = () =>
      spawnGroup(this.tsx, [...profile, path.join(this.repo, 'apps/server/src/main.ts')], {
        cwd: this.repo,
        env: this.env({
          ...dbEnv,
          PORT: String(port),
          HOST,
          WEB_DIST_DIR: path.join(this.tmp, 'web'),
          // A handful of sign-ins only, but never the reason for a failed run.
          LOGIN_RATE_PER_MINUTE: '100000',
          // No escalation (and its incident.updated fan-out) during the run.
          ALARM_ESCALATION_SECONDS: '3600',
        }),
        logFile: path.join(this.logs, `${kind}-server.log`),
      });
    const group = spawnServer();
    try {
      await waitForHealth(`${base}/api/health`, group, SERVER_START_TIMEOUT_MS);
      const poster = await signIn(base, POSTER);
      const orgs = await getJson<{ items: { id: string; code: string }[] }>(
        `${base}/api/orgs`,
        poster.cookie,
      );
      const school = orgs.items.find((o) => o.code === SCHOOL);
      if (!school) throw new Error(`GET /api/orgs has no ${SCHOOL}`);
      const consoleCookies: string[] = [];
      for (let i = 0; i < this.settings.sessions; i++)
        for (const account of CONSOLE_ACCOUNTS) consoleCookies.push((await signIn(base, account)).cookie);
      const server: RealServer = {
        kind,
        label,
        base,
        group,
        schoolId: school.id,
        poster,
        consoleCookies,
        release,
        restart: async () => {
          await stopGroup(server.group);
          server.group = spawnServer();
          await waitForHealth(`${base}/api/health`, server.group, SERVER_START_TIMEOUT_MS);
        },
      };
      return server;
    } catch (err) {
      await stopGroup(group);
      await release();
      throw err;
    }
  }

  async stopServer(server: RealServer): Promise<void> {
    this.ctx.log(`${server.label}: stopping the server`);
    await stopGroup(server.group);
    await server.release();
  }

  // ---- one N ------------------------------------------------------------------------------------

  async measure(server: RealServer, n: number): Promise<void> {
    const floor = this.floor!;
    const { alarms, rate } = this.settings;
    const label = `${server.label}, ${n.toLocaleString('en')} consoles`;
    const realOrigin = server.base;
    try {
      this.ctx.log(`${label}: connecting ${n} consoles to /api/realtime and ${n} clients to the floor`);
      const realConnect = await this.connect('real', {
        url: `${server.base.replace(/^http/, 'ws')}/api/realtime`,
        origin: realOrigin,
        cookies: server.consoleCookies,
        count: n,
      });
      const floorConnect = await this.connect('floor', {
        url: floor.wsUrl,
        origin: floor.base,
        cookies: [],
        count: n,
      });
      this.ctx.log(
        `${label}: connected in ${(realConnect / 1000).toFixed(1)} s (real) and ${(floorConnect / 1000).toFixed(1)} s (floor); warming up`,
      );

      // Warm-up: JIT, connection pools, and the exact message the consoles receive.
      for (let i = 0; i < WARMUP; i++) {
        const shot = await this.fireReal(server, `w${i}`);
        await this.awaitReceipts('real', [shot.id], n);
      }
      this.sample ??= await this.sampleMessage();
      for (let i = 0; i < WARMUP; i++) {
        const shot = await this.fireFloor();
        await this.awaitReceipts('floor', [shot.id], n);
      }
      await this.callAll({ cmd: 'reset' });

      const block = Math.min(this.settings.block, alarms);
      this.ctx.log(
        `${label}: ${alarms} alarms and ${alarms} floor triggers at ${rate}/s, in alternating blocks of ${block}`,
      );
      const shots: Record<Kind, Shot[]> = { real: [], floor: [] };
      let lateMs = 0;
      for (let done = 0; done < alarms; done += block) {
        const k = Math.min(block, alarms - done);
        for (const kind of ['real', 'floor'] as const) {
          const fire =
            kind === 'real' ? (i: number) => this.fireReal(server, `m${done + i}`) : () => this.fireFloor();
          const burst = await this.burst(kind, n, k, fire);
          shots[kind].push(...burst.shots);
          lateMs = Math.max(lateMs, burst.lateMs);
        }
      }
      const real = await this.collect('real', n, shots.real);
      const bare = await this.collect('floor', n, shots.floor);
      this.report(label, n, real, bare, server, lateMs);
      if (this.keep) this.keepRaw(`${server.kind}-${n}`, [real, bare]);
      for (const storm of this.settings.storms) await this.storm(server, n, storm, label);
    } finally {
      await this.callAll({ cmd: 'close' });
      await this.callAll({ cmd: 'reset' });
    }
  }

  /**
   * Every console loses its socket at once (cut, or the server restarted) and reconnects on the
   * console's schedule; how long until each has `ready` again.
   */
  private async storm(server: RealServer, n: number, storm: Storm, label: string): Promise<void> {
    this.ctx.log(`${label}: reconnect storm (${storm})`);
    const spec = {
      url: `${server.base.replace(/^http/, 'ws')}/api/realtime`,
      origin: server.base,
      cookies: server.consoleCookies,
    };
    await this.callAll({ cmd: 'arm', ...spec });
    const t0 = now();
    let healthyMs: number | undefined;
    if (storm === 'drop') await this.callAll({ cmd: 'drop' });
    else {
      await server.restart();
      healthyMs = now() - t0;
    }
    let stats: StormStats[] = [];
    await pollUntil(
      async () => {
        stats = await Promise.all(this.clients.map((c) => c.call<StormStats>({ cmd: 'storm' })));
        return stats.reduce((a, s) => a + s.ready.length, 0) >= n;
      },
      {
        what: `${n} consoles ready again`,
        timeoutMs: STORM_TIMEOUT_MS,
        intervalMs: 100,
        failIf: () =>
          this.clients.map((c) => c.dead()).find(Boolean) ??
          (server.group.exit ? `the server exited (${describeExit(server.group.exit)})` : undefined),
      },
    );
    const ready = sortedOf(stats.flatMap((s) => s.ready.map((t) => t - t0)));
    const failures = stats.reduce((a, s) => a + s.failures, 0);
    const handshake = sortedOf(stats.flatMap((s) => s.handshake));
    const push = (metric: string, value: number, unit: string, note?: string) =>
      this.figures.push({
        metric: `${label}: reconnect (${storm}) ${metric}`,
        value,
        unit,
        ...(note ? { note } : {}),
      });
    const what =
      storm === 'drop'
        ? 'every socket cut at once, server up'
        : `server stopped and started again (healthy after ${round(healthyMs ?? NaN)} ms)`;
    push(
      'p50',
      round(percentile(ready, 0.5)),
      'ms',
      `${what}; from the cut until a console has ready again, on the console's schedule (first try after 1 s ± 20 %, doubling)`,
    );
    push('p99', round(percentile(ready, 0.99)), 'ms');
    push(
      'max (all ready)',
      round(ready.at(-1) ?? NaN),
      'ms',
      `${failures} failed attempts; successful attempt open → ready: p50 ${round(percentile(handshake, 0.5))}, p99 ${round(percentile(handshake, 0.99))}, max ${round(handshake.at(-1) ?? NaN)} ms; ${server.consoleCookies.length} sessions; ${load()}`,
    );
    if (healthyMs !== undefined)
      push(
        'all ready after healthy',
        round((ready.at(-1) ?? NaN) - healthyMs),
        'ms',
        'from the new server answering /api/health until the last console is ready',
      );
    this.ctx.log(
      `${label}: reconnect (${storm}) p50/p99/max ${round(percentile(ready, 0.5))}/${round(percentile(ready, 0.99))}/${round(ready.at(-1) ?? NaN)} ms; open→ready p99 ${round(percentile(handshake, 0.99))} ms; ${failures} failed attempts${healthyMs === undefined ? '' : `; healthy after ${round(healthyMs)} ms`}`,
    );
  }

  /**
   * `count` shots sent open-loop at the rate (each goes out on time whether or not the one before
   * was answered), then a wait until every console has them all, then one period of quiet.
   */
  private async burst(
    kind: Kind,
    n: number,
    count: number,
    fire: (i: number) => Promise<Shot>,
  ): Promise<{ shots: Shot[]; lateMs: number }> {
    const period = 1000 / this.settings.rate;
    const start = now() + 10;
    let lateMs = 0;
    const pending: Promise<Shot>[] = [];
    for (let i = 0; i < count; i++) {
      const due = start + i * period;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      lateMs = Math.max(lateMs, now() - due);
      pending.push(fire(i));
    }
    const shots = await Promise.all(pending);
    // Missing receipts are counted in collect(), not thrown here.
    await this.awaitReceipts(
      kind,
      shots.map((s) => s.id),
      n,
    ).catch(() => undefined);
    const quiet = start + count * period - now();
    if (quiet > 0) await sleep(quiet);
    return { shots, lateMs };
  }

  private async collect(kind: Kind, n: number, shots: Shot[]): Promise<PhaseResult> {
    const receipts = await this.receipts(
      kind,
      shots.map((s) => s.id),
    );
    const latencies: number[] = [];
    const lastConsole: number[] = [];
    const byShot = new Map<string, number[]>();
    let received = 0;
    let duplicates = 0;
    for (const shot of shots) {
      const r = receipts.get(shot.id) ?? { times: [], sockets: 0 };
      received += r.sockets;
      duplicates += r.times.length - r.sockets;
      const ms = r.times.map((t) => t - shot.sentAt);
      byShot.set(shot.id, ms);
      latencies.push(...ms);
      if (ms.length) lastConsole.push(Math.max(...ms));
    }
    latencies.sort((a, b) => a - b);
    lastConsole.sort((a, b) => a - b);
    const expected = n * shots.length;
    return {
      kind,
      shots,
      latencies,
      lastConsole,
      byShot,
      expected,
      missing: expected - received,
      duplicates,
    };
  }

  private report(
    label: string,
    n: number,
    real: PhaseResult,
    bare: PhaseResult,
    server: RealServer,
    lateMs: number,
  ): void {
    const { alarms, rate, block } = this.settings;
    const rss = Math.max(
      0,
      ...groupMembers(server.group.pid)
        .filter((p) => p.argv.some((a) => a.endsWith('src/main.ts')))
        .map((p) => p.rssKiB),
    );
    const where =
      `clients in ${this.settings.clientProcs} process(es) of their own, each server in one; ` +
      `server RSS ${Math.round(rss / 1024)} MiB with ${n} consoles open; ` +
      `sender at most ${round(lateMs)} ms behind its schedule; ${load()}`;
    const answered = (p: PhaseResult) => sortedOf(p.shots.map((s) => s.answeredMs));
    const describe = (p: PhaseResult, what: string, post: string) =>
      `${p.latencies.length} deliveries (${alarms} ${what} × ${n} consoles at ${rate}/s, in blocks of ${Math.min(block, alarms)} alternating with the other side); ` +
      `${post} answered in p50 ${round(percentile(answered(p), 0.5))}, max ${round(answered(p).at(-1) ?? NaN)} ms; ` +
      `last console of an alarm: p50 ${round(percentile(p.lastConsole, 0.5))}, max ${round(p.lastConsole.at(-1) ?? NaN)} ms`;
    const push = (metric: string, value: number, unit: string, note?: string) =>
      this.figures.push({ metric: `${label}: ${metric}`, value, unit, ...(note ? { note } : {}) });

    const stats = (p: PhaseResult) => ({
      p50: percentile(p.latencies, 0.5),
      p99: percentile(p.latencies, 0.99),
      max: p.latencies.at(-1) ?? NaN,
    });
    const r = stats(real);
    const f = stats(bare);
    push(
      'real p50',
      round(r.p50),
      'ms',
      `POST /api/alarms → incident.raised at a console; ${describe(real, 'alarms', 'POST /api/alarms')}`,
    );
    push('real p99', round(r.p99), 'ms');
    push('real max', round(r.max), 'ms', where);
    push(
      'floor p50',
      round(f.p50),
      'ms',
      `bare ws server, same message (${this.sample?.length ?? '?'} bytes) to ${n} clients; ${describe(bare, 'triggers', 'POST /trigger')}`,
    );
    push('floor p99', round(f.p99), 'ms');
    push('floor max', round(f.max), 'ms');
    const ratio = r.p99 / f.p99;
    const target =
      n >= 2000
        ? `target ≤ 2 at 2,000 consoles: ${ratio <= 2 ? 'met' : 'MISSED'}`
        : 'target (≤ 2) applies at 2,000';
    push(
      'p99 ratio real / floor',
      Math.round(ratio * 100) / 100,
      '×',
      `${target}; p50 ratio ${Math.round((r.p50 / f.p50) * 100) / 100}`,
    );
    push(
      'missing receipts (real)',
      real.missing,
      'receipts',
      `of ${real.expected}; floor missing ${bare.missing} of ${bare.expected}; duplicates real ${real.duplicates}, floor ${bare.duplicates}; consoles signed in as ${CONSOLE_ACCOUNTS.join(', ')} (${server.consoleCookies.length} sessions)`,
    );
    this.ctx.log(
      `${label}: real p50/p99/max ${round(r.p50)}/${round(r.p99)}/${round(r.max)} ms, floor ${round(f.p50)}/${round(f.p99)}/${round(f.max)} ms, p99 ratio ${ratio.toFixed(2)}; missing ${real.missing}/${bare.missing}`,
    );
  }

  /** BENCH_KEEP=1: each alarm's send time and its consoles' latencies, for a closer look. */
  private keepRaw(name: string, phases: PhaseResult[]): void {
    const file = path.join(this.tmp, `raw-${name}.json`);
    const data = phases.map((p) => ({
      kind: p.kind,
      shots: p.shots.map((s) => ({ ...s, latencies: p.byShot.get(s.id) ?? [] })),
    }));
    fs.writeFileSync(file, JSON.stringify(data));
    this.ctx.log(`raw latencies in ${file}`);
  }

  // ---- firing -----------------------------------------------------------------------------------

  private async fireReal(server: RealServer, tag: string): Promise<Shot> {
    const body = JSON.stringify({
      schoolId: server.schoolId,
      idempotencyKey: `bench-fanout-${process.pid}-${tag}-${crypto.randomUUID()}`,
      alarmClass: 'police',
      mode: 'drill',
    });
    const headers = {
      'content-type': 'application/json',
      cookie: server.poster.cookie,
      'x-csrf-token': server.poster.csrf,
    };
    const sentAt = now();
    const res = await fetch(`${server.base}/api/alarms`, { method: 'POST', headers, body });
    const text = await res.text();
    const answeredMs = now() - sentAt;
    if (res.status !== 201) throw new Error(`POST /api/alarms answered ${res.status}: ${text.slice(0, 300)}`);
    return { id: (JSON.parse(text) as { id: string }).id, sentAt, answeredMs };
  }

  private async fireFloor(): Promise<Shot> {
    const floor = this.floor!;
    const id = crypto.randomUUID();
    const body = floorMessage(this.sample!, id);
    const sentAt = now();
    const res = await fetch(`${floor.base}/trigger`, { method: 'POST', body });
    await res.arrayBuffer();
    const answeredMs = now() - sentAt;
    if (res.status !== 204) throw new Error(`the floor's POST /trigger answered ${res.status}`);
    return { id, sentAt, answeredMs };
  }

  // ---- the client processes ---------------------------------------------------------------------

  /** Opens `count` sockets spread over the client processes; returns the ms it took. */
  private async connect(
    kind: Kind,
    spec: { url: string; origin: string; cookies: string[]; count: number },
  ): Promise<number> {
    const start = now();
    const k = this.clients.length;
    await Promise.all(
      this.clients.map((c, i) => {
        const from = Math.floor((spec.count * i) / k);
        const to = Math.floor((spec.count * (i + 1)) / k);
        return c.call({
          cmd: 'connect',
          kind,
          url: spec.url,
          origin: spec.origin,
          cookies: spec.cookies,
          from,
          to,
        });
      }),
    );
    return now() - start;
  }

  private async awaitReceipts(kind: Kind, ids: string[], n: number): Promise<void> {
    const want = ids.length * n;
    let got = 0;
    try {
      await pollUntil(
        async () => {
          const counts = await Promise.all(
            this.clients.map((c) => c.call<number>({ cmd: 'count', kind, ids })),
          );
          got = counts.reduce((a, b) => a + b, 0);
          return got >= want;
        },
        {
          what: `${want} ${kind} receipts`,
          timeoutMs: RECEIPT_TIMEOUT_MS,
          intervalMs: 50,
          failIf: () => this.clients.map((c) => c.dead()).find(Boolean),
        },
      );
    } catch (err) {
      throw new Error(`${message(err)} (${got} arrived)`, { cause: err });
    }
  }

  private async receipts(
    kind: Kind,
    ids: string[],
  ): Promise<Map<string, { times: number[]; sockets: number }>> {
    const merged = new Map<string, { times: number[]; sockets: number }>();
    for (const c of this.clients) {
      const part = await c.call<Record<string, { times: number[]; sockets: number }>>({
        cmd: 'receipts',
        kind,
        ids,
      });
      for (const [id, r] of Object.entries(part)) {
        const m = merged.get(id) ?? { times: [], sockets: 0 };
        m.times.push(...r.times);
        m.sockets += r.sockets;
        merged.set(id, m);
      }
    }
    return merged;
  }

  private async sampleMessage(): Promise<string> {
    const text = await this.clients[0]!.call<string | null>({ cmd: 'sample' });
    if (!text) throw new Error('no incident.raised message was kept for the floor payload');
    return text;
  }

  private async callAll(req: ClientRequest): Promise<void> {
    await Promise.all(this.clients.map((c) => c.call(req)));
  }

  /** The environment of the children: ours without npm's settings or any server settings. */
  private env(set: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    const serverSettings =
      /^(ANXIAO_|DATABASE_URL$|NATS_URL$|MQTT_URL$|WEB_DIST_DIR$|PORT$|HOST$|DATA_DIR$|NODE_ENV$|LOG_LEVEL$|LOGIN_|ALARM_|EVENTS_|JOBS_)/;
    for (const [key, value] of Object.entries(process.env)) {
      if (/^npm_/i.test(key) || key === 'INIT_CWD' || serverSettings.test(key)) continue;
      env[key] = value;
    }
    return { ...env, TMPDIR: this.childTmp, ANXIAO_DEMO: 'true', LOG_LEVEL: 'warn', ...set };
  }
}

// ---- harness-side handle on a client process --------------------------------------------------

type ClientRequest =
  | { cmd: 'connect'; kind: Kind; url: string; origin: string; cookies: string[]; from: number; to: number }
  | { cmd: 'count'; kind: Kind; ids: string[] }
  | { cmd: 'receipts'; kind: Kind; ids: string[] }
  | { cmd: 'sample' }
  | { cmd: 'arm'; url: string; origin: string; cookies: string[] }
  | { cmd: 'drop' }
  | { cmd: 'storm' }
  | { cmd: 'reset' }
  | { cmd: 'close' };

/** A client process's view of a reconnect storm (CLOCK_MONOTONIC ms). */
interface StormStats {
  /** when each console had `ready` again */
  ready: number[];
  /** of each successful attempt, from opening the socket to `ready` */
  handshake: number[];
  failures: number;
}

type ClientReply = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; error: string };

interface ClientProc {
  call<T = unknown>(req: ClientRequest): Promise<T>;
  /** Why the process is gone, if it is. */
  dead(): string | undefined;
  stop(): Promise<void>;
}

/**
 * A client process in a process group of its own (like spawnGroup's), with an IPC channel for the
 * harness's requests.
 */
async function startClientProc(cwd: string, env: NodeJS.ProcessEnv, logFile: string): Promise<ClientProc> {
  const args = ['--import', 'tsx', thisFile, 'clients'];
  fs.appendFileSync(logFile, `$ node ${args.join(' ')}   (cwd ${cwd})\n`);
  const fd = fs.openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, args, { cwd, env, detached: true, stdio: ['ignore', fd, fd, 'ipc'] });
  } finally {
    fs.closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start a client process');
  const release = registerCleanup(() => signalGroup(pid, 'SIGKILL'));
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let exit: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      for (const p of pending.values())
        p.reject(new Error(`the client process exited (${describeExit(exit)})`));
      pending.clear();
      resolve(exit);
    }),
  );
  const group: ProcessGroup = {
    pid,
    command: `node ${args.join(' ')}`,
    logFile,
    get exit() {
      return exit;
    },
    exited,
    release,
  };
  let seq = 0;
  child.on('message', (m: ClientReply) => {
    const p = pending.get(m.seq);
    if (!p) return;
    pending.delete(m.seq);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(m.error));
  });
  const proc: ClientProc = {
    call<T>(req: ClientRequest) {
      if (exit) return Promise.reject(new Error(`the client process is gone (${describeExit(exit)})`));
      const s = ++seq;
      return new Promise<T>((resolve, reject) => {
        pending.set(s, { resolve, reject });
        child.send({ seq: s, req });
      });
    },
    dead: () => (exit ? `a client process exited (${describeExit(exit)})\n${logTail(logFile)}` : undefined),
    async stop() {
      child.disconnect();
      await stopGroup(group, 10_000);
    },
  };
  // It answers once it has loaded.
  await Promise.race([
    proc.call({ cmd: 'reset' }),
    exited.then((e) => {
      throw new Error(`a client process exited at start (${describeExit(e)})\n${logTail(logFile)}`);
    }),
  ]);
  return proc;
}

// ---- the client process ------------------------------------------------------------------------

interface Receipts {
  times: number[];
  sockets: Set<number>;
}

function clientsMain(): void {
  const sockets: Record<Kind, WebSocket[]> = { real: [], floor: [] };
  /** the last seq each real console had (its ?after= on reconnect) */
  const lastSeqs = new Map<number, number>();
  let storm: { spec: { url: string; origin: string; cookies: string[] }; stats: StormStats } | null = null;
  let closing = false;
  const receipts: Record<Kind, Map<string, Receipts>> = { real: new Map(), floor: new Map() };
  let sample: string | null = null;

  const onMessage = (kind: Kind, index: number, data: Buffer) => {
    const t = now();
    if (data.indexOf(RAISED_MARK) < 0) return;
    const at = data.indexOf(PAYLOAD_ID_MARK);
    if (at < 0) return;
    const idStart = at + PAYLOAD_ID_MARK.length;
    const id = data.toString('latin1', idStart, idStart + UUID_LENGTH);
    let r = receipts[kind].get(id);
    if (!r) receipts[kind].set(id, (r = { times: [], sockets: new Set() }));
    r.times.push(t);
    r.sockets.add(index);
    if (kind === 'real' && sample === null) sample = data.toString('utf8');
  };

  const open = (kind: Kind, url: string, origin: string, cookie: string | undefined, index: number) =>
    new Promise<WebSocket>((resolve, reject) => {
      const headers: Record<string, string> = { origin };
      if (cookie) headers.cookie = cookie;
      const ws = new WebSocket(url, { headers, perMessageDeflate: false });
      const timer = setTimeout(
        () => fail(new Error(`no "ready" within ${CONNECT_TIMEOUT_MS} ms`)),
        CONNECT_TIMEOUT_MS,
      );
      const fail = (err: Error) => {
        clearTimeout(timer);
        ws.terminate();
        reject(err);
      };
      const first = (data: Buffer) => {
        if (data.indexOf(READY_MARK) < 0) return;
        clearTimeout(timer);
        if (kind === 'real')
          lastSeqs.set(index, (JSON.parse(data.toString()) as { lastSeq: number }).lastSeq);
        ws.off('message', first);
        ws.off('close', early);
        ws.on('message', (d: Buffer) => {
          onMessage(kind, index, d);
          if (kind === 'real') {
            const seq = /"seq":(\d+)/.exec(d.toString('latin1', 0, 200))?.[1];
            if (seq) lastSeqs.set(index, Math.max(lastSeqs.get(index) ?? 0, Number(seq)));
          }
        });
        resolve(ws);
      };
      ws.on('message', first);
      ws.once('error', fail);
      const early = (code: number, reason: Buffer) =>
        fail(new Error(`closed before ready: ${code} ${reason.toString()}`));
      ws.once('close', early);
    });

  /** After a storm began: reconnect console `index` on the console's schedule until it is ready. */
  const reconnect = (index: number, attempt = 0) => {
    const s = storm;
    if (!s || closing) return;
    const base = Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** attempt);
    const delay = base * (0.8 + Math.random() * 0.4);
    setTimeout(() => {
      if (storm !== s || closing) return;
      const cookie = s.spec.cookies[index % s.spec.cookies.length];
      const after = lastSeqs.get(index);
      const url = after === undefined ? s.spec.url : `${s.spec.url}?after=${after}`;
      const opened = now();
      open('real', url, s.spec.origin, cookie, index).then(
        (ws) => {
          const t = now();
          s.stats.ready.push(t);
          s.stats.handshake.push(t - opened);
          watch(ws, index);
        },
        () => {
          s.stats.failures++;
          reconnect(index, attempt + 1);
        },
      );
    }, delay);
  };

  /** Keep the socket among the open ones; once a storm is armed, a close starts a reconnect. */
  const watch = (ws: WebSocket, index: number) => {
    sockets.real[index] = ws;
    ws.on('close', () => {
      if (sockets.real[index] === ws) reconnect(index);
    });
    ws.on('error', () => {});
  };

  const handle = async (req: ClientRequest): Promise<unknown> => {
    switch (req.cmd) {
      case 'connect': {
        closing = false;
        let next = req.from;
        const worker = async () => {
          while (next < req.to) {
            const index = next++;
            const cookie = req.cookies.length ? req.cookies[index % req.cookies.length] : undefined;
            const ws = await open(req.kind, req.url, req.origin, cookie, index);
            if (req.kind === 'real') watch(ws, index - req.from);
            else {
              ws.on('close', () => {});
              ws.on('error', () => {});
              sockets[req.kind].push(ws);
            }
          }
        };
        await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
        return sockets[req.kind].length;
      }
      case 'count': {
        let total = 0;
        for (const id of req.ids) total += receipts[req.kind].get(id)?.sockets.size ?? 0;
        return total;
      }
      case 'receipts': {
        const out: Record<string, { times: number[]; sockets: number }> = {};
        for (const id of req.ids) {
          const r = receipts[req.kind].get(id);
          if (r) out[id] = { times: r.times, sockets: r.sockets.size };
        }
        return out;
      }
      case 'sample':
        return sample;
      case 'arm':
        storm = {
          spec: { url: req.url, origin: req.origin, cookies: req.cookies },
          stats: { ready: [], handshake: [], failures: 0 },
        };
        return true;
      case 'drop':
        for (const ws of sockets.real) ws.terminate();
        return true;
      case 'storm':
        return storm?.stats ?? { ready: [], handshake: [], failures: 0 };
      case 'reset':
        receipts.real.clear();
        receipts.floor.clear();
        return true;
      case 'close': {
        closing = true;
        storm = null;
        lastSeqs.clear();
        const all = [...sockets.real.splice(0), ...sockets.floor.splice(0)];
        await Promise.all(
          all.map(
            (ws) =>
              new Promise<void>((resolve) => {
                if (ws.readyState === WebSocket.CLOSED) return resolve();
                const timer = setTimeout(() => {
                  ws.terminate();
                  resolve();
                }, 5_000);
                ws.once('close', () => {
                  clearTimeout(timer);
                  resolve();
                });
                ws.close(1000, 'bench done');
              }),
          ),
        );
        return all.length;
      }
    }
  };

  process.on('message', (m: { seq: number; req: ClientRequest }) => {
    handle(m.req).then(
      (value) => process.send!({ seq: m.seq, ok: true, value } satisfies ClientReply),
      (err: unknown) => process.send!({ seq: m.seq, ok: false, error: message(err) } satisfies ClientReply),
    );
  });
  process.on('disconnect', () => process.exit(0));
}

// ---- the floor server --------------------------------------------------------------------------

/**
 * The least a server can do: on POST /trigger, send the body as one text message to every client
 * (the same ws.send of a string the real hub makes per console, without its filter or
 * serialisation), then answer 204.
 */
function floorMain(port: number): void {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
      res.writeHead(200).end('ok');
      return;
    }
    if (req.method !== 'POST' || req.url !== '/trigger') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      for (const ws of wss.clients) if (ws.readyState === WebSocket.OPEN) ws.send(text);
      res.writeHead(204).end();
    });
  });
  // Node closes idle keep-alive connections after 5 s, and a POST sent just then fails; the real
  // server (fastify) keeps them for 72 s.
  server.keepAliveTimeout = 72_000;
  // The real server's settings (@fastify/websocket with ws's defaults: no compression).
  const wss = new WebSocketServer({
    server,
    path: '/floor',
    maxPayload: 64 * 1024,
    perMessageDeflate: false,
  });
  wss.on('connection', (ws) => ws.send(JSON.stringify({ type: 'ready', lastSeq: 0 })));
  server.listen(port, HOST, () => console.log(`floor server on ${HOST}:${port}`));
  const stop = () => {
    for (const ws of wss.clients) ws.terminate();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** The real message with another incident id (the same length, so the same size). */
function floorMessage(sample: string, id: string): string {
  const at = sample.indexOf(PAYLOAD_ID_MARK.toString());
  if (at < 0) throw new Error(`the sample message has no payload id: ${sample.slice(0, 200)}`);
  const start = at + PAYLOAD_ID_MARK.length;
  return sample.slice(0, start) + id + sample.slice(start + UUID_LENGTH);
}

// ---- helpers -----------------------------------------------------------------------------------

function openFileLimit(): number | undefined {
  try {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max open files\s+(\d+)/m.exec(limits)?.[1];
    return soft ? Number(soft) : undefined;
  } catch {
    return undefined;
  }
}

function load(): string {
  return `load ${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.availableParallelism()} cores`;
}

function intFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive whole number, not "${value}"`);
  return n;
}

function numberFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not "${value}"`);
  return n;
}

function intListFromEnv(name: string, fallback: number[]): number[] {
  const value = process.env[name];
  if (!value) return fallback;
  return value.split(',').map((s) => {
    const n = Number(s.trim().replace(/_/g, ''));
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name}: "${s}" is not a positive whole number`);
    return n;
  });
}

function listFromEnv<T extends string>(name: string, all: readonly T[], fallback: T[]): T[] {
  const value = process.env[name];
  if (!value) return fallback;
  const picked = value.split(',').map((s) => s.trim()) as T[];
  const unknown = picked.filter((p) => !all.includes(p));
  if (unknown.length)
    throw new Error(`${name}: unknown ${unknown.join(', ')}; choose from ${all.join(', ')}`);
  return all.filter((a) => picked.includes(a));
}

/** The error's message, with its causes ("fetch failed: other side closed"). */
function message(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  if (err.cause === undefined) return err.message;
  const cause = message(err.cause);
  return err.message.includes(cause) ? err.message : `${err.message}: ${cause}`;
}

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

// ---- entry points of the child processes -------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === thisFile) {
  const role = process.argv[2];
  if (role === 'floor') floorMain(Number(process.argv[3]));
  else if (role === 'clients') clientsMain();
  else {
    console.error('usage: node --import tsx alarm-fanout.bench.ts floor <port> | clients');
    process.exit(2);
  }
}
