/**
 * grids: the grid features at a vocational college's scale.
 *
 * 1. `anxiao import students` of a 20,000-row xlsx into a demo district seeded at 2,000 students:
 *    dry run, --apply, --apply again; wall time, peak RSS and where the time goes (from the
 *    command's progress output). On the embedded PGlite database, then on PostgreSQL.
 * 2. GET /api/coverage for a campus seeded at 20,000 students (~3,700 dormitory rooms): first call
 *    and the median of 10. On PostgreSQL, then on PGlite.
 * 3. The console's /map page in headless Chromium (SwiftShader WebGL) on the first such campus:
 *    the JS it loads beyond the home page and the time until the buildings are drawn.
 *
 * Settings: BENCH_GRIDS_PARTS=import,coverage,map and BENCH_GRIDS_DATABASES=postgres,pglite pick a
 * subset; BENCH_PG_URL is the PostgreSQL maintenance database on which scratch databases are created
 * and dropped (default postgres://postgres@127.0.0.1:5432/postgres). The console is built into a
 * temporary directory (apps/admin/dist is left alone).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { registerCleanup } from './lib/cleanup.js';
import {
  defineBenchmark,
  msSince,
  PartialResultError,
  type BenchContext,
  type Figure,
} from './lib/harness.js';
import { describeSegments, runMeasured, type MeasuredRun } from './lib/measure.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import {
  describeExit,
  groupMembers,
  logTail,
  runToCompletion,
  spawnGroup,
  stopGroup,
  type ProcessGroup,
} from './lib/process.js';
import { writeStudentsSheet } from './lib/students-sheet.js';
import { freePort, pollUntil } from './lib/wait.js';

const HOST = '127.0.0.1';
const SCHOOL = 'DYVTC';
const USERNAME = 'school.admin';
const PASSWORD = 'anxiao2026';
const SESSION_COOKIE = 'anxiao_sid';

const IMPORT_ROWS = 20_000;
const IMPORT_SCALE = 2_000;
const CAMPUS_SCALE = 20_000;
const COVERAGE_CALLS = 10;

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebGL for the map without a GPU.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  // Any host name but the server's fails to resolve, so the page cannot reach the network.
  `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${HOST}`,
];
const MAP_PAGE_SOURCE = 'apps/admin/src/features/map/CampusMapPage.tsx';
const MAP_READY = '[data-testid="campus-map"][data-ready="true"]';

const CLI_TIMEOUT_MS = 10 * 60_000;
const BUILD_TIMEOUT_MS = 10 * 60_000;
const SERVER_START_TIMEOUT_MS = 3 * 60_000;
const MAP_READY_TIMEOUT_MS = 2 * 60_000;

/** The import command's progress phases (apps/server/src/cli/index.ts) and summary lines. */
const IMPORT_MARKERS = /排队中|读取中|校验中|写入中|完成|预检：|已导入：/g;
const IMPORT_SEGMENTS: Record<string, string> = {
  排队中: 'queued',
  读取中: 'read',
  校验中: 'check',
  写入中: 'write',
  完成: 'finish',
  '预检：': 'summary',
  '已导入：': 'summary',
};

const PARTS = ['import', 'coverage', 'map'] as const;
const DATABASES = ['postgres', 'pglite'] as const;
type DatabaseKind = (typeof DATABASES)[number];
const DB_LABEL: Record<DatabaseKind, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

export default defineBenchmark({
  name: 'grids',
  description:
    `Grids at scale: import ${IMPORT_ROWS.toLocaleString('en')} students from xlsx (PGlite, PostgreSQL), ` +
    `the coverage report of a ${CAMPUS_SCALE.toLocaleString('en')}-student campus over HTTP, and the console's /map page in Chromium.`,
  async run(ctx) {
    const parts = listFromEnv('BENCH_GRIDS_PARTS', PARTS);
    const databases = listFromEnv('BENCH_GRIDS_DATABASES', DATABASES);
    const b = new GridsBench(ctx);
    try {
      await b.setUp();
      if (parts.includes('import'))
        for (const kind of [...databases].reverse())
          await b.section(`import (${DB_LABEL[kind]})`, () => b.importSeries(kind));
      // A console that does not build is one error figure, not a second one for the map.
      const built =
        parts.includes('map') && (await b.section('map page (console build)', () => b.buildConsole()));
      // The map is measured on the first large campus that comes up (PostgreSQL's, if it can).
      let mapDone = !built;
      if (parts.includes('coverage') || parts.includes('map')) {
        for (const kind of databases) {
          if (!parts.includes('coverage') && mapDone) break;
          await b.section(`campus (${DB_LABEL[kind]})`, async () => {
            const campus = await b.startCampus(kind);
            try {
              if (parts.includes('coverage'))
                await b.section(`coverage (${DB_LABEL[kind]})`, () => b.coverage(campus));
              if (!mapDone) {
                mapDone = true;
                await b.section('map page', () => b.mapPage(campus));
              }
            } finally {
              await b.stopCampus(campus);
            }
          });
        }
        if (!mapDone) b.failed('map page', new Error('no campus server came up to open /map on'));
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

interface Campus {
  kind: DatabaseKind;
  label: string;
  base: string;
  server: ProcessGroup;
  cookie: string;
  schoolId: string;
  /** Drops the campus's database (PostgreSQL). */
  release(): Promise<void>;
}

class GridsBench {
  readonly figures: Figure[] = [];
  readonly errors: string[] = [];
  private readonly repo: string;
  private readonly tsx: string;
  private readonly cli: string;
  private readonly tmp: string;
  private readonly logs: string;
  private readonly childTmp: string;
  private readonly webRoot: string;
  private readonly dropTmp: () => void;
  private readonly databases: ScratchDatabase[] = [];

  constructor(private readonly ctx: BenchContext) {
    this.repo = ctx.repoRoot;
    this.tsx = path.join(this.repo, 'node_modules/.bin/tsx');
    this.cli = path.join(this.repo, 'apps/server/src/cli/index.ts');
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-grids-'));
    this.dropTmp = ctx.keep ? () => {} : registerCleanup(() => removeDir(this.tmp));
    this.logs = path.join(this.tmp, 'logs');
    this.childTmp = path.join(this.tmp, 'tmp');
    this.webRoot = path.join(this.tmp, 'web');
    fs.mkdirSync(this.logs);
    fs.mkdirSync(this.childTmp);
  }

  async setUp(): Promise<void> {
    // tsx compiles on first use and caches in TMPDIR; nothing below should pay for that.
    this.ctx.log('warming the tsx compile cache');
    await runToCompletion(this.tsx, [this.cli, '--help'], {
      cwd: this.repo,
      env: this.env({}),
      logFile: path.join(this.logs, 'warm-up.log'),
      timeoutMs: CLI_TIMEOUT_MS,
    });
  }

  async tearDown(): Promise<void> {
    for (const db of this.databases.splice(0)) {
      try {
        await db.drop();
      } catch (err) {
        this.ctx.log(`could not drop database ${db.name}: ${message(err)}`);
      }
    }
    if (this.ctx.keep) this.ctx.log(`kept ${this.tmp}`);
    else removeDir(this.tmp);
    this.dropTmp();
  }

  /** Runs one part; a failure is recorded as an error figure and the next part still runs. */
  async section(name: string, fn: () => Promise<void>): Promise<boolean> {
    try {
      await fn();
      return true;
    } catch (err) {
      this.failed(name, err);
      return false;
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
      note: `${text.split('\n')[0]}${this.ctx.keep ? ` (logs in ${this.logs})` : ''}`,
    });
  }

  // ---- 1. import 20,000 students from xlsx --------------------------------------------------

  async importSeries(kind: DatabaseKind): Promise<void> {
    const label = DB_LABEL[kind];
    const target = await this.database(kind, `import_${IMPORT_SCALE}`);
    const log = (name: string) => path.join(this.logs, `${kind}-${name}.log`);

    this.ctx.log(`${label}: seed demo --scale ${IMPORT_SCALE}`);
    const seed = await this.runCli(
      target.env,
      ['seed', 'demo', '--scale', String(IMPORT_SCALE)],
      log('seed'),
    );
    this.seconds(
      `import/${label}: seed demo --scale ${IMPORT_SCALE}`,
      seed.ms,
      `fresh ${kind === 'pglite' ? 'data dir' : 'database'}, migrations included; peak RSS ${mib(seed.peakRssKiB)} MiB`,
    );

    const classes = await target.query<{ code: string }>(
      `select code from orgs where kind = 'class' and code like '${SCHOOL}-%' and status = 'active' order by code`,
    );
    const sheet = path.join(this.tmp, `students-${kind}.xlsx`);
    this.ctx.log(`${label}: writing ${IMPORT_ROWS} students over ${classes.length} classes to ${sheet}`);
    const written = performance.now();
    await writeStudentsSheet(sheet, {
      rows: IMPORT_ROWS,
      classCodes: classes.map((c) => c.code),
      numberPrefix: 'B25',
    });
    const sheetNote = `${(fs.statSync(sheet).size / 2 ** 20).toFixed(2)} MiB xlsx, ${classes.length} classes, written in ${(msSince(written) / 1000).toFixed(1)} s`;

    const importArgs = ['import', 'students', sheet, '--school', SCHOOL];
    this.ctx.log(`${label}: import (dry run)`);
    const dry = await this.runCli(target.env, importArgs, log('import-dry'));
    expectSummary(dry, '预检', { 新增: IMPORT_ROWS, 有问题: 0 });
    this.seconds(
      `import/${label}: ${IMPORT_ROWS} students, dry run (check only)`,
      dry.ms,
      `${describeSegments(dry, IMPORT_SEGMENTS)}; peak RSS ${mib(dry.peakRssKiB)} MiB; ${sheetNote}`,
    );

    this.ctx.log(`${label}: import --apply`);
    const apply = await this.runCli(target.env, [...importArgs, '--apply'], log('import-apply'));
    expectSummary(apply, '已导入', { 新增: IMPORT_ROWS, 跳过有问题的行: 0 });
    this.seconds(
      `import/${label}: ${IMPORT_ROWS} students --apply (all new)`,
      apply.ms,
      `whole command: dry run, then the same read and check again, then writes; ${describeSegments(apply, IMPORT_SEGMENTS)}`,
    );
    this.figures.push({
      metric: `import/${label}: peak RSS of import --apply`,
      value: mib(apply.peakRssKiB),
      unit: 'MiB',
      note: `${apply.peakSource}; per-process VmHWM: ${apply.processPeaks.map((p) => `${p.label} ${mib(p.hwmKiB)}`).join(', ')} MiB`,
    });

    this.ctx.log(`${label}: import --apply again (nothing changed)`);
    const again = await this.runCli(target.env, [...importArgs, '--apply'], log('import-again'));
    expectSummary(again, '已导入', { 无变化: IMPORT_ROWS });
    this.seconds(
      `import/${label}: --apply again (${IMPORT_ROWS} unchanged)`,
      again.ms,
      `${describeSegments(again, IMPORT_SEGMENTS)}; peak RSS ${mib(again.peakRssKiB)} MiB`,
    );
    await target.done();
  }

  // ---- 2. coverage report of a 20,000-student campus ------------------------------------------

  async startCampus(kind: DatabaseKind): Promise<Campus> {
    const label = DB_LABEL[kind];
    const target = await this.database(kind, `campus_${CAMPUS_SCALE}`);
    this.ctx.log(`${label}: seed demo --scale ${CAMPUS_SCALE}`);
    const seed = await this.runCli(
      target.env,
      ['seed', 'demo', '--scale', String(CAMPUS_SCALE)],
      path.join(this.logs, `${kind}-campus-seed.log`),
    );
    const [counts] = await target.query<{
      rooms: string;
      dorm_rooms: string;
      dorm_buildings: string;
      students: string;
    }>(
      `select (select count(*) from places p where p.school_id = s.id and p.kind = 'room' and p.status = 'active') as rooms,
              (select count(*) from places p where p.school_id = s.id and p.kind = 'room' and p.use = 'dormitory' and p.status = 'active') as dorm_rooms,
              (select count(*) from places p where p.school_id = s.id and p.kind = 'building' and p.use = 'dormitory' and p.status = 'active') as dorm_buildings,
              (select count(*) from students st where st.school_id = s.id) as students
         from orgs s where s.code = '${SCHOOL}'`,
    );
    this.seconds(
      `campus/${label}: seed demo --scale ${CAMPUS_SCALE}`,
      seed.ms,
      `${counts?.students} students, ${counts?.rooms} rooms (${counts?.dorm_rooms} dormitory rooms in ${counts?.dorm_buildings} dormitory buildings); peak RSS ${mib(seed.peakRssKiB)} MiB`,
    );

    const port = await freePort(HOST, 3700);
    const base = `http://${HOST}:${port}`;
    this.ctx.log(`${label}: starting the server on ${base}`);
    const server = spawnGroup(this.tsx, [path.join(this.repo, 'apps/server/src/main.ts')], {
      cwd: this.repo,
      env: this.env({ ...target.env, PORT: String(port), HOST, WEB_DIST_DIR: this.webRoot }),
      logFile: path.join(this.logs, `${kind}-server.log`),
    });
    try {
      await pollUntil(() => answers(`${base}/api/health`), {
        what: `${base}/api/health`,
        timeoutMs: SERVER_START_TIMEOUT_MS,
        intervalMs: 100,
        failIf: () =>
          server.exit
            ? `the server exited (${describeExit(server.exit)})\n${logTail(server.logFile)}`
            : undefined,
      });
      const cookie = await signIn(base);
      const orgs = await getJson<{ items: { id: string; code: string }[] }>(`${base}/api/orgs`, cookie);
      const school = orgs.items.find((o) => o.code === SCHOOL);
      if (!school) throw new Error(`GET /api/orgs has no ${SCHOOL}`);
      return { kind, label, base, server, cookie, schoolId: school.id, release: () => target.done() };
    } catch (err) {
      await stopGroup(server);
      await target.done();
      throw err;
    }
  }

  async stopCampus(campus: Campus): Promise<void> {
    this.ctx.log(`${campus.label}: stopping the server`);
    await stopGroup(campus.server);
    await campus.release();
  }

  async coverage(campus: Campus): Promise<void> {
    const url = `${campus.base}/api/coverage?schoolId=${campus.schoolId}`;
    const timed = async () => {
      const start = performance.now();
      const res = await fetch(url, { headers: { cookie: campus.cookie } });
      const body = await res.text();
      const ms = performance.now() - start;
      if (res.status !== 200)
        throw new Error(`GET /api/coverage answered ${res.status}: ${body.slice(0, 300)}`);
      return { ms, body };
    };
    this.ctx.log(`${campus.label}: GET /api/coverage, then ${COVERAGE_CALLS} more`);
    const first = await timed();
    const report = JSON.parse(first.body) as CoverageReport;
    const runs: number[] = [];
    for (let i = 0; i < COVERAGE_CALLS; i++) runs.push((await timed()).ms);

    const physical = report.levels.filter((l) => l.kind === 'physical');
    const virtual = report.levels.filter((l) => l.kind === 'virtual');
    const perLevel = (levels: CoverageReport['levels']) =>
      levels.map((l) => `${l.level} ${l.total} (${l.percent}%)`).join(', ');
    const label = campus.label;
    this.figures.push({
      metric: `coverage/${label}: rooms counted`,
      value: Math.max(0, ...physical.map((l) => l.total)),
      unit: 'rooms',
      note: `physical levels: ${perLevel(physical) || 'none in use'}`,
    });
    this.figures.push({
      metric: `coverage/${label}: students counted`,
      value: Math.max(0, ...virtual.map((l) => l.total)),
      unit: 'students',
      note: `virtual levels: ${perLevel(virtual) || 'none in use'}; ${report.studentsWithoutBed} without a bed; overall ${report.overall}%`,
    });
    this.figures.push({
      metric: `coverage/${label}: first GET /api/coverage`,
      value: Math.round(first.ms),
      unit: 'ms',
      note: `first call after start and sign-in; ${first.body.length} bytes; ${report.gaps.length} gaps and ${report.overlaps.length} overlaps listed`,
    });
    const serverRss = groupMembers(campus.server.pid).filter((p) =>
      p.argv.some((a) => a.endsWith('src/main.ts')),
    );
    this.figures.push({
      metric: `coverage/${label}: GET /api/coverage, median of ${COVERAGE_CALLS}`,
      value: Math.round(median(runs)),
      unit: 'ms',
      note: `min ${Math.round(Math.min(...runs))}, max ${Math.round(Math.max(...runs))} ms; one keep-alive connection, one at a time; server RSS afterwards ${mib(Math.max(0, ...serverRss.map((p) => p.rssKiB)))} MiB`,
    });
  }

  // ---- 3. the console's campus map -----------------------------------------------------------

  /** Build the console into a directory of our own (apps/admin/dist belongs to whoever builds it). */
  async buildConsole(): Promise<void> {
    const outDir = path.join(this.webRoot, 'apps/admin/dist');
    fs.mkdirSync(outDir, { recursive: true });
    if (!fs.existsSync(path.join(this.repo, MAP_PAGE_SOURCE)))
      throw new Error(`${MAP_PAGE_SOURCE} does not exist yet: the campus map page is not written`);
    this.ctx.log('building the console (vite) into a temporary directory');
    try {
      const ms = await runToCompletion(
        path.join(this.repo, 'node_modules/.bin/vite'),
        ['build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
        {
          cwd: path.join(this.repo, 'apps/admin'),
          env: this.env({ NODE_ENV: 'production' }),
          logFile: path.join(this.logs, 'console-build.log'),
          timeoutMs: BUILD_TIMEOUT_MS,
        },
      );
      this.seconds(
        'map: console build (vite build)',
        ms,
        'the working tree as it is; into a temporary directory',
      );
    } catch (err) {
      throw new Error(`the console does not build: ${message(err)}`, { cause: err });
    }
  }

  async mapPage(campus: Campus): Promise<void> {
    const dist = path.join(this.webRoot, 'apps/admin/dist');
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      const cookie = campus.cookie.split('=');
      const newContext = async () => {
        const context = await browser!.newContext({
          locale: 'zh-CN',
          viewport: { width: 1440, height: 900 },
        });
        await context.addCookies([{ name: cookie[0]!, value: cookie.slice(1).join('='), url: campus.base }]);
        return context;
      };

      // What the console's home page loads, for the difference.
      this.ctx.log('map: opening the home page');
      const home = await newContext();
      const homeScripts = recordScripts(home);
      const homePage = await home.newPage();
      await homePage.goto(`${campus.base}/`, { waitUntil: 'load' });
      await homePage.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});
      if (new URL(homePage.url()).pathname.startsWith('/login'))
        throw new Error('the session cookie did not sign the console in (ended on /login)');
      await home.close();

      this.ctx.log('map: cold navigation to /map (new browser context)');
      const context = await newContext();
      const mapScripts = recordScripts(context);
      const page = await context.newPage();
      const problems = watchProblems(page);
      const mapData = recordMapData(page);
      const cold = await timeMapReady(page, `${campus.base}/map`, problems);
      await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => {});

      this.ctx.log('map: warm navigation to /map (same context)');
      const warm = await timeMapReady(page, `${campus.base}/map`, problems);
      await context.close();

      const onlyMap = [...mapScripts].filter((p) => !homeScripts.has(p)).sort();
      const sizes = (files: string[]) => {
        let raw = 0;
        let gzip = 0;
        for (const f of files) {
          const data = fs.readFileSync(path.join(dist, f));
          raw += data.length;
          gzip += zlib.gzipSync(data).length;
        }
        return { raw, gzip };
      };
      const map = sizes(onlyMap);
      const all = sizes([...mapScripts]);
      const names = onlyMap.map((f) => `${path.basename(f)} ${kib(sizes([f]).raw)}`).join(', ');
      this.figures.push({
        metric: 'map: JS loaded for /map beyond the home page, raw',
        value: kib(map.raw),
        unit: 'KiB',
        note: `${onlyMap.length} chunk(s): ${names || 'none'}`,
      });
      this.figures.push({
        metric: 'map: JS loaded for /map beyond the home page, gzip',
        value: kib(map.gzip),
        unit: 'KiB',
        note: `zlib default level (the server sent them with content-encoding ${[...mapScripts.encodings].join(', ')}); all JS of a cold /map load: ${kib(all.raw)} KiB raw, ${kib(all.gzip)} KiB gzip in ${mapScripts.size} files`,
      });
      this.figures.push({
        metric: 'map: navigation → buildings drawn (cold)',
        value: cold.ready,
        unit: 'ms',
        note: `new browser context (empty HTTP cache), signed in by cookie; ${describeTiming(cold)}; ${campus.label} campus of ${CAMPUS_SCALE} students, ${await describeMapData(mapData)}; SwiftShader WebGL (no GPU)${problems.length ? `; page errors: ${problems.slice(0, 2).join(' | ')}` : ''}; ${load()}`,
      });
      this.figures.push({
        metric: 'map: navigation → buildings drawn (warm)',
        value: warm.ready,
        unit: 'ms',
        note: `second full navigation in the same context (HTTP cache warm); ${describeTiming(warm)}; ${load()}`,
      });
    } finally {
      await browser?.close();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** A time in seconds; the note ends with the machine's load, which skews every timing here. */
  private seconds(metric: string, ms: number, note: string): void {
    this.figures.push({ metric, value: Math.round(ms / 10) / 100, unit: 's', note: `${note}; ${load()}` });
  }

  private runCli(env: Record<string, string>, args: string[], logFile: string): Promise<MeasuredRun> {
    return runMeasured(this.tsx, [this.cli, ...args], {
      cwd: this.repo,
      env: this.env(env),
      logFile,
      timeoutMs: CLI_TIMEOUT_MS,
      markers: IMPORT_MARKERS,
      labelOf: (argv, comm) =>
        comm === 'esbuild'
          ? 'esbuild'
          : argv.some((a) => a.startsWith('--import') || a.startsWith('--require'))
            ? 'cli'
            : comm === 'node'
              ? 'tsx'
              : comm,
    });
  }

  /** A fresh database of the given kind: its settings for the server and CLI, and SQL access. */
  private async database(kind: DatabaseKind, purpose: string) {
    const dataDir = path.join(this.tmp, `${kind}-${purpose}`);
    fs.mkdirSync(dataDir);
    if (kind === 'pglite') {
      return {
        dataDir,
        env: { DATA_DIR: dataDir } as Record<string, string>,
        async query<T extends object>(sql: string): Promise<T[]> {
          const db = new PGlite(path.join(dataDir, 'db'));
          try {
            return (await db.query<T>(sql)).rows;
          } finally {
            await db.close();
          }
        },
        done: async () => {},
      };
    }
    const db = await createScratchDatabase(`anxiao_bench_${process.pid}_${purpose}`);
    this.databases.push(db);
    const secret = crypto.randomBytes(32).toString('hex');
    return {
      dataDir,
      env: { DATA_DIR: dataDir, DATABASE_URL: db.url, ANXIAO_SECRET_KEY: secret } as Record<string, string>,
      query: <T extends object>(sql: string) => db.query<T>(sql),
      done: async () => {
        this.databases.splice(this.databases.indexOf(db), 1);
        await db.drop();
      },
    };
  }

  /** The environment of the server and CLI: ours without npm's settings or any server settings. */
  private env(set: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    const serverSettings =
      /^(ANXIAO_|DATABASE_URL$|NATS_URL$|WEB_DIST_DIR$|PORT$|HOST$|DATA_DIR$|NODE_ENV$|LOG_LEVEL$)/;
    for (const [key, value] of Object.entries(process.env)) {
      if (/^npm_/i.test(key) || key === 'INIT_CWD' || serverSettings.test(key)) continue;
      env[key] = value;
    }
    return { ...env, TMPDIR: this.childTmp, ANXIAO_DEMO: 'true', LOG_LEVEL: 'warn', ...set };
  }
}

interface CoverageReport {
  levels: { kind: 'physical' | 'virtual'; level: string; total: number; covered: number; percent: number }[];
  gaps: unknown[];
  overlaps: unknown[];
  studentsWithoutBed: number;
  overall: number;
}

function listFromEnv<T extends string>(name: string, all: readonly T[]): T[] {
  const value = process.env[name];
  if (!value) return [...all];
  const picked = value.split(',').map((s) => s.trim()) as T[];
  const unknown = picked.filter((p) => !all.includes(p));
  if (unknown.length)
    throw new Error(`${name}: unknown ${unknown.join(', ')}; choose from ${all.join(', ')}`);
  return all.filter((a) => picked.includes(a));
}

/** Checks the import's summary line, e.g. "已导入：新增 20000，更新 0，无变化 0，跳过有问题的行 0". */
function expectSummary(run: MeasuredRun, prefix: string, expected: Record<string, number>): void {
  const line = run.output
    .split(/[\r\n]/)
    .reverse()
    .find((l) => l.startsWith(`${prefix}：`));
  if (!line) throw new Error(`no "${prefix}：" summary in the output:\n${run.output.slice(-1000)}`);
  for (const [word, count] of Object.entries(expected)) {
    const got = Number(new RegExp(`${word} (\\d+)`).exec(line)?.[1]);
    if (got !== count) throw new Error(`expected ${word} ${count}, the import said: ${line}`);
  }
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

/** POST /api/auth/login as the school admin; returns "anxiao_sid=…" for a Cookie header. */
async function signIn(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: USERNAME, password: PASSWORD }),
  });
  const body = await res.text();
  if (res.status !== 200)
    throw new Error(`sign-in as ${USERNAME} answered ${res.status}: ${body.slice(0, 300)}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error(`sign-in set no ${SESSION_COOKIE} cookie`);
  return cookie;
}

async function getJson<T>(url: string, cookie: string): Promise<T> {
  const res = await fetch(url, { headers: { cookie } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body) as T;
}

/** Paths (assets/…js) of the scripts the context's pages receive, and their content-encodings. */
function recordScripts(context: BrowserContext): Set<string> & { encodings: Set<string> } {
  const seen = Object.assign(new Set<string>(), { encodings: new Set<string>() });
  context.on('response', (res) => {
    const url = new URL(res.url());
    if (!/\.m?js$/.test(url.pathname) || res.status() >= 400) return;
    seen.add(url.pathname.replace(/^\//, ''));
    seen.encodings.add(res.headers()['content-encoding'] ?? 'identity');
  });
  return seen;
}

/** The page's GET /api/map answers (the buildings and sites it draws). */
function recordMapData(page: Page): Promise<{ bytes: number; buildings: number } | undefined>[] {
  const answers: Promise<{ bytes: number; buildings: number } | undefined>[] = [];
  page.on('response', (res) => {
    if (new URL(res.url()).pathname !== '/api/map' || res.status() !== 200) return;
    answers.push(
      res.body().then(
        (body) => {
          const data = JSON.parse(body.toString('utf8')) as { buildings?: { features?: unknown[] } };
          return { bytes: body.length, buildings: data.buildings?.features?.length ?? 0 };
        },
        () => undefined,
      ),
    );
  });
  return answers;
}

async function describeMapData(
  answers: Promise<{ bytes: number; buildings: number } | undefined>[],
): Promise<string> {
  const first = await answers[0];
  return first
    ? `GET /api/map: ${first.buildings} buildings with outlines, ${kib(first.bytes)} KiB`
    : 'no GET /api/map seen';
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  return problems;
}

interface MapTiming {
  /** navigation → the campus-map element is in the page (the map chunk loaded and rendered) */
  container?: number;
  /** navigation → GET /api/map fully received */
  data?: number;
  /** navigation → data-ready="true" (buildings drawn) */
  ready: number;
}

async function timeMapReady(page: Page, url: string, problems: string[]): Promise<MapTiming> {
  const start = performance.now();
  const timing: Omit<MapTiming, 'ready'> = {};
  const options = { timeout: MAP_READY_TIMEOUT_MS };
  void page.waitForSelector('[data-testid="campus-map"]', { state: 'attached', ...options }).then(
    () => (timing.container = msSince(start)),
    () => {},
  );
  void page
    .waitForResponse((r) => new URL(r.url()).pathname === '/api/map', options)
    .then(async (r) => {
      await r.finished();
      timing.data = msSince(start);
    })
    .catch(() => {});
  await page.goto(url, { waitUntil: 'commit' });
  try {
    await page.waitForSelector(MAP_READY, { state: 'attached', ...options });
  } catch (err) {
    const state = await page
      .evaluate(mapState)
      .catch((e: unknown) => `(could not read the page: ${message(e)})`);
    throw new Error(
      `${MAP_READY} did not appear within ${MAP_READY_TIMEOUT_MS / 1000} s at ${page.url()}; ${state}; page errors: ${problems.slice(0, 3).join(' | ') || 'none'}`,
      { cause: err },
    );
  }
  return { ...timing, ready: msSince(start) };
}

function describeTiming(t: MapTiming): string {
  const at = (ms: number | undefined) => (ms === undefined ? '?' : `${ms} ms`);
  return `map container in the page at ${at(t.container)}, GET /api/map received at ${at(t.data)}, buildings drawn at ${t.ready} ms`;
}

/** Runs in the page; bench/ compiles without the DOM lib, hence the local shape of `document`. */
function mapState(): string {
  interface El {
    getAttribute(name: string): string | null;
  }
  const { document } = globalThis as unknown as {
    document: { querySelector(s: string): El | null; body: { innerText: string } | null };
  };
  const el = document.querySelector('[data-testid="campus-map"]');
  if (!el)
    return `no [data-testid="campus-map"]; the page shows: ${(document.body?.innerText ?? '').slice(0, 200)}`;
  return `campus-map is there with data-ready=${el.getAttribute('data-ready')}`;
}

function load(): string {
  return `load ${(os.loadavg()[0] ?? 0).toFixed(1)} on ${os.availableParallelism()} cores`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

function mib(kib: number): number {
  return Math.round((kib / 1024) * 10) / 10;
}

function kib(bytes: number): number {
  return Math.round((bytes / 1024) * 10) / 10;
}
