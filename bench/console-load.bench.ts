/**
 * console-load: the console home (概览) as the school's admin opens it, cold and warm.
 *
 * A fresh server with the demo district (this working tree's server and its built web apps, an
 * embedded database in a temporary directory), Debian's Chromium through Playwright. Each round
 * uses a new browser context (an empty HTTP cache):
 * - cold: the first navigation to / after signing in (through the API, so the login page's own
 *   files do not warm the cache);
 * - warm: a second navigation in the same context (a new tab), with what the first one cached.
 * Per navigation: ms until the menu shows, ms until the load event, requests made, requests
 * served from the browser's cache (no bytes over the network), requests answered 304, and bytes
 * received. Medians over BENCH_CONSOLE_ROUNDS (default 5) rounds.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { registerCleanup } from './lib/cleanup.js';
import { defineBenchmark, type Figure } from './lib/harness.js';
import { spawnGroup, stopGroup, type ProcessGroup } from './lib/process.js';
import { DEMO_PASSWORD, percentile, round, sortedOf, waitForHealth } from './lib/server.js';
import { freePort, sleep } from './lib/wait.js';

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
  `--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE ${HOST}`,
];
const START_TIMEOUT_MS = 5 * 60_000;
const USER = 'school.admin';

interface Navigation {
  menuMs: number;
  loadMs: number;
  requests: number;
  fromCache: number;
  notModified: number;
  bytes: number;
}

export default defineBenchmark({
  name: 'console-load',
  description:
    "The console home (概览) of the school's admin: cold (empty cache) and warm (second visit) load.",
  async run(ctx) {
    for (const dir of ['apps/admin/dist', 'apps/mobile/dist'])
      if (!fs.existsSync(path.join(ctx.repoRoot, dir, 'index.html')))
        throw new Error(`${dir} is not built: run \`npm run build\` first`);
    const rounds = Math.max(1, Number(process.env.BENCH_CONSOLE_ROUNDS ?? 5));
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-bench-console-'));
    const drop = ctx.keep
      ? () => {}
      : registerCleanup(() => fs.rmSync(tmp, { recursive: true, force: true }));
    const port = await freePort(HOST, 3470);
    const base = `http://${HOST}:${port}`;
    let server: ProcessGroup | undefined;
    let browser: Browser | undefined;
    try {
      ctx.log(`starting a fresh demo server on ${base}`);
      server = spawnGroup(
        path.join(ctx.repoRoot, 'node_modules/.bin/tsx'),
        [path.join(ctx.repoRoot, 'apps/server/src/main.ts')],
        {
          cwd: ctx.repoRoot,
          env: serverEnv({ PORT: String(port), HOST, DATA_DIR: path.join(tmp, 'data') }),
          logFile: path.join(tmp, 'server.log'),
        },
      );
      await waitForHealth(`${base}/api/health`, server, START_TIMEOUT_MS);
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
      const cold: Navigation[] = [];
      const warm: Navigation[] = [];
      // One unmeasured round first: the server's own first answers (compiling, reading files).
      for (let i = 0; i <= rounds; i++) {
        const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
        try {
          const res = await context.request.post(`${base}/api/auth/login`, {
            data: { username: USER, password: DEMO_PASSWORD },
          });
          if (!res.ok()) throw new Error(`sign-in as ${USER} answered ${res.status()}`);
          const c = await navigate(context, base);
          await sleep(200);
          const w = await navigate(context, base);
          if (i > 0) {
            cold.push(c);
            warm.push(w);
            ctx.log(`round ${i}: cold ${fmt(c)}; warm ${fmt(w)}`);
          }
        } finally {
          await context.close();
        }
      }
      const figures: Figure[] = [];
      for (const [label, runs] of [
        ['cold', cold],
        ['warm', warm],
      ] as const) {
        const med = (f: (n: Navigation) => number) => percentile(sortedOf(runs.map(f)), 0.5);
        figures.push(
          { metric: `${label}: menu shown`, value: round(med((n) => n.menuMs)), unit: 'ms', note: 'median' },
          { metric: `${label}: load event`, value: round(med((n) => n.loadMs)), unit: 'ms', note: 'median' },
          { metric: `${label}: requests`, value: med((n) => n.requests), unit: 'requests' },
          { metric: `${label}: served from cache`, value: med((n) => n.fromCache), unit: 'requests' },
          { metric: `${label}: answered 304`, value: med((n) => n.notModified), unit: 'requests' },
          { metric: `${label}: bytes received`, value: med((n) => n.bytes), unit: 'bytes' },
        );
      }
      return figures;
    } finally {
      await browser?.close();
      if (server) await stopGroup(server);
      server?.release();
      drop();
    }
  },
});

/** One navigation to the console home in a new tab of the context, measured through the DevTools protocol. */
async function navigate(context: BrowserContext, base: string): Promise<Navigation> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const cached = new Set<string>();
  const status = new Map<string, number>();
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.requestWillBeSent', () => requests++);
  cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    if (!status.has(e.requestId)) status.set(e.requestId, e.response.status);
    if (e.response.fromDiskCache) cached.add(e.requestId);
  });
  // The status on the wire: a revalidated file is reported above as its cached 200.
  cdp.on('Network.responseReceivedExtraInfo', (e) => status.set(e.requestId, e.statusCode));
  cdp.on('Network.loadingFinished', (e) => {
    if (!cached.has(e.requestId)) bytes += e.encodedDataLength;
  });
  const start = performance.now();
  await page.goto(`${base}/`, { waitUntil: 'load' });
  await page.getByRole('menuitem', { name: '概览' }).first().waitFor({ state: 'visible', timeout: 30_000 });
  const menuMs = performance.now() - start;
  await page.waitForLoadState('networkidle');
  const loadMs = await page.evaluate(() => {
    // In the page (bench/ is compiled without the DOM's types).
    const timing = (
      globalThis as unknown as {
        performance: { getEntriesByType(type: string): { loadEventEnd: number; startTime: number }[] };
      }
    ).performance;
    const nav = timing.getEntriesByType('navigation')[0];
    return nav ? nav.loadEventEnd - nav.startTime : NaN;
  });
  await page.close();
  return {
    menuMs,
    loadMs,
    requests,
    fromCache: cached.size,
    notModified: [...status.values()].filter((s) => s === 304).length,
    bytes,
  };
}

function fmt(n: Navigation): string {
  return `${Math.round(n.menuMs)} ms, ${n.requests} requests (${n.fromCache} cached, ${n.notModified} 304), ${Math.round(n.bytes / 1024)} KiB`;
}

function serverEnv(set: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) || key === 'INIT_CWD' || /^(ANXIAO_|DATABASE_URL|NATS_URL|MQTT_)/.test(key))
      continue;
    env[key] = value;
  }
  return { ...env, ANXIAO_DEMO: 'true', LOG_LEVEL: 'warn', ...set };
}
