import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { and, eq, like } from 'drizzle-orm';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/app/paths.js';
import { places } from '../../src/modules/places/index.js';
import { requestCategories } from '../../src/modules/requests/index.js';
import { orgId } from '../support/runtime.js';
import {
  drawGlyphs,
  screenshotPath,
  see,
  signInByApi,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

/** Issue 16 §3: the phone as an app — opens offline, a 警情 page that rings, a 消息 page. */

const PHONE: BrowserContextOptions = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
  // Playwright's default too; said here because the offline test needs the worker.
  serviceWorkers: 'allow',
};

let h: BrowserHarness | undefined;
afterAll(async () => {
  await h?.close();
  fs.rmSync(webRoot, { recursive: true, force: true });
});

/** The phone pages as built, copied: the update test deploys a new worker into this copy. */
const webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-phone-app-'));

async function harness(): Promise<BrowserHarness> {
  if (h) return h;
  fs.cpSync(path.join(REPO_ROOT, 'apps/mobile/dist'), path.join(webRoot, 'apps/mobile/dist'), {
    recursive: true,
  });
  h = await startBrowserHarness({
    env: { WEB_DIST_DIR: webRoot },
    // The ringing test asserts the tone started: Chromium lets an AudioContext run without a tap.
    chromiumArgs: ['--autoplay-policy=no-user-gesture-required'],
  });
  return h;
}

/** Waits until the phone pages' service worker controls the page. */
async function controlled(page: Page): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await page.evaluate<boolean>('navigator.serviceWorker.controller !== null'))) {
    if (Date.now() > deadline) throw new Error('the service worker never took control of the page');
    await page.waitForTimeout(100);
  }
}

const ringingFor = (page: Page, id: string) =>
  page.locator(`[data-testid="alarm-ringing"][data-incident-ids*="${id}"]`);

describe('the phone as an app', () => {
  it('opens the SOS page from a reload with no network, served by its worker with the right headers', async () => {
    const hh = await harness();
    const { base, pageErrors } = hh;
    const page = await hh.newPage(PHONE);
    await signInByApi(page, base, 'student');
    // 我要报事 read once online (its categories are kept on the phone), then the SOS page.
    await page.goto(`${base}/m/#/report`);
    await see(page.getByRole('heading', { name: '我要报事' }), 'the request form online');
    await page.goto(`${base}/m/#/sos`);
    await see(page.getByTestId('sos-hold'), 'the SOS button online');
    await controlled(page);

    // The worker is never kept long by the HTTP cache (each open asks for a new version) and its
    // scope is the phone pages; the manifest names the app.
    const worker = await page.context().request.get(`${base}/m/sw.js`);
    expect(worker.status()).toBe(200);
    expect(worker.headers()['cache-control']).toBe('no-cache');
    expect(worker.headers()['content-type']).toMatch(/javascript/);
    const scope = await page.evaluate<string>(
      'navigator.serviceWorker.getRegistration().then((r) => r ? r.scope : "")',
    );
    expect(scope).toBe(`${base}/m/`);
    const manifestRes = await page.context().request.get(`${base}/m/manifest.webmanifest`);
    expect(manifestRes.headers()['content-type']).toMatch(/^application\/manifest\+json/);
    const manifest = (await manifestRes.json()) as {
      name: string;
      start_url: string;
      icons: { src: string }[];
    };
    expect(manifest).toMatchObject({ name: '安校', start_url: '/m/' });
    const icon = await page.context().request.get(`${base}${manifest.icons[0]!.src}`);
    expect(icon.headers()['content-type']).toBe('image/png');

    await page.context().setOffline(true);
    await page.reload();
    expect(page.url()).toBe(`${base}/m/#/sos`);
    await see(page.getByTestId('sos-hold'), 'the SOS button after a reload with no network');
    await see(page.getByText('按住报警'), 'the SOS page in Chinese, offline');
    await page.screenshot({ path: screenshotPath('phone-offline-sos.png') });

    // Another page of the app opened with no network: 随手拍 and 今日任务 are ours too.
    const other = await page.context().newPage();
    await other.goto(`${base}/m/#/snap`);
    await see(other.getByRole('heading', { name: '随手拍' }), 'the 随手拍 page offline');
    await other.goto(`${base}/m/#/report`);
    await other.reload();
    await see(other.getByRole('heading', { name: '我要报事' }), 'the request form offline');
    await see(other.getByRole('radio').first(), "the request form's categories, as last read");
    await other.screenshot({ path: screenshotPath('phone-offline-report.png') });
    await other.close();
    await page.context().setOffline(false);
    expect(pageErrors).toEqual([]);
  });

  it('installs a new version on the next open and says so; a tap switches to it', async () => {
    const hh = await harness();
    const { base, pageErrors } = hh;
    const page = await hh.newPage(PHONE);
    await signInByApi(page, base, 'student');
    await page.goto(`${base}/m/#/sos`);
    await controlled(page);
    await see(page.getByTestId('sos-hold'), 'the SOS page of the first version');

    // A deploy: the server now has another worker (same pages, one line more), with its
    // precompressed copies as the build writes them (the server sends those first).
    const worker = path.join(webRoot, 'apps/mobile/dist/sw.js');
    fs.appendFileSync(worker, '\n// the next build\n');
    const next = fs.readFileSync(worker);
    fs.writeFileSync(`${worker}.br`, zlib.brotliCompressSync(next));
    fs.writeFileSync(`${worker}.gz`, zlib.gzipSync(next));
    // The next open: the browser asks for the worker again (never cached: no-cache) and installs it.
    await page.reload();
    const notice = page.getByTestId('update-notice');
    await see(notice.getByText('新版本已就绪'), 'the notice that a new version is ready');
    await page.screenshot({ path: screenshotPath('phone-update-ready.png') });
    await notice.getByRole('button', { name: '立即更新' }).click();
    await notice.waitFor({ state: 'detached', timeout: 10_000 });
    await see(page.getByTestId('sos-hold'), 'the SOS page under the new version');
    expect(
      await page.evaluate<boolean>('navigator.serviceWorker.getRegistration().then((r) => !r.waiting)'),
    ).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("a guard's and a police officer's 警情 pages ring for an SOS; the guard acknowledges, the police accept", async () => {
    const hh = await harness();
    const { base, rt, pageErrors } = hh;
    const [guard, police] = await Promise.all([hh.newPage(PHONE), hh.newPage(PHONE)]);
    await signInByApi(guard, base, 'guard');
    await signInByApi(police, base, 'police');
    // The way in is the home page's 警情 entry.
    await guard.goto(`${base}/m/`);
    await see(guard.getByTestId('tile-alarms'), "the 警情 entry on the guard's home page");
    await guard.screenshot({ path: screenshotPath('phone-guard-home.png') });
    await guard.getByTestId('tile-alarms').click();
    await police.goto(`${base}/m/#/alarms`);
    await see(guard.getByTestId('alarms-page'), "the guard's 警情 page");
    await see(police.getByTestId('alarms-page'), "the police officer's 警情 page");

    // A student presses SOS (the real route, as the phone's outbox sends it).
    const student = await rt.login('student');
    const sos = await student.call('POST', '/api/alarms/sos', {
      idempotencyKey: 'phone-app-sos-0001',
      alarmClass: 'police',
      note: '宿舍楼下有人打架',
    });
    expect(sos.statusCode, sos.body).toBe(201);
    const { id } = sos.json<{ id: string }>();
    const raisedAt = Date.now();

    await Promise.all([
      see(ringingFor(guard, id), "the guard's phone ringing", 10_000),
      see(ringingFor(police, id), "the police officer's phone ringing", 10_000),
    ]);
    console.log(`SOS 201 → both phones ringing: ${Date.now() - raisedAt} ms`);
    for (const page of [guard, police]) {
      await see(
        page.locator(`[data-testid="alarm-ringing"][data-sound="running"][data-sounding="true"]`),
        'the alarm tone playing',
        5_000,
      );
    }
    await see(ringingFor(guard, id).getByText('宿舍楼下有人打架'), "the caller's note on the banner");
    await guard.screenshot({ path: screenshotPath('phone-alarms-ringing.png') });
    const ink = await drawGlyphs(guard, ['警', '情', '报']);
    expect(new Set(ink.map((g) => g.digest)).size, 'distinct Chinese glyphs, not boxes').toBe(3);

    // The guard acknowledges: the guard's phone falls silent; the police still ring until they accept.
    await ringingFor(guard, id).getByTestId('alarm-acknowledge').click();
    await ringingFor(guard, id).waitFor({ state: 'detached', timeout: 5_000 });
    await see(
      guard.locator(`[data-testid="alarm-card"][data-incident-id="${id}"][data-status="acknowledged"]`),
      'the alarm acknowledged on the guard’s list',
    );
    await see(ringingFor(police, id), 'the police phone still ringing');
    await ringingFor(police, id).getByTestId('alarm-police_accept').click();
    await ringingFor(police, id).waitFor({ state: 'detached', timeout: 5_000 });

    // The console's API says so.
    const admin = await rt.login('school.admin');
    const detail = (await admin.call('GET', `/api/incidents/${id}`)).json<{
      status: string;
      acknowledgedAt: string | null;
      policeAcceptedAt: string | null;
      timeline: { kind: string; actorName: string }[];
    }>();
    expect(detail.acknowledgedAt).not.toBeNull();
    expect(detail.policeAcceptedAt).not.toBeNull();
    expect(detail.status).toBe('dispatched');
    expect(pageErrors).toEqual([]);
  });

  it('the 消息 page lists a notification, opens its object and marks it read', async () => {
    const hh = await harness();
    const { base, rt, pageErrors } = hh;
    // The student files a request; the grid centre writes back: the student is notified.
    const school = await orgId(rt, 'DYVTC');
    const [room] = await rt.kernel.db
      .select({ id: places.id })
      .from(places)
      .where(and(eq(places.kind, 'room'), like(places.code, 'S03-%')))
      .limit(1);
    const [dorm] = await rt.kernel.db
      .select({ id: requestCategories.id })
      .from(requestCategories)
      .where(and(eq(requestCategories.schoolId, school), eq(requestCategories.code, 'DORM')));
    const student = await rt.login('student');
    const filed = await student.call('POST', '/api/requests', {
      idempotencyKey: 'phone-app-request-0001',
      categoryId: dorm!.id,
      description: '宿舍楼道的灯坏了，晚上很黑',
      placeId: room!.id,
      photos: [],
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const requestId = filed.json<{ id: string }>().id;
    const centre = await rt.login('grid.center');
    const wrote = await centre.call('POST', `/api/requests/${requestId}/messages`, {
      body: '已通知物业，今晚前修好。',
    });
    expect(wrote.statusCode, wrote.body).toBe(200);

    const page = await hh.newPage(PHONE);
    await signInByApi(page, base, 'student');
    await page.goto(`${base}/m/`);
    await see(page.getByTestId('inbox-unread').getByText('1 条未读'), 'the unread count on the home page');
    await page.getByTestId('tile-inbox').click();
    const item = page.locator('[data-testid="inbox-item"][data-read="false"]', {
      hasText: '办理单位给您留言',
    });
    await see(item, 'the unread notification on the 消息 page');
    await page.screenshot({ path: screenshotPath('phone-inbox.png') });

    await item.click();
    await page.waitForURL(`${base}/m/#/requests/${requestId}`);
    await see(page.getByText('已通知物业，今晚前修好。'), "the request with the centre's message");
    const inbox = (await student.call('GET', '/api/notifications')).json<{
      unread: number;
      items: { readAt: string | null }[];
    }>();
    expect(inbox.unread).toBe(0);
    await page.goBack();
    await see(page.locator('[data-testid="inbox-item"][data-read="true"]'), 'the notification shown as read');
    expect(pageErrors).toEqual([]);
  });
});
