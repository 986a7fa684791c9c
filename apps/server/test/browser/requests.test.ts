import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { grids } from '../../src/modules/grids/index.js';
import { places } from '../../src/modules/places/index.js';
import { PNG } from '../support/files.js';
import {
  screenshotPath,
  see,
  signInByApi,
  signInToConsole,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

const PHONE = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

// A Monday morning: working hours, so the clocks run from the moment the request is filed.
const clock = new ManualClock(new Date('2026-11-30T09:00:00+08:00'));
let h: BrowserHarness | undefined;

afterAll(async () => h?.close());

/** Take a step on the console's request page: the button, then the dialog's confirm if one opens. */
async function step(page: Page, action: string, message?: string) {
  const detail = page.getByTestId('request-detail');
  const before = await detail.getAttribute('data-status');
  await page.getByTestId(`req-action-${action}`).click();
  const box = page.getByTestId('req-action-message');
  const confirm = page.getByTestId('req-action-confirm');
  await confirm
    .or(page.locator(`[data-testid="request-detail"]:not([data-status="${before}"])`))
    .first()
    .waitFor();
  if (await confirm.isVisible()) {
    if (message && (await box.isVisible())) await box.fill(message);
    await confirm.click();
  }
  await see(
    page.locator(`[data-testid="request-detail"]:not([data-status="${before}"])`),
    `the request after ${action}`,
  );
}

/** The percentage shown in a rates row's cell, as a number (null when the cell shows none). */
async function rateCell(page: Page, key: string, which: 'response' | 'resolution' | 'satisfaction') {
  const text = await page
    .locator(`[data-testid="rates-table"] [data-row-key="${key}"] [data-testid="rate-${which}"]`)
    .innerText();
  const m = /([\d.]+)\s*%/.exec(text);
  return m ? Number(m[1]) : null;
}

describe('requests in the browser', () => {
  it('scan → file with a photo on the phone → the grid handler replies from its queue → the reporter rates → the rates move', async () => {
    h = await startBrowserHarness({ clock });
    const db = h.rt.kernel.db;
    const [room] = await db
      .select({ id: places.id, code: places.code })
      .from(places)
      .where(and(eq(places.kind, 'room'), eq(places.code, 'S03-0203')));
    const [grid] = await db.select({ id: grids.id }).from(grids).where(eq(grids.code, 'G-S03'));
    expect(room && grid).toBeTruthy();

    const [phone, handler, centre] = await Promise.all([h.newPage(PHONE), h.newPage(), h.newPage()]);

    // The dashboard before: the building grid's rates today (only today's requests count).
    await signInToConsole(centre, h.base, 'grid.center');
    const today = '2026-11-30';
    await centre.goto(`${h.base}/requests/rates?groupBy=unit&from=${today}&to=${today}`);
    await see(centre.getByTestId('rates-table'), 'the rates table');
    expect(await centre.locator(`[data-testid="rates-table"] [data-row-key="${grid!.id}"]`).count()).toBe(0);

    // The student scans the QR code on the door of S03-0203: the form opens with the place filled in.
    await signInByApi(phone, h.base, 'student');
    await phone.goto(`${h.base}/m/#/report?place=${room!.id}`);
    await see(phone.getByText('学生公寓3号楼 / 203').first(), 'the scanned place on the form');
    await phone.getByTestId('report-category-DORM').click();
    await phone.getByTestId('report-description').fill('隔壁宿舍每晚12点后还在大声打游戏，影响休息');
    await phone
      .getByTestId('report-photo-input')
      .setInputFiles({ name: 'noise.png', mimeType: 'image/png', buffer: PNG });
    await see(phone.getByTestId('report-photo-thumb'), 'the photo thumbnail');
    await phone.getByTestId('report-submit').click();
    const done = phone.getByTestId('report-done');
    await see(done, 'the request number');
    const no = (await done.getAttribute('data-no'))!;
    const id = (await done.getAttribute('data-id'))!;
    expect(no).toMatch(/^Q20261130\d{5}$/);
    await phone.screenshot({ path: screenshotPath('request-phone-filed.png') });

    // The building grid's leader has it in 待我处理, to sign, with its photo.
    await signInToConsole(handler, h.base, 'grid.leader');
    await handler.goto(`${h.base}/requests/queue`);
    const item = handler.getByTestId(`queue-item-${no}`);
    await see(item, 'the new request in the grid leader’s queue');
    expect(await item.getAttribute('data-todo')).toBe('sign');
    await handler.screenshot({ path: screenshotPath('request-queue.png') });
    await handler.goto(`${h.base}/requests/${id}`);
    await see(
      handler.locator('[data-testid="request-detail"][data-status="dispatched"]'),
      'the request page',
    );
    await see(handler.locator(`img[src*="/api/requests/${id}/photos/"]`).first(), 'the reporter’s photo');
    await step(handler, 'sign');
    await step(handler, 'contact', '已电话联系，今晚宿管上门处理');
    await step(handler, 'reply', '已与隔壁宿舍沟通并签订作息约定，宿管将抽查');
    await see(handler.locator('[data-testid="request-detail"][data-status="replied"]'), 'the reply sent');
    await handler.screenshot({ path: screenshotPath('request-detail.png') });

    // The grid centre audits the reply (and the request goes to the reporter for the return visit).
    const centreApi = await h.rt.login('grid.center');
    const d = (await centreApi.call('GET', `/api/requests/${id}`)).json<{ version: number }>();
    const audit = await centreApi.call('POST', `/api/requests/${id}/actions`, {
      action: 'audit_pass',
      version: d.version,
    });
    expect(audit.statusCode, audit.body).toBe(200);

    // The student sees the answer in the thread and rates it: contacted, solved, 5 stars.
    await phone.goto(`${h.base}/m/#/requests/${id}`);
    await see(
      phone.locator('[data-testid="request-status"][data-status="revisit"]'),
      'the request waiting for a rating',
    );
    await see(
      phone.getByTestId('request-thread').getByText('已与隔壁宿舍沟通并签订作息约定，宿管将抽查'),
      'the reply in the thread',
    );
    await phone.getByTestId('rate-contacted-yes').click();
    await phone.getByTestId('rate-solved-yes').click();
    await phone.getByTestId('rate-star-5').click();
    await phone.getByTestId('rate-submit').click();
    await see(phone.locator('[data-testid="request-status"][data-status="closed"]'), 'the request closed');
    await phone.screenshot({ path: screenshotPath('request-phone-rated.png') });

    // The dashboard: the grid now has an answered, solved, satisfied request today.
    await centre.reload();
    await see(
      centre.locator(`[data-testid="rates-table"] [data-row-key="${grid!.id}"]`),
      'the grid’s row of rates',
    );
    expect(await rateCell(centre, grid!.id, 'response')).toBe(100);
    expect(await rateCell(centre, grid!.id, 'resolution')).toBe(100);
    expect(await rateCell(centre, grid!.id, 'satisfaction')).toBe(100);
    await centre.screenshot({ path: screenshotPath('request-rates.png') });
    expect(h.pageErrors).toEqual([]);
  });
});
