import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { registerCleanup } from './lib/cleanup.js';
import { defineBenchmark, msSince, PartialResultError, type Figure } from './lib/harness.js';
import {
  describeExit,
  groupMembers,
  logTail,
  runToCompletion,
  spawnGroup,
  stopGroup,
  type ProcessGroup,
  type ProcInfo,
} from './lib/process.js';
import { freshCopy, sourceModeFromEnv } from './lib/repo.js';
import { answers200, freePort, pollUntil, sleep } from './lib/wait.js';

const HOST = '127.0.0.1';
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Any host name but the server's fails to resolve, so the page cannot reach the network.
  `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${HOST}`,
];
const LOGIN_TEXT = '安校';

const INSTALL_TIMEOUT_MS = 10 * 60_000;
const START_TIMEOUT_MS = 5 * 60_000;
const RESTART_TIMEOUT_MS = 2 * 60_000;
const STOP_TIMEOUT_MS = 30_000;
const IDLE_MS = 10_000;
const HEALTH_POLL_MS = 50;

const exec = promisify(execFile);

export default defineBenchmark({
  name: 'cold-start',
  description:
    'README quick start on a fresh copy: npm install, npm start until /api/health and the login page answer; then a restart and the idle RSS.',
  async run(ctx) {
    const figures: Figure[] = [];
    const seconds = (metric: string, ms: number, note?: string) =>
      figures.push({ metric, value: Math.round(ms / 10) / 100, unit: 's', ...(note ? { note } : {}) });

    const mode = sourceModeFromEnv(process.env.BENCH_SOURCE);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-cold-start-'));
    const dropTmp = ctx.keep ? () => {} : registerCleanup(() => removeDir(tmp));
    const repo = path.join(tmp, 'repo');
    const logs = path.join(tmp, 'logs');
    const childTmp = path.join(tmp, 'tmp');
    fs.mkdirSync(logs);
    fs.mkdirSync(childTmp);

    let browser: Browser | undefined;
    let server: ProcessGroup | undefined;
    try {
      ctx.log(`copying the repository (BENCH_SOURCE=${mode}) into ${repo}`);
      const copy = await freshCopy(ctx.repoRoot, repo, mode);
      const source = `${mode} ${copy.revision}, ${copy.files} files`;

      const port = await freePort(HOST, 3456);
      const base = `http://${HOST}:${port}`;
      const env = childEnv({ PORT: String(port), HOST, DATA_DIR: path.join(tmp, 'data'), TMPDIR: childTmp });

      ctx.log('npm install');
      const npmCache = (await exec('npm', ['config', 'get', 'cache'], { cwd: repo, env })).stdout.trim();
      const cacheState = fs.existsSync(path.join(npmCache, '_cacache'))
        ? 'existing npm cache'
        : 'empty npm cache';
      const installMs = await runToCompletion('npm', ['install'], {
        cwd: repo,
        env,
        logFile: path.join(logs, 'install.log'),
        timeoutMs: INSTALL_TIMEOUT_MS,
      });
      seconds('npm install', installMs, `${source}; ${cacheState}`);

      // Started before the clock: a user's browser is already open.
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      const page = await browser.newPage({ locale: 'zh-CN' });
      const offHost: string[] = [];
      page.on('request', (req) => {
        if (new URL(req.url()).hostname !== HOST && !req.url().startsWith('data:')) offHost.push(req.url());
      });

      ctx.log(`npm start on port ${port}`);
      const startLog = path.join(logs, 'start.log');
      const started = performance.now();
      server = spawnGroup('npm', ['start'], { cwd: repo, env, logFile: startLog });
      await waitForHealth(server, base, START_TIMEOUT_MS, 'npm start');
      seconds(
        'npm start → /api/health 200',
        msSince(started),
        'includes the vite builds of admin and mobile',
      );

      // The page cannot load before the server listens, so navigating once /api/health answers
      // costs at most one health poll interval against navigating in a loop from the start.
      const remaining = () => Math.max(1_000, START_TIMEOUT_MS - (performance.now() - started));
      const res = await page.goto(`${base}/`, { timeout: remaining() });
      if (!res?.ok()) {
        throw new Error(
          `GET / answered ${res?.status() ?? 'nothing'}: is apps/admin/dist built?\n${logTail(startLog)}`,
        );
      }
      try {
        await page.waitForFunction(pageShows, LOGIN_TEXT, { timeout: remaining() });
      } catch (err) {
        throw new Error(`the page at / never showed "${LOGIN_TEXT}"`, { cause: err });
      }
      seconds(
        'npm start → login page rendered',
        msSince(started),
        offHost.length
          ? `${offHost.length} requests to other hosts were blocked, e.g. ${offHost[0]}`
          : 'headless Chromium',
      );
      await browser.close();
      browser = undefined;

      ctx.log('stopping the server');
      const stop = await stopGroup(server, STOP_TIMEOUT_MS);
      server = undefined;
      seconds(
        'stop (SIGTERM → all processes gone)',
        stop.ms,
        stop.killed ? `ignored SIGTERM for ${STOP_TIMEOUT_MS / 1000} s; SIGKILLed` : undefined,
      );

      ctx.log('restart: npm run serve -w apps/server');
      const restarted = performance.now();
      server = spawnGroup('npm', ['run', 'serve', '-w', 'apps/server'], {
        cwd: repo,
        env,
        logFile: path.join(logs, 'restart.log'),
      });
      await waitForHealth(server, base, RESTART_TIMEOUT_MS, 'npm run serve');
      seconds('restart → /api/health 200', msSince(restarted), 'existing data dir, no build');

      ctx.log(`idle for ${IDLE_MS / 1000} s`);
      await sleep(IDLE_MS);
      if (server.exit)
        throw new Error(
          `the server exited while idle (${describeExit(server.exit)})\n${logTail(server.logFile)}`,
        );
      const members = groupMembers(server.pid);
      const serverProcs = members.filter(isServerNode);
      if (serverProcs.length === 0)
        throw new Error(`no node process running src/main.ts in process group ${server.pid}`);
      figures.push({
        metric: `idle RSS after ${IDLE_MS / 1000} s, server node processes`,
        value: mib(sum(serverProcs)),
        unit: 'MiB',
        note: serverProcs.map((p) => `${label(p)} ${mib(p.rssKiB)}`).join(' + '),
      });
      figures.push({
        metric: `idle RSS after ${IDLE_MS / 1000} s, whole process group`,
        value: mib(sum(members)),
        unit: 'MiB',
        note: members.map((p) => `${label(p)} ${mib(p.rssKiB)}`).join(' + '),
      });
      return figures;
    } catch (err) {
      throw new PartialResultError(
        `${err instanceof Error ? err.message : String(err)}${ctx.keep ? `\n(logs kept in ${logs})` : ''}`,
        figures,
        { cause: err },
      );
    } finally {
      await browser?.close();
      if (server) await stopGroup(server, STOP_TIMEOUT_MS);
      if (ctx.keep) ctx.log(`kept ${tmp}`);
      else removeDir(tmp);
      dropTmp();
    }
  },
});

/**
 * The environment of a new user's shell: nothing from the npm run that started the harness
 * (its npm_* settings and node_modules/.bin on PATH would leak this checkout into the copy),
 * and none of the server's settings except those the benchmark sets.
 */
function childEnv(set: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const serverSettings = /^(ANXIAO_|DATABASE_URL$|NATS_URL$|WEB_DIST_DIR$|PORT$|HOST$|DATA_DIR$|NODE_ENV$)/;
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || serverSettings.test(key)) continue;
    env[key] = value;
  }
  env.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((dir) => !dir.split(path.sep).includes('node_modules'))
    .join(path.delimiter);
  // TMPDIR too: tsx keeps its compile cache there, and a fresh machine starts without one.
  return { ...env, ...set };
}

async function waitForHealth(
  server: ProcessGroup,
  base: string,
  timeoutMs: number,
  what: string,
): Promise<void> {
  await pollUntil(() => answers200(`${base}/api/health`), {
    what: `${base}/api/health to answer 200 after \`${what}\``,
    timeoutMs,
    intervalMs: HEALTH_POLL_MS,
    failIf: () =>
      server.exit
        ? `\`${what}\` exited (${describeExit(server.exit)})\n${logTail(server.logFile)}`
        : undefined,
  });
}

/** Runs in the page; bench/ compiles without the DOM lib, hence the local shape of `document`. */
function pageShows(text: string): boolean {
  const { document } = globalThis as unknown as { document: { body: { innerText: string } | null } };
  return document.body?.innerText.includes(text) ?? false;
}

/** tsx runs src/main.ts in a child node; both it and that child count as the server. */
function isServerNode(p: ProcInfo): boolean {
  return path.basename(p.argv[0] ?? '') === 'node' && p.argv.some((a) => a.endsWith('src/main.ts'));
}

function label(p: ProcInfo): string {
  if (isServerNode(p)) return p.argv.some((a) => a.startsWith('--import')) ? 'server' : 'tsx';
  return p.comm;
}

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

function sum(procs: ProcInfo[]): number {
  return procs.reduce((total, p) => total + p.rssKiB, 0);
}

function mib(kib: number): number {
  return Math.round((kib / 1024) * 10) / 10;
}
