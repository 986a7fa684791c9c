import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { REPO_ROOT } from '../../src/app/paths.js';
import type { ManualClock } from '../../src/kernel/clock.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { testRuntime, type TestRuntime } from './runtime.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // WebGL (the campus map) on the CPU: headless Chromium has no GPU here.
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];

/** Where the tests leave screenshots that are not committed. */
export const SCREENSHOT_DIR = path.join(os.tmpdir(), 'anxiao-browser');

export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 800 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

export interface BrowserHarness {
  rt: TestRuntime;
  /** http://127.0.0.1:<port> of the listening server */
  base: string;
  browser: Browser;
  /** a page in a fresh context (own cookies and storage); uncaught page errors are collected */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** uncaught errors thrown in any page so far */
  pageErrors: string[];
  close(): Promise<void>;
}

/** The browser tests drive the built pages; without them they fail rather than pass vacuously. */
function requireBuiltWebApps(): void {
  const missing = ['apps/admin/dist', 'apps/mobile/dist'].filter(
    (dir) => !fs.existsSync(path.join(REPO_ROOT, dir, 'index.html')),
  );
  if (missing.length > 0) {
    throw new Error(
      `The browser tests need the built web apps, but ${missing.join(' and ')} has no index.html. ` +
        'Run `npm run build` at the repository root first.',
    );
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No Chromium at ${CHROMIUM}: install Debian's (apt-get install -y chromium).`);
  }
}

/** The whole server, listening on a free port, and a headless Chromium. */
export async function startBrowserHarness(
  opts: {
    clock?: ManualClock;
    env?: Record<string, string>;
    /** more Chromium switches, e.g. --autoplay-policy=no-user-gesture-required for a ringing test */
    chromiumArgs?: string[];
  } = {},
): Promise<BrowserHarness> {
  requireBuiltWebApps();
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const rt = await testRuntime({
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.env ? { env: opts.env } : {}),
  });
  let browser: Browser | undefined;
  try {
    await rt.start();
    const base = await rt.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [...CHROMIUM_ARGS, ...(opts.chromiumArgs ?? [])],
    });
    const pageErrors: string[] = [];
    const launched = browser;
    return {
      rt,
      base,
      browser: launched,
      pageErrors,
      async newPage(options = DESKTOP) {
        const context = await launched.newContext(options);
        const page = await context.newPage();
        page.setDefaultTimeout(15_000);
        page.on('pageerror', (err) => pageErrors.push(`${page.url()}: ${err.message}`));
        return page;
      },
      async close() {
        await launched.close();
        await rt.dispose();
      },
    };
  } catch (err) {
    await browser?.close();
    await rt.dispose();
    throw err;
  }
}

/** Waits until the locator shows, failing with what the user should have seen. */
export async function see(locator: Locator, what: string, timeout = 15_000): Promise<void> {
  try {
    await locator.filter({ visible: true }).first().waitFor({ state: 'visible', timeout });
  } catch (err) {
    const shot = screenshotPath(`failed-${Date.now()}.png`);
    await locator
      .page()
      .screenshot({ path: shot })
      .catch(() => undefined);
    throw new Error(
      `Expected to see ${what} within ${timeout} ms (looked for ${String(locator)}); the page is in ${shot}`,
      { cause: err },
    );
  }
}

/**
 * Waits until the page's finite animations have ended (a dialog zooming in, a drop-down sliding
 * open): a click on a pop-up that is still moving can land beside it.
 */
export async function settle(page: Page, timeout = 5_000): Promise<void> {
  // Polled from here: the pages' CSP forbids the string evaluation waitForFunction would need.
  const moving = `document.getAnimations().some(
    (a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)`;
  const deadline = Date.now() + timeout;
  while (await page.evaluate<boolean>(moving)) {
    if (Date.now() > deadline) throw new Error(`The page was still animating after ${timeout} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The accessible name of an antd button: antd puts a space between the two characters of a
 * two-character Chinese label (登 录), so match with or without it.
 */
export function buttonName(text: string): RegExp {
  return new RegExp(`^${[...text].join('\\s*')}$`);
}

/** Signs in through the console's login page, as a person would. */
export async function signInToConsole(page: Page, base: string, username: string): Promise<void> {
  await page.goto(`${base}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: buttonName('登录') }).click();
  await see(page.getByRole('menuitem', { name: '概览' }), `the console menu after signing in as ${username}`);
}

/** Signs a browser context in through the API (for tests about what happens after sign-in). */
export async function signInByApi(page: Page, base: string, username: string): Promise<void> {
  const res = await page.context().request.post(`${base}/api/auth/login`, {
    data: { username, password: DEMO_PASSWORD },
  });
  if (!res.ok()) throw new Error(`sign-in of ${username} failed: ${res.status()} ${await res.text()}`);
}

export interface GlyphInk {
  char: string;
  /** pixels with any ink */
  inked: number;
  /** a digest of the alpha channel, equal for equal drawings */
  digest: string;
}

// Runs in the page, so it is source text: the server's type-check has no DOM library.
const DRAW_GLYPHS = `async (chars) => {
  await document.fonts.ready;
  const family = getComputedStyle(document.body).fontFamily;
  return chars.map((char) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 64;
    const ctx = canvas.getContext('2d');
    ctx.font = '48px ' + family;
    ctx.textBaseline = 'top';
    ctx.fillStyle = '#000';
    ctx.fillText(char, 8, 8);
    const data = ctx.getImageData(0, 0, 64, 64).data;
    let inked = 0;
    let h1 = 0x811c9dc5;
    let h2 = 0;
    for (let i = 3; i < data.length; i += 4) {
      if (data[i] > 0) inked++;
      h1 = Math.imul(h1 ^ data[i], 16777619);
      h2 = (h2 * 31 + data[i] * (i + 1)) | 0;
    }
    return { char, inked, digest: (h1 >>> 0).toString(16) + ':' + (h2 >>> 0).toString(16) };
  });
}`;

/**
 * Draws each character on a canvas in the page's own font stack. A browser without a CJK font
 * draws every Chinese character as the same empty box (tofu), so distinct, inked drawings mean
 * real glyphs.
 */
export async function drawGlyphs(page: Page, chars: string[]): Promise<GlyphInk[]> {
  return page.evaluate<GlyphInk[]>(`(${DRAW_GLYPHS})(${JSON.stringify(chars)})`);
}

export function screenshotPath(name: string): string {
  return path.join(SCREENSHOT_DIR, name);
}
