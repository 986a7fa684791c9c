import { and, eq, like } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { grids } from '../../src/modules/grids/index.js';
import { places } from '../../src/modules/places/index.js';
import { requestCategories } from '../../src/modules/requests/index.js';
import { PNG } from '../support/files.js';
import { orgId, type Session } from '../support/runtime.js';
import {
  see,
  signInByApi,
  signInToConsole,
  startBrowserHarness,
  type BrowserHarness,
  screenshotPath,
} from '../support/browser.js';
import { users } from '../../src/modules/identity/index.js';

const PHONE = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

// Issue 14, items 5–8 in the browser: what a new user of requests sees. The first test starts the
// server and the browser on a freshly seeded demo; on a busy machine that alone takes a minute.

// Monday 23 November 2026, 09:00 in China; the demo's request history lies three days and more before.
const clock = new ManualClock(new Date('2026-11-23T09:00:00+08:00'));
let h: BrowserHarness | undefined;
let n = 0;

afterAll(async () => h?.close());

async function file(s: Session, body: object) {
  const r = await s.call('POST', '/api/requests', { idempotencyKey: `browser-user-${++n}`, ...body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>();
}
async function act(s: Session, id: string, action: string, extra: object = {}) {
  const d = (await s.call('GET', `/api/requests/${id}`)).json<{ version: number }>();
  const r = await s.call('POST', `/api/requests/${id}/actions`, { action, version: d.version, ...extra });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
}

describe('requests, as a new user meets them', () => {
  it('我要报事 offers the account’s phone, refuses a wrong one, and 联系诉求人 shows the number left', async () => {
    h ??= await startBrowserHarness({ clock });
    const db = h.rt.kernel.db;
    const [own] = await db.select({ phone: users.phone }).from(users).where(eq(users.username, 'student'));
    const [room] = await db
      .select({ id: places.id })
      .from(places)
      .where(and(eq(places.kind, 'room'), eq(places.code, 'S03-0203')));
    const phone = await h.newPage(PHONE);
    await signInByApi(phone, h.base, 'student');
    await phone.goto(`${h.base}/m/#/report?place=${room!.id}`);
    const field = phone.getByTestId('report-phone');
    await see(field, 'the contact phone field');
    await expect.poll(() => field.inputValue()).toBe(own!.phone);
    await phone.getByTestId('report-category-DORM').click();
    await phone.getByTestId('report-description').fill('宿舍门锁坏了，晚上关不上门');
    await field.fill('12345');
    await phone.getByTestId('report-submit').click();
    await see(phone.getByText('请填写正确的手机号或固定电话（含区号）'), 'the phone refused');
    await field.fill('0546-8221234');
    await phone.getByTestId('report-submit').click();
    const done = phone.getByTestId('report-done');
    await see(done, 'the request filed');
    const id = (await done.getAttribute('data-id'))!;

    // The building grid's leader signs it and opens 联系诉求人: the number is there to call.
    const leaderApi = await h.rt.login('grid.leader');
    await act(leaderApi, id, 'sign');
    const desk = await h.newPage();
    await signInToConsole(desk, h.base, 'grid.leader');
    await desk.goto(`${h.base}/requests/${id}`);
    await see(desk.locator('[data-testid="request-detail"][data-status="accepted"]'), 'the request');
    await desk.getByTestId('req-action-contact').click();
    const call = desk.getByTestId('req-contact-phone');
    await see(call, 'the number in 联系诉求人');
    expect(await call.innerText()).toContain('0546-8221234');
    expect(await call.locator('a[href="tel:0546-8221234"]').count()).toBe(1);
  }, 300_000);

  it('the reply dialog takes photos of the work done; both threads show them', async () => {
    h ??= await startBrowserHarness({ clock });
    const db = h.rt.kernel.db;
    const [room] = await db
      .select({ id: places.id })
      .from(places)
      .where(and(eq(places.kind, 'room'), eq(places.code, 'S03-0203')));
    const [cat] = await db
      .select({ id: requestCategories.id })
      .from(requestCategories)
      .where(eq(requestCategories.code, 'DORM'))
      .limit(1);
    const studentApi = await h.rt.login('student');
    const leaderApi = await h.rt.login('grid.leader');
    const f = await file(studentApi, {
      categoryId: cat!.id,
      description: '卫生间水龙头一直滴水',
      placeId: room!.id,
    });
    await act(leaderApi, f.id, 'sign');
    await act(leaderApi, f.id, 'contact', { message: '已联系，今天下午维修' });

    const desk = await h.newPage();
    await signInToConsole(desk, h.base, 'grid.leader');
    await desk.goto(`${h.base}/requests/${f.id}`);
    await see(desk.locator('[data-testid="request-detail"][data-status="contacted"]'), 'the request');
    await desk.getByTestId('req-action-reply').click();
    await desk.getByTestId('req-action-message').fill('已更换水龙头，不再滴水');
    await desk
      .getByTestId('req-photo-input')
      .setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: PNG });
    await see(desk.locator('.ant-modal [data-state="done"]'), 'the photo uploaded');
    await desk.getByTestId('req-action-confirm').click();
    await see(desk.locator('[data-testid="request-detail"][data-status="replied"]'), 'the reply sent');
    const strip = desk.getByTestId('req-event-photos').locator('img');
    await see(strip.first(), 'the after photo in the timeline');
    await expect
      .poll(() => strip.first().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);

    // The reporter sees the answer with its photo on the phone.
    const phone = await h.newPage(PHONE);
    await signInByApi(phone, h.base, 'student');
    await phone.goto(`${h.base}/m/#/requests/${f.id}`);
    const thumb = phone.locator('[data-testid="request-thread"] [data-testid="thread-photos"] img');
    await see(thumb.first(), 'the after photo in the reporter’s thread');
    await expect
      .poll(() => thumb.first().evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
  }, 300_000);

  it('the rates page: an idle unit with overdue requests is not 100, a unit with nothing due says 无数据 and comes last, 逾期未结 links to its list', async () => {
    h ??= await startBrowserHarness({ clock });
    const db = h.rt.kernel.db;
    const school = await orgId(h.rt, 'DYVTC');
    const cats = await db
      .select({ id: requestCategories.id })
      .from(requestCategories)
      .where(and(eq(requestCategories.schoolId, school), eq(requestCategories.code, 'DORM')));
    const roomIn = async (b: string) =>
      (
        await db
          .select({ id: places.id })
          .from(places)
          .where(and(eq(places.kind, 'room'), like(places.code, `${b}-%`)))
          .orderBy(places.code)
          .limit(1)
      )[0]!.id;
    const gridOf = async (code: string) =>
      (await db.select({ id: grids.id }).from(grids).where(eq(grids.code, code)))[0]!.id;
    const [idle, fresh] = [await gridOf('G-S02'), await gridOf('G-S01')];

    // Two requests the second dormitory's grid signs and calls back about, then leaves.
    let student = await h.rt.login('student');
    const admin = await h.rt.login('school.admin');
    for (const text of ['三楼走廊灯坏了一周', '隔壁宿舍深夜喧哗']) {
      const f = await file(student, {
        categoryId: cats[0]!.id,
        description: text,
        placeId: await roomIn('S02'),
      });
      await act(admin, f.id, 'sign');
      await act(admin, f.id, 'contact', { message: '已电话联系' });
    }
    // Friday: those are past their two working days; a new one in the first dormitory is not yet due.
    clock.set(new Date('2026-11-27T09:30:00+08:00'));
    student = await h.rt.login('student');
    await file(student, {
      categoryId: cats[0]!.id,
      description: '水房地面积水',
      placeId: await roomIn('S01'),
    });
    clock.set(new Date('2026-11-27T10:00:00+08:00'));

    const page = await h.newPage();
    await signInToConsole(page, h.base, 'grid.center');
    await page.goto(`${h.base}/requests/rates?from=2026-11-23&to=2026-11-27`);
    const idleRow = page.locator(`[data-testid="rates-table"] [data-row-key="${idle}"]`);
    const freshRow = page.locator(`[data-testid="rates-table"] [data-row-key="${fresh}"]`);
    await see(idleRow, 'the idle grid’s row');
    await see(freshRow, 'the fresh grid’s row');
    expect(await idleRow.getByTestId('rate-score').innerText()).toBe('0.0');
    expect(await idleRow.getByTestId('rate-response').innerText()).toBe('0.0%');
    expect(await freshRow.getByTestId('rate-score').innerText()).toBe('无数据');
    expect(await freshRow.getByTestId('rate-rank').innerText()).toBe('无数据');
    // Every unit with a score comes before every unit without one.
    const cells = await page
      .locator('[data-testid="rates-table"] tbody tr[data-row-key] [data-testid="rate-score"]')
      .all();
    const scores = await Promise.all(cells.map(async (c) => (await c.getAttribute('data-value')) ?? ''));
    const firstNoData = scores.indexOf('');
    expect(firstNoData).toBeGreaterThan(0);
    expect(scores.slice(firstNoData).every((v) => v === '')).toBe(true);

    // 逾期未结 of every period, with its list.
    const overdue = page.getByTestId('rates-overdue-open');
    await see(overdue, '逾期未结');
    expect(Number(await overdue.getAttribute('data-count'))).toBeGreaterThanOrEqual(2);
    await expect(overdue.innerText()).resolves.toContain('逾期未结');
    await page.screenshot({ path: screenshotPath('rates.png'), fullPage: true });
    await page.getByTestId('rates-overdue-open-link').click();
    await page.waitForURL(/\/requests\?.*overdue=true/);
    expect(page.url()).toContain('open=true');
  }, 300_000);
});
