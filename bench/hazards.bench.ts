/**
 * hazards: the hazard ledger (隐患台账) export at a year of a large school's findings.
 *
 * The demo district is seeded (at BENCH_HAZARDS_SCALE students, default 500) with the CLI, then
 * 100,000 hazards of the vocational college are inserted with SQL: spread over the year up to now
 * (times in milliseconds, as the server writes them), mixed grades, domains, origins and statuses
 * (older ones mostly closed, some late, some flagged, the 五定 plan on all but the open ones), on
 * the college's building grids and places, with Chinese titles and 35–55 character descriptions.
 * The server is started as its own node process and the ledger is downloaded over HTTP as the
 * demo's grid centre (`grid.center`), as a browser asks (accept-encoding), BENCH_HAZARDS_DOWNLOADS
 * times (default 2): GET /api/hazards/export streams an xlsx pulled in 1,000-row keyset batches.
 *
 * Figures per download: time to the response headers and to the first body byte, total time,
 * bytes, the server's CPU time (all its threads) and, on PostgreSQL, the CPU time of its database
 * backends; the server process's memory: the peak resident set during the download (the kernel's
 * VmHWM, reset through /proc/<pid>/clear_refs just before, so the exact peak, not a sample) and the
 * V8 heap (process.memoryUsage() sampled every 50 ms inside the server by a preloaded `--import`
 * module this benchmark writes, which changes nothing else; samples are taken on the event loop, so
 * fewer while it is blocked, as it is while PGlite runs a query), each against the baseline before
 * the download. The first download is read back with exceljs' streaming reader: it must hold exactly
 * the college's hazards (the 100,000 plus the demo's own), each once (by 隐患编号).
 *
 * BENCH_HAZARDS_PROFILE=1 also records a CPU profile of the server's main thread over each download
 * (through node:inspector in the same preloaded module) and sums its self time by package; the
 * profiler slows the server, so its timings are not the benchmark's.
 *
 * On the embedded PGlite and on PostgreSQL (a scratch database on BENCH_PG_URL's server, default
 * postgres://postgres@127.0.0.1:5432/postgres, dropped afterwards). BENCH_HAZARDS_DATABASES picks a
 * subset; BENCH_HAZARDS_ROWS sets the number of hazards.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import ExcelJS from 'exceljs';
import { registerCleanup } from './lib/cleanup.js';
import { defineBenchmark, PartialResultError, type BenchContext, type Figure } from './lib/harness.js';
import { createScratchDatabase, type ScratchDatabase } from './lib/postgres.js';
import { runToCompletion, spawnGroup, stopGroup, type ProcessGroup } from './lib/process.js';
import { round, signIn, waitForHealth } from './lib/server.js';
import { freePort, pollUntil, sleep } from './lib/wait.js';

const HOST = '127.0.0.1';
const SCHOOL = 'DYVTC';
const EXPORTER = 'grid.center';
const SERVER_START_TIMEOUT_MS = 4 * 60_000;
const CLI_TIMEOUT_MS = 10 * 60_000;
const SAMPLE_MS = 50;
/** BENCH_HAZARDS_PROFILE=1: a CPU profile of the server over each download, summed up by package. */
const PROFILE = process.env.BENCH_HAZARDS_PROFILE === '1';

const DATABASES = ['pglite', 'postgres'] as const;
type DatabaseKind = (typeof DATABASES)[number];
const DB_LABEL: Record<DatabaseKind, string> = { pglite: 'PGlite', postgres: 'PostgreSQL' };

export default defineBenchmark({
  name: 'hazards',
  description: 'Hazards: the ledger (台账) of 100,000 hazards exported as a streamed xlsx over HTTP.',
  async run(ctx) {
    const databases = listFromEnv('BENCH_HAZARDS_DATABASES', DATABASES);
    const b = new HazardsBench(ctx);
    try {
      for (const kind of databases) {
        try {
          await b.exportSeries(kind);
        } catch (err) {
          const text = err instanceof Error ? err.message : String(err);
          ctx.log(`${DB_LABEL[kind]} failed: ${text}`);
          b.errors.push(DB_LABEL[kind]);
          b.figures.push({
            metric: `export (${DB_LABEL[kind]}): failed`,
            value: NaN,
            unit: 'error',
            note: text.split('\n')[0],
          });
        }
      }
    } finally {
      b.tearDown();
    }
    if (b.errors.length) throw new PartialResultError(`failed on ${b.errors.join(', ')}`, b.figures);
    return b.figures;
  },
});

/**
 * Preloaded into the server (node --import): the peak of process.memoryUsage() sampled every 50 ms;
 * on SIGUSR2 it writes the peak since the last signal and the current values to BENCH_MEMORY_OUT
 * and starts over.
 */
const SAMPLER = `
import fs from 'node:fs';
import inspector from 'node:inspector';
const out = process.env.BENCH_MEMORY_OUT;
const profiling = process.env.BENCH_CPU_PROFILE === '1';
const keys = ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers'];
const zero = () => Object.fromEntries(keys.map((k) => [k, 0]));
let peak = zero();
let samples = 0;
let seq = 0;
let series = [];
const sample = () => {
  const m = process.memoryUsage();
  for (const k of keys) if (m[k] > peak[k]) peak[k] = m[k];
  samples++;
  series.push(m.heapUsed);
};
setInterval(sample, ${SAMPLE_MS}).unref();
let session;
if (profiling) {
  session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
}
process.on('SIGUSR2', () => {
  sample();
  // heap used at the end of each tenth of the period: flat, or growing with the rows?
  const tenths = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(
    (i) => series[Math.max(0, Math.ceil((i * series.length) / 10) - 1)] ?? 0,
  );
  const report = { seq: ++seq, samples, peak, tenths, now: process.memoryUsage() };
  peak = zero();
  samples = 0;
  series = [];
  const finish = () => fs.writeFileSync(out, JSON.stringify(report));
  if (!profiling) return finish();
  // The CPU profile of the period that ends here, then a new one for the next.
  session.post('Profiler.stop', (err, res) => {
    if (!err && res) fs.writeFileSync(out + '.' + report.seq + '.cpuprofile', JSON.stringify(res.profile));
    session.post('Profiler.start', () => finish());
  });
});
`;

interface MemoryReport {
  seq: number;
  samples: number;
  peak: Record<'rss' | 'heapUsed' | 'heapTotal' | 'external' | 'arrayBuffers', number>;
  /** heap used at the end of each tenth of the period */
  tenths: number[];
  now: NodeJS.MemoryUsage;
}

interface Server {
  base: string;
  group: ProcessGroup;
  memoryFile: string;
  memorySeq: number;
}

class HazardsBench {
  readonly figures: Figure[] = [];
  readonly errors: string[] = [];
  private readonly repo: string;
  private readonly tmp: string;
  private readonly logs: string;
  private readonly sampler: string;
  private readonly dropTmp: () => void;

  constructor(private readonly ctx: BenchContext) {
    this.repo = ctx.repoRoot;
    this.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-hazards-'));
    this.logs = path.join(this.tmp, 'logs');
    fs.mkdirSync(this.logs);
    fs.mkdirSync(path.join(this.tmp, 'web'));
    this.sampler = path.join(this.tmp, 'memory-sampler.mjs');
    fs.writeFileSync(this.sampler, SAMPLER);
    this.dropTmp = ctx.keep
      ? () => {}
      : registerCleanup(() => fs.rmSync(this.tmp, { recursive: true, force: true }));
  }

  tearDown(): void {
    if (this.ctx.keep) this.ctx.log(`kept ${this.tmp}`);
    else fs.rmSync(this.tmp, { recursive: true, force: true });
    this.dropTmp();
  }

  private env(set: Record<string, string>): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    const serverSettings =
      /^(ANXIAO_|DATABASE_URL$|NATS_URL$|MQTT_URL$|WEB_DIST_DIR$|PORT$|HOST$|DATA_DIR$|NODE_ENV$|LOG_LEVEL$|LOGIN_|ALARM_|EVENTS_|JOBS_|REQUESTS_|NODE_OPTIONS$)/;
    for (const [key, value] of Object.entries(process.env)) {
      if (/^npm_/i.test(key) || key === 'INIT_CWD' || serverSettings.test(key)) continue;
      env[key] = value;
    }
    return { ...env, ANXIAO_DEMO: 'true', ANXIAO_SECRET_KEY: 'b'.repeat(64), LOG_LEVEL: 'warn', ...set };
  }

  async exportSeries(kind: DatabaseKind): Promise<void> {
    const label = DB_LABEL[kind];
    const rows = intFromEnv('BENCH_HAZARDS_ROWS', 100_000);
    const scale = intFromEnv('BENCH_HAZARDS_SCALE', 500);
    const dataDir = path.join(this.tmp, kind);
    fs.mkdirSync(dataDir, { recursive: true });
    const dbEnv: Record<string, string> = { DATA_DIR: dataDir };
    let db: ScratchDatabase | undefined;
    let server: Server | undefined;
    try {
      if (kind === 'postgres') {
        db = await createScratchDatabase(`anxiao_bench_${process.pid}_hazards`);
        dbEnv.DATABASE_URL = db.url;
      }
      this.ctx.log(`${label}: migrate and seed the demo (${scale} students)`);
      let t = performance.now();
      await runToCompletion(
        path.join(this.repo, 'node_modules/.bin/tsx'),
        [path.join(this.repo, 'apps/server/src/cli/index.ts'), 'seed', 'demo', '--scale', String(scale)],
        {
          cwd: this.repo,
          env: this.env(dbEnv),
          logFile: path.join(this.logs, `${kind}-seed.log`),
          timeoutMs: CLI_TIMEOUT_MS,
        },
      );
      this.figures.push({
        metric: `export (${label}): seed the demo (set-up)`,
        value: round((performance.now() - t) / 1000),
        unit: 's',
        note: `${scale} students`,
      });

      this.ctx.log(`${label}: inserting ${rows.toLocaleString('en')} hazards`);
      t = performance.now();
      const filled = await fill(db, path.join(dataDir, 'db'), rows);
      if (filled.inserted !== rows)
        throw new Error(
          `inserted ${filled.inserted} hazards, not ${rows}: does the demo college have grids?`,
        );
      const expected = filled.school_hazards;
      this.figures.push({
        metric: `export (${label}): insert ${rows.toLocaleString('en')} hazards (set-up)`,
        value: round((performance.now() - t) / 1000),
        unit: 's',
        note:
          `${expected.toLocaleString('en')} hazards of the college in all; ` +
          `the inserted: title ${filled.title_min}–${filled.title_max} chars, description ${filled.desc_min}–${filled.desc_max} ` +
          `(mean ${filled.desc_avg}); ${filled.with_plan.toLocaleString('en')} with a plan; ` +
          `statuses ${filled.statuses}`,
      });

      server = await this.startServer(kind, dbEnv);
      const session = await signIn(server.base, EXPORTER);
      for (let i = 1; i <= intFromEnv('BENCH_HAZARDS_DOWNLOADS', 2); i++) {
        const file = path.join(this.tmp, `${kind}-ledger-${i}.xlsx`);
        const name = i === 1 ? 'first download' : `download ${i}`;
        this.ctx.log(`${label}: GET /api/hazards/export as ${EXPORTER}, ${name}`);
        const m = await this.measuredExport(server, session.cookie, file, db);
        const mib = (n: number) => round(n / 2 ** 20);
        const f = (metric: string, value: number, unit: string, note?: string) =>
          this.figures.push({
            metric: `export (${label}): ${name}, ${metric}`,
            value,
            unit,
            ...(note ? { note } : {}),
          });
        f('time to first byte', round(m.firstByteMs), 'ms', `headers after ${Math.round(m.headersMs)} ms`);
        f(
          'total',
          round(m.totalMs / 1000),
          's',
          `${mib(m.bytes)} MiB (${m.contentEncoding ?? 'no content-encoding'}); ` +
            `server CPU ${round(m.serverCpuMs / 1000)} s` +
            (m.dbCpuMs === null ? '' : `, PostgreSQL backends CPU ${round(m.dbCpuMs / 1000)} s`),
        );
        f('bytes', m.bytes, 'B');
        f(
          'peak RSS',
          mib(m.peakRss),
          'MiB',
          `kernel VmHWM over the download (reset before); baseline ${mib(m.baselineRss)} MiB, ` +
            `+${mib(m.peakRss - m.baselineRss)} MiB; ${mib(m.afterRss)} MiB after`,
        );
        f(
          'peak V8 heap used',
          mib(m.memory.peak.heapUsed),
          'MiB',
          `sampled every ${SAMPLE_MS} ms (${m.memory.samples} samples); baseline ${mib(m.baselineHeap)} MiB; ` +
            `heap total peak ${mib(m.memory.peak.heapTotal)} MiB, external ${mib(m.memory.peak.external)} MiB, ` +
            `array buffers ${mib(m.memory.peak.arrayBuffers)} MiB`,
        );
        f(
          'V8 heap used by tenths of the download',
          mib(m.memory.tenths.at(-1) ?? NaN),
          'MiB',
          m.memory.tenths.map((b) => Math.round(b / 2 ** 20)).join(' → '),
        );
        if (m.profile) {
          const prof = summarizeProfile(m.profile);
          f('CPU profile of the main thread, self time', prof.seconds, 's', prof.text);
        }
        if (i === 1) {
          this.ctx.log(`${label}: reading the xlsx back`);
          const read = await countRows(file);
          if (read.rows !== expected || read.distinct !== expected || read.columns !== 25)
            throw new Error(
              `the export has ${read.rows} data rows (${read.distinct} distinct hazard numbers) of ` +
                `${read.columns} columns; expected ${expected} of 25`,
            );
          f(
            'rows read back',
            read.rows,
            'rows',
            `= the college's hazards (${rows.toLocaleString('en')} + ${(expected - rows).toLocaleString('en')} of the demo), ` +
              `${read.columns} columns; read in ${round(read.ms / 1000)} s`,
          );
        }
        if (!this.ctx.keep) fs.rmSync(file, { force: true });
      }
    } finally {
      if (server) await stopGroup(server.group);
      await db?.drop();
      if (!this.ctx.keep) fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  /** The server as one node process (no tsx launcher in between), with the memory sampler preloaded. */
  private async startServer(kind: DatabaseKind, dbEnv: Record<string, string>): Promise<Server> {
    const port = await freePort(HOST, 3791);
    const base = `http://${HOST}:${port}`;
    const memoryFile = path.join(this.tmp, `${kind}-memory.json`);
    this.ctx.log(`${DB_LABEL[kind]}: starting the server on ${base}`);
    const group = spawnGroup(
      process.execPath,
      [
        '--import',
        'tsx',
        '--import',
        pathToFileURL(this.sampler).href,
        path.join(this.repo, 'apps/server/src/main.ts'),
      ],
      {
        cwd: this.repo,
        env: this.env({
          ...dbEnv,
          PORT: String(port),
          HOST,
          WEB_DIST_DIR: path.join(this.tmp, 'web'),
          BENCH_MEMORY_OUT: memoryFile,
          BENCH_CPU_PROFILE: PROFILE ? '1' : '0',
        }),
        logFile: path.join(this.logs, `${kind}-server.log`),
      },
    );
    await waitForHealth(`${base}/api/health`, group, SERVER_START_TIMEOUT_MS);
    return { base, group, memoryFile, memorySeq: 0 };
  }

  /** Ask the sampler for the peak since the last ask (and start a new one). */
  private async memory(s: Server): Promise<MemoryReport> {
    const want = ++s.memorySeq;
    process.kill(s.group.pid, 'SIGUSR2');
    let report: MemoryReport | undefined;
    await pollUntil(
      async () => {
        try {
          report = JSON.parse(fs.readFileSync(s.memoryFile, 'utf8')) as MemoryReport;
        } catch {
          return false;
        }
        return report.seq === want;
      },
      { what: 'the memory sampler', timeoutMs: 10_000, intervalMs: 20 },
    );
    return report!;
  }

  private async measuredExport(s: Server, cookie: string, file: string, db: ScratchDatabase | undefined) {
    const pid = s.group.pid;
    // Settle: the sign-in's work is done; the baseline is the idle server.
    await sleep(2_000);
    // Also starts the sampler's peak afresh.
    const baselineHeap = (await this.memory(s)).now.heapUsed;
    const baselineRss = procStatus(pid).rss;
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    const cpuBefore = cpuMs(pid);
    const dbPids = db ? await backendPids(db) : [];
    const dbBefore = dbPids.map(cpuMs);
    const r = await download(`${s.base}/api/hazards/export`, cookie, file);
    const serverCpuMs = cpuMs(pid) - cpuBefore;
    // Backends that appeared during the download count from zero.
    const dbAfter = db ? await backendPids(db) : [];
    const dbCpuMs = db
      ? dbAfter.reduce((sum, p) => {
          const i = dbPids.indexOf(p);
          return sum + cpuMs(p) - (i >= 0 ? dbBefore[i]! : 0);
        }, 0)
      : null;
    const status = procStatus(pid);
    const memory = await this.memory(s);
    const profile = `${s.memoryFile}.${memory.seq}.cpuprofile`;
    return {
      profile: PROFILE && fs.existsSync(profile) ? profile : null,
      ...r,
      serverCpuMs,
      dbCpuMs,
      baselineRss,
      baselineHeap,
      peakRss: status.hwm,
      afterRss: status.rss,
      memory,
    };
  }
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of a CPU profile by where the code lives (a package, the server's code, node, GC …). */
function summarizeProfile(file: string): { seconds: number; text: string } {
  const p = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const bucketOf = new Map<number, string>();
  for (const n of p.nodes) {
    const { url, functionName } = n.callFrame;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
    bucketOf.set(
      n.id,
      pkg
        ? pkg
        : url.includes('/apps/server/src/')
          ? 'server code'
          : url.startsWith('node:')
            ? 'node core'
            : url.startsWith('wasm')
              ? 'wasm'
              : url
                ? 'other js'
                : functionName.startsWith('(')
                  ? functionName
                  : 'native',
    );
  }
  const total = new Map<string, number>();
  let all = 0;
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i] ?? 0;
    const b = bucketOf.get(id) ?? '?';
    total.set(b, (total.get(b) ?? 0) + us);
    all += us;
  });
  const text = [...total]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([b, us]) => `${b} ${Math.round((100 * us) / all)}%`)
    .join(', ');
  return { seconds: round(all / 1e6), text };
}

/** VmRSS and VmHWM of a process, bytes. */
function procStatus(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') * 1024, hwm: kib('VmHWM') * 1024 };
}

/** User + system CPU time of a process, ms (0 once it is gone). */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after "pid (comm) ".
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** The server's connections to its scratch database (their backends run on this machine). */
async function backendPids(db: ScratchDatabase): Promise<number[]> {
  const rows = await db.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()`,
    [db.name],
  );
  return rows.map((r) => r.pid);
}

interface Download {
  headersMs: number;
  firstByteMs: number;
  totalMs: number;
  bytes: number;
  contentEncoding: string | undefined;
}

/** GET to a file as a browser asks (with accept-encoding); the body is stored decoded. */
function download(url: string, cookie: string, file: string): Promise<Download> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = http.get(
      url,
      { headers: { cookie, 'accept-encoding': 'gzip, deflate, br' }, agent: false },
      (res) => {
        const headersMs = performance.now() - t0;
        if (res.statusCode !== 200) {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => reject(new Error(`export answered ${res.statusCode}: ${body.slice(0, 300)}`)));
          return;
        }
        const encoding = res.headers['content-encoding'];
        let firstByteMs = NaN;
        let bytes = 0;
        res.on('data', (chunk: Buffer) => {
          if (bytes === 0) firstByteMs = performance.now() - t0;
          bytes += chunk.length;
        });
        const decoder =
          encoding === 'gzip' || encoding === 'deflate'
            ? zlib.createUnzip()
            : encoding === 'br'
              ? zlib.createBrotliDecompress()
              : undefined;
        const out = fs.createWriteStream(file);
        const source = decoder ? res.pipe(decoder) : res;
        source.pipe(out);
        source.on('error', reject);
        res.on('error', reject);
        out.on('error', reject);
        out.on('finish', () =>
          resolve({
            headersMs,
            firstByteMs,
            totalMs: performance.now() - t0,
            bytes,
            contentEncoding: encoding,
          }),
        );
      },
    );
    req.on('error', reject);
  });
}

/** Data rows (after the header row) and header columns of an xlsx's first sheet, streamed. */
async function countRows(
  file: string,
): Promise<{ rows: number; distinct: number; columns: number; ms: number }> {
  const t = performance.now();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  let rows = -1;
  let columns = 0;
  const numbers = new Set<string>();
  for await (const sheet of reader) {
    for await (const row of sheet) {
      if (rows === -1) columns = row.cellCount;
      // 隐患编号 is a plain text cell.
      else numbers.add(row.getCell(1).text);
      rows++;
    }
    break;
  }
  return { rows: Math.max(rows, 0), distinct: numbers.size, columns, ms: performance.now() - t };
}

interface FillResult {
  inserted: number;
  school_hazards: number;
  with_plan: number;
  title_min: number;
  title_max: number;
  desc_min: number;
  desc_max: number;
  desc_avg: number;
  statuses: string;
}

const FINDINGS: [domain: string, title: string, measures: string][] = [
  ['fire', '楼道灭火器压力不足', '更换灭火器，补充压力并张贴月度检查卡'],
  ['fire', '安全出口堆放杂物', '清理杂物，设置禁止堆放标识并纳入日常巡查'],
  ['fire', '疏散指示标志不亮', '更换应急照明与疏散指示灯，逐层测试'],
  ['fire', '消防栓箱内水带缺失', '补齐水带、枪头，加装铅封'],
  ['fire', '防火门常闭失效', '维修闭门器，张贴“防火门保持常闭”标识'],
  ['electric', '宿舍私拉乱接电线', '拆除私拉电线，开展用电安全教育'],
  ['electric', '配电箱未上锁、无警示标识', '加装锁具并张贴警示标识'],
  ['electric', '插座面板烧黑松动', '断电更换插座面板，排查同回路线路'],
  ['dorm', '宿舍发现违规电器（热得快）', '收缴违规电器，通报班级并约谈学生'],
  ['dorm', '宿舍门锁损坏', '更换门锁，核对钥匙登记'],
  ['dorm', '阳台晾衣杆锈蚀松动', '更换晾衣杆并加固支架'],
  ['facilities', '楼梯护栏松动', '加固护栏，期间设置警示隔离'],
  ['facilities', '走廊吊顶脱落', '更换吊顶板，检查龙骨与吊杆'],
  ['facilities', '地面破损积水', '修补地面并做防滑处理，放置警示牌'],
  ['facilities', '外墙瓷砖空鼓有脱落风险', '拉设警戒区域，联系施工单位铲除重贴'],
  ['food', '食堂留样记录不全', '完善留样登记，专人负责每日核查'],
  ['food', '后厨生熟案板混用', '分设生熟案板并标识，开展从业人员培训'],
  ['security', '监控摄像头画面中断', '维修线路并恢复画面，纳入周检'],
  ['security', '围墙护栏破损可攀爬', '修补护栏，加装防攀爬设施'],
  ['lab', '危化品柜未双人双锁', '加装双锁并落实双人管理'],
  ['lab', '实验室洗眼器无法出水', '维修洗眼器，每周放水测试并记录'],
  ['surroundings', '校门口流动摊点占道', '联合城管、派出所清理，加强上下学时段巡逻'],
  ['traffic', '校内减速带损坏', '更换减速带，补划减速标线'],
  ['traffic', '校门口人车混行无隔离', '设置隔离护栏，上下学时段安排人员疏导'],
];

const DETAILS = [
  '现场已拍照留存，已告知楼栋管理员，请责任单位在期限内整改并上传整改后照片',
  '检查时发现，现场已设置临时警示标识，待责任单位整改',
  '学生反映后到现场核实属实，影响日常通行和疏散，需尽快处理',
  '夜间巡查发现，已通知值班人员先行管控，次日报修',
  '同一位置本月第二次发现，请责任单位查明原因，从源头整改，避免反复出现',
  '涉及同层多个房间，需逐一排查登记后统一整改，整改完成后由网格员复查',
  '已口头提醒相关人员，现场暂未发生事故，但存在较大安全风险',
  '属于季节性隐患，雨季到来前必须完成整改并组织复查',
  '整改需采购配件，预计需要一周左右，期间请加强巡查',
  '网格员日常排查中发现，已拍照上报网格长和网格化管理中心',
  '与上次检查情况一致，整改措施未落实到位，请督促责任单位限期完成',
  '现场存在安全风险，建议立即停用并设置隔离，待专业人员检修后恢复使用',
];

const PEOPLE = ['张伟', '李娜', '王强', '刘洋', '陈静', '杨帆', '赵磊', '黄敏', '周杰', '吴芳'];
const ORIGINS = ['inspection', 'inspection', 'inspection', 'adhoc', 'patrol', 'public', 'video', 'police'];

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * `rows` hazards of the demo college over the year up to now, on its building grids (as the demo's
 * own hazards are), answered by the grid or, every fourth, by a department. Ends with one row of
 * figures about what was inserted.
 */
const FILL_SQL = (rows: number) => `
create temporary table bench_school as select id from orgs where code = '${SCHOOL}';
create temporary table bench_at as
select (row_number() over (order by g.code))::int - 1 as k, (count(*) over ())::int as n,
       p.id as place_id, g.id as grid_id, g.path as grid_path
from grid_bindings b join grids g on g.id = b.grid_id and g.level = 'building'
join places p on p.id = b.place_id
where g.school_id = (select id from bench_school);
create temporary table bench_units as
select (row_number() over (order by code))::int - 1 as k, (count(*) over ())::int as n, id
from orgs where code in ('${SCHOOL}-BWC', '${SCHOOL}-HQ', '${SCHOOL}-XGC', '${SCHOOL}-WGZX');
create temporary table bench_findings (k int, domain text, title text, measures text);
insert into bench_findings values ${FINDINGS.map(([d, t, m], k) => `(${k}, ${lit(d)}, ${lit(t)}, ${lit(m)})`).join(', ')};
create temporary table bench_details (k int, body text);
insert into bench_details values ${DETAILS.map((d, k) => `(${k}, ${lit(d)})`).join(', ')};
create temporary table bench_people (k int, name text);
insert into bench_people values ${PEOPLE.map((p, k) => `(${k}, ${lit(p)})`).join(', ')};

insert into hazards (id, no, school_id, domain, grade, origin, title, description, place_id, grid_id, grid_path,
  unit_org_id, unit_grid_id, found_by_name, found_at, deadline, status, plan, notice_no, notice_at,
  supervised_at, overdue_at, closed_at, verified_by_name, rejections, created_at, updated_at)
select gen_random_uuid(),
  'YH' || to_char(t.local, 'YYYYMMDD')
       || lpad((100 + row_number() over (partition by to_char(t.local, 'YYYYMMDD') order by g))::text, 4, '0'),
  (select id from bench_school), f.domain, gr.grade,
  (array[${ORIGINS.map(lit).join(', ')}])[g % ${ORIGINS.length} + 1],
  f.title,
  (g % 6 + 1) || '层' || (array['东侧', '西侧', '南侧', '北侧', '中部'])[g % 5 + 1] || f.title || '，' || d.body || '。',
  a.place_id, a.grid_id, a.grid_path,
  case when g % 4 = 0 then u.id end, case when g % 4 = 0 then null else a.grid_id end,
  p.name, t.at, dl.deadline, st.status,
  case when st.status <> 'open' then jsonb_build_object(
    'person', (select name from bench_people where k = (g / 13) % ${PEOPLE.length}),
    'measures', f.measures,
    'funds', (g % 21) * 100,
    'deadline', to_char(dl.deadline at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'interim', case when gr.grade = 'major' then '设置警戒线与警示标志，专人值守' else '' end) end,
  case when g % 10 = 0 then to_char(t.local, 'YYYY') || '-' || lpad((g / 10)::text, 5, '0') end,
  case when g % 10 = 0 then t.at + interval '4 hours' end,
  case when gr.grade = 'major' then t.at
       when st.status <> 'closed' and now() > dl.deadline + interval '3 days' then dl.deadline + interval '3 days' end,
  case when coalesce(cl.closed_at, now()) > dl.deadline then dl.deadline + interval '1 second' end,
  cl.closed_at,
  case when cl.closed_at is not null then '王晓燕' end,
  case when g % 17 = 0 then 1 else 0 end,
  t.at, coalesce(cl.closed_at, t.at + interval '5 hours')
from generate_series(1, ${rows}) g
-- Milliseconds, as the server writes its times (JavaScript dates).
cross join lateral (select date_trunc('milliseconds', now() - ((g::bigint * 7919) % 31536000) * interval '1 second') as at) t0
cross join lateral (select t0.at, (t0.at at time zone 'UTC') + interval '8 hours' as local) t
cross join lateral (select case when g % 50 = 0 then 'major' when g % 5 = 0 then 'serious' else 'general' end as grade) gr
cross join lateral (select (date_trunc('day', t.local)
    + (case gr.grade when 'major' then 2 when 'serious' then 4 else 8 end) * interval '1 day'
    - interval '1 second' - interval '8 hours') at time zone 'UTC' as deadline) dl
cross join lateral (select case
    when now() - t.at > interval '30 days'
      then case when g % 100 < 92 then 'closed' when g % 100 < 97 then 'rectifying' else 'submitted' end
    else (array['open', 'rectifying', 'submitted', 'closed'])[g % 4 + 1] end as status) st
cross join lateral (select case when st.status = 'closed' then least(
    case when g % 7 = 0 then dl.deadline + interval '2 days' else t.at + (dl.deadline - t.at) * 0.6 end,
    now()) end as closed_at) cl
join bench_at a on a.k = g % a.n
join bench_units u on u.k = g % u.n
join bench_findings f on f.k = (g / 7) % ${FINDINGS.length}
join bench_details d on d.k = (g / 3) % ${DETAILS.length}
join bench_people p on p.k = (g / 11) % ${PEOPLE.length};
analyze hazards;
`;

/** What was inserted, in one row. */
const STATS_SQL = `with mine as (select * from hazards h where h.school_id = (select id from orgs where code = '${SCHOOL}')
          and h.found_by_name in (${PEOPLE.map(lit).join(', ')}))
select (select count(*) from mine)::int as inserted,
       (select count(*) from hazards h where h.school_id = (select id from orgs where code = '${SCHOOL}'))::int as school_hazards,
       (select count(*) from mine where plan is not null)::int as with_plan,
       (select min(char_length(title)) from mine)::int as title_min,
       (select max(char_length(title)) from mine)::int as title_max,
       (select min(char_length(description)) from mine)::int as desc_min,
       (select max(char_length(description)) from mine)::int as desc_max,
       (select round(avg(char_length(description))) from mine)::int as desc_avg,
       (select string_agg(status || ' ' || n, ', ' order by n desc)
          from (select status, count(*) as n from mine group by status) x) as statuses;
`;

async function fill(db: ScratchDatabase | undefined, pgliteDir: string, rows: number): Promise<FillResult> {
  if (db) {
    // One session: the temporary tables live only in the connection that made them.
    await db.query(FILL_SQL(rows));
    const [r] = await db.query<FillResult>(STATS_SQL);
    return r!;
  }
  const pg = new PGlite(pgliteDir);
  await pg.waitReady;
  try {
    await pg.exec(FILL_SQL(rows));
    const {
      rows: [r],
    } = await pg.query<FillResult>(STATS_SQL);
    return r!;
  } finally {
    await pg.close();
  }
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
