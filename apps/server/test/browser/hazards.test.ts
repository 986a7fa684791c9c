import fs from 'node:fs';
import { and, eq, sql } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { files } from '../../src/kernel/files/files.tables.js';
import { readFirstSheet } from '../../src/kernel/sheets/index.js';
import { grids } from '../../src/modules/grids/index.js';
import { hazards } from '../../src/modules/hazards/index.js';
import { taskInstances, taskTemplates } from '../../src/modules/tasks/index.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { PNG } from '../support/files.js';
import { pdfPageToPng, pdfText, squash } from '../support/pdf.js';
import {
  screenshotPath,
  see,
  settle,
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
  // where the worker stands: the checklist keeps it
  permissions: ['geolocation'],
  geolocation: { latitude: 37.4613, longitude: 118.5298, accuracy: 15 },
};

// Monday 30 November 2026, 10:00 in China: the dormitory's daily check is due today.
const clock = new ManualClock(new Date('2026-11-30T10:00:00+08:00'));
const at = (china: string) => clock.set(new Date(`${china}+08:00`));
let h: BrowserHarness | undefined;

afterAll(async () => h?.close());

const photo = (name: string) => ({ name, mimeType: 'image/png', buffer: PNG });

/** The console's form field behind a test id: the input itself, or the input inside an antd wrapper. */
async function field(page: Page, testId: string): Promise<Locator> {
  const el = page.getByTestId(testId);
  const tag = await el.evaluate((e: { tagName: string }) => e.tagName);
  return tag === 'INPUT' || tag === 'TEXTAREA' ? el : el.locator('input').first();
}

/** Adds a photo in the step's dialog and waits until it is uploaded. */
async function addPhoto(page: Page, name: string) {
  const done = page.locator('.ant-modal [data-state="done"]');
  const before = await done.count();
  await page.getByTestId('hazard-photo-input').setInputFiles(photo(name));
  await see(done.nth(before), `the uploaded photo ${name}`);
}

/**
 * Takes a step on the console's hazard page: its button, the dialog filled in by `fill`, confirm,
 * then the page shows the hazard's next version.
 */
async function step(page: Page, action: string, fill: () => Promise<void>) {
  const detail = page.getByTestId('hazard-detail');
  const version = await detail.getAttribute('data-version');
  await page.getByTestId(`hazard-action-${action}`).click();
  await see(page.getByTestId('hazard-action-confirm'), `the ${action} dialog`);
  await settle(page);
  await fill();
  await page.getByTestId('hazard-action-confirm').click();
  await see(
    page.locator(`[data-testid="hazard-detail"]:not([data-version="${version}"])`),
    `the hazard after ${action}`,
  );
  await page.locator('.ant-modal').waitFor({ state: 'detached' });
  return detail.getAttribute('data-status');
}

/**
 * The console after the session lapsed (the clock moved overnight): the sign-in page comes back
 * (allowed longer: the server catches up on a night's jobs at that moment), and the user signs in.
 */
async function signInAgain(page: Page, base: string, username: string) {
  await page.goto(`${base}/`);
  await see(page.getByLabel('用户名'), `the sign-in page again for ${username}`, 30_000);
  await signInToConsole(page, base, username);
}

/** Signs in on the phone's own sign-in page. */
async function signInOnPhone(page: Page, base: string, username: string) {
  await page.goto(`${base}/m/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

describe('hazards in the browser', () => {
  it('a checklist done offline on the phone → a hazard in one tap → notice, 五定, rework, signed pass in the console → the ledger', async () => {
    h = await startBrowserHarness({ clock });
    const db = h.rt.kernel.db;
    await h.rt.services.tasks.generate();

    // The daily 宿舍安全检查表 of 学生公寓3号楼网格, today's.
    const [task] = await db
      .select({ id: taskInstances.id })
      .from(taskInstances)
      .innerJoin(taskTemplates, eq(taskTemplates.id, taskInstances.templateId))
      .innerJoin(grids, eq(grids.id, taskInstances.gridId))
      .where(
        and(
          eq(taskTemplates.code, 'DOMAIN-DORM'),
          eq(grids.name, '学生公寓3号楼网格'),
          eq(taskInstances.periodKey, '2026-11-30'),
        ),
      );
    expect(task).toBeDefined();
    const taskId = task!.id;
    const instance = async () =>
      (await db.select().from(taskInstances).where(eq(taskInstances.id, taskId)))[0]!;
    const workerApi = await h.rt.login('grid.worker');
    const workerFiles = async () =>
      (
        await db
          .select({ n: sql<number>`count(*)::int` })
          .from(files)
          .where(eq(files.ownerId, workerApi.userId))
      )[0]!.n;
    const filesBefore = await workerFiles();

    // ── the phone: the grid worker opens today's checklist while the network is there ──────────
    const phone = await h.newPage(PHONE);
    // the phone's own clock agrees with the server's (it stamps when the checklist was done)
    await phone.context().clock.install({ time: clock.now() });
    await signInOnPhone(phone, h.base, 'grid.worker');
    await phone.getByTestId('tile-tasks').click();
    const row = phone.getByTestId(`task-item-${taskId}`);
    await see(row, 'the dormitory check in today’s tasks');
    expect(await row.getAttribute('data-status')).toBe('open');
    await row.click();
    await see(phone.getByTestId('task-answer-APPLIANCE-no'), 'the checklist');

    // The network goes; the worker goes through the building all the same.
    await phone.context().setOffline(true);
    await see(phone.getByTestId('tasks-offline'), 'the offline banner');
    await phone.getByTestId('task-answer-APPLIANCE-no').click();
    await phone.getByTestId('task-photo-APPLIANCE').setInputFiles(photo('heater.png'));
    await see(phone.getByTestId('task-photo-thumb-APPLIANCE'), 'the photo of the heater');
    await phone.getByTestId('task-note-APPLIANCE').fill('302 室发现热得快');
    for (const code of ['SMOKE', 'EXIT', 'NIGHT', 'DUTY'])
      await phone.getByTestId(`task-answer-${code}-yes`).click();
    await phone.getByTestId('task-answer-HYGIENE-good').click();
    await phone.getByTestId('task-text-SIGN').fill('赵磊');
    await phone.getByTestId('task-submit').click();
    const queued = phone.getByTestId('task-queued');
    await see(queued, 'the checklist waiting to be sent');
    await see(phone.locator('[data-testid="task-outbox"][data-count="1"]'), 'one thing waiting to be sent');
    const key = (await queued.getAttribute('data-key'))!;
    expect(key).toBeTruthy();
    await phone.screenshot({ path: screenshotPath('hazard-phone-queued.png'), fullPage: true });
    // Nothing reached the server: the task is open, the photo is still on the phone.
    expect((await instance()).status).toBe('open');
    expect((await instance()).completionKey).toBeNull();
    expect(await workerFiles()).toBe(filesBefore);

    // Twenty minutes later the network is back: the phone sends it by itself.
    at('2026-11-30T10:20:00');
    await phone.context().setOffline(false);
    await see(phone.getByTestId('task-done'), 'the checklist recorded', 30_000);
    await phone.locator('[data-testid="task-outbox"][data-count="0"]').waitFor({ state: 'attached' });
    expect(await phone.getByTestId('task-outbox').isVisible()).toBe(false);
    await see(phone.getByTestId('task-failed-APPLIANCE'), 'the failed item');
    await phone.screenshot({ path: screenshotPath('hazard-phone-done.png'), fullPage: true });
    const done = await instance();
    expect(done.status).toBe('done');
    expect(done.completionKey).toBe(key);
    expect(done.failed).toEqual(['APPLIANCE']);
    expect(done.location).toMatchObject({ lat: 37.4613, lng: 118.5298 });
    // Done offline: the time on the phone counts (a few seconds after 10:00), not the time it was sent.
    const completedAt = done.completedAt!.getTime();
    expect(completedAt).toBeGreaterThanOrEqual(Date.parse('2026-11-30T10:00:00+08:00'));
    expect(completedAt).toBeLessThan(Date.parse('2026-11-30T10:05:00+08:00'));
    expect(await workerFiles()).toBe(filesBefore + 1);
    const heater = done.answers!.find((a) => a.code === 'APPLIANCE')!;
    expect(heater.photoIds).toHaveLength(1);

    // The phone sends it again (it never saw the answer): the same, nothing twice.
    const replay = await workerApi.call('POST', `/api/tasks/${taskId}/complete`, {
      key,
      doneAt: done.completedAt!.toISOString(),
      location: done.location,
      answers: done.answers,
    });
    expect(replay.statusCode, replay.body).toBe(200);
    expect(new Date(replay.json<{ completedAt: string }>().completedAt).getTime()).toBe(completedAt);
    const after = await instance();
    expect(after.completionKey).toBe(key);
    expect(after.completedAt!.getTime()).toBe(completedAt);
    expect(await db.select().from(hazards).where(eq(hazards.taskInstanceId, taskId))).toEqual([]);
    expect(await workerFiles()).toBe(filesBefore + 1);

    // 转为隐患 in one tap, graded 较大.
    await phone.getByTestId('task-grade-APPLIANCE-serious').click();
    await phone.getByTestId('task-hazard-APPLIANCE').click();
    const made = phone.getByTestId('task-hazard-no-APPLIANCE');
    await see(made, 'the hazard’s number');
    const no = (await made.getAttribute('data-no'))!;
    expect(no).toMatch(/^YH20261130\d{4}$/);
    // Read again: the same hazard, still one.
    await phone.reload();
    await see(phone.locator(`[data-testid="task-hazard-no-APPLIANCE"][data-no="${no}"]`), 'the hazard again');
    await phone.screenshot({ path: screenshotPath('hazard-phone-hazard.png'), fullPage: true });
    const found = await db
      .select()
      .from(hazards)
      .where(and(eq(hazards.taskInstanceId, taskId), eq(hazards.itemCode, 'APPLIANCE')));
    expect(found).toHaveLength(1);
    const hazard = found[0]!;
    expect(hazard.no).toBe(no);
    expect(hazard.grade).toBe('serious');
    expect(hazard.photos).toEqual(heater.photoIds);
    const id = hazard.id;

    // ── the console: the office issues the rectification notice ───────────────────────────────
    at('2026-11-30T10:30:00');
    const centre = await h.newPage();
    await signInToConsole(centre, h.base, 'grid.center');
    await centre.goto(`${h.base}/hazards/${id}`);
    await see(centre.locator(`[data-testid="hazard-detail"][data-no="${no}"]`), 'the hazard page');
    await centre.getByTestId('hazard-notice-issue').click();
    await see(centre.locator('.ant-popconfirm'), 'the confirmation');
    await settle(centre);
    await centre.locator('.ant-popconfirm').getByRole('button', { name: '下达整改通知书' }).click();
    const link = centre.getByTestId('hazard-notice-link');
    await see(link, 'the notice’s link');
    expect(await link.getAttribute('data-notice-no')).toBe('2026-0001');
    const pdf = await centre.context().request.get(`${h.base}${await link.getAttribute('href')}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = await pdf.body();
    const text = squash((await pdfText(bytes)).join(''));
    for (const s of [
      '隐患整改通知书',
      '安整〔2026〕第1号',
      no,
      '东营职业学院',
      '学生公寓3号楼网格',
      '宿舍内无违规电器',
      '较大隐患',
      '2026年12月3日前',
      '检查人（签字）',
    ])
      expect(text, s).toContain(squash(s));
    const drawn = await pdfPageToPng(await h.newPage(), bytes, screenshotPath('hazard-notice.png'));
    expect(drawn.pages).toBeGreaterThanOrEqual(1);

    // ── the unit: the grid leader finds it in 隐患待办 and fills the 五定 ──────────────────────
    at('2026-11-30T11:00:00');
    const leader = await h.newPage();
    await signInToConsole(leader, h.base, 'grid.leader');
    await leader.goto(`${h.base}/hazards/queue`);
    const todo = leader.getByTestId(`hazard-queue-item-${no}`);
    await see(todo, 'the hazard in the grid leader’s 待办');
    expect(await todo.getAttribute('data-todo')).toBe('plan');
    await todo.click();
    await see(leader.locator(`[data-testid="hazard-detail"][data-id="${id}"]`), 'the hazard page');
    expect(
      await step(leader, 'plan', async () => {
        await (await field(leader, 'hazard-plan-person')).fill('陈志强');
        await (await field(leader, 'hazard-plan-measures')).fill('收缴违规电器，通报班级，开展用电安全教育');
        await (await field(leader, 'hazard-plan-funds')).fill('200');
        // the unit's own date, a day before the hazard's deadline (3 December)
        const deadline = await field(leader, 'hazard-plan-deadline');
        await deadline.click();
        await deadline.press('ControlOrMeta+a');
        await deadline.pressSequentially('2026-12-02');
        await deadline.press('Enter');
        expect(await deadline.inputValue()).toBe('2026-12-02');
        await (await field(leader, 'hazard-plan-interim')).fill('宿管每晚巡查用电情况');
      }),
    ).toBe('rectifying');
    await see(leader.getByTestId('hazard-plan').getByText('2026-12-02'), 'the unit’s own date in the 五定');

    expect(
      await step(leader, 'progress', async () => {
        await leader.locator('.ant-modal label').filter({ hasText: '整改前' }).click();
        await addPhoto(leader, 'before.png');
        await (await field(leader, 'hazard-body')).fill('已收缴 302 室热得快一个');
      }),
    ).toBe('rectifying');
    at('2026-11-30T11:30:00');
    expect(
      await step(leader, 'submit', async () => {
        await addPhoto(leader, 'after.png');
        await (await field(leader, 'hazard-body')).fill('已整改，宿舍内无违规电器');
      }),
    ).toBe('submitted');

    // ── the office checks it and sends it back, signed, with the reason ──────────────────────
    at('2026-11-30T14:00:00');
    await centre.reload();
    await see(centre.locator('[data-testid="hazard-detail"][data-status="submitted"]'), 'the work to verify');
    expect(
      await step(centre, 'reject', async () => {
        await (await field(centre, 'hazard-reason')).fill('302 室仍有违规插排');
        await (await field(centre, 'hazard-signature')).fill('王晓燕');
      }),
    ).toBe('rectifying');

    // ── the next morning the unit reworks it (sessions have lapsed overnight) ─────────────────
    at('2026-12-01T09:00:00');
    await signInAgain(leader, h.base, 'grid.leader');
    await leader.goto(`${h.base}/hazards/queue`);
    await see(todo, 'the hazard back in the grid leader’s 待办');
    expect(await todo.getAttribute('data-todo')).toBe('progress');
    await todo.click();
    await see(
      leader.locator('[data-testid="hazard-detail"][data-status="rectifying"]'),
      'the hazard sent back',
    );
    expect(
      await step(leader, 'submit', async () => {
        await addPhoto(leader, 'after-2.png');
        await (await field(leader, 'hazard-body')).fill('插排已收缴');
      }),
    ).toBe('submitted');

    // ── the office passes it, signed: 销号 ────────────────────────────────────────────────────
    at('2026-12-01T09:30:00');
    await signInAgain(centre, h.base, 'grid.center');
    await centre.goto(`${h.base}/hazards/${id}`);
    await see(
      centre.locator('[data-testid="hazard-detail"][data-status="submitted"]'),
      'the rework to verify',
    );
    expect(
      await step(centre, 'pass', async () => {
        await (await field(centre, 'hazard-signature')).fill('王晓燕');
        await (await field(centre, 'hazard-body')).fill('复查合格');
      }),
    ).toBe('closed');
    const kinds = await centre
      .locator('[data-testid="hazard-timeline"] [data-kind]')
      .evaluateAll((els: { getAttribute(name: string): string | null }[]) =>
        els.map((e) => e.getAttribute('data-kind')),
      );
    // newest first
    expect(kinds).toEqual(['pass', 'submit', 'reject', 'submit', 'progress', 'plan', 'notice', 'found']);
    const event = (kind: string) => centre.locator(`[data-testid="hazard-timeline"] [data-kind="${kind}"]`);
    expect(await event('progress').locator('[data-phase]').getAttribute('data-phase')).toBe('before');
    expect(await event('pass').getByTestId('hazard-event-signature').innerText()).toContain('王晓燕');
    expect(await event('reject').getByTestId('hazard-event-signature').innerText()).toContain('王晓燕');
    await see(event('reject').getByText('302 室仍有违规插排'), 'the reason it was sent back');
    // every photo: the finding's, before, and both "after"s
    expect(await centre.locator('[data-testid="hazard-timeline"] img').count()).toBe(4);
    await centre.screenshot({ path: screenshotPath('hazard-console-closed.png'), fullPage: true });

    // ── the ledger: found, searched, exported ────────────────────────────────────────────────
    await centre.goto(`${h.base}/hazards`);
    await see(centre.getByTestId('hazard-ledger-table'), 'the ledger');
    await centre.getByRole('searchbox', { name: '搜索编号、隐患或地点' }).fill(no);
    await centre.getByRole('searchbox', { name: '搜索编号、隐患或地点' }).press('Enter');
    // the list keeps showing the previous page until the search's answer comes
    await expect
      .poll(() => centre.locator('[data-testid="hazard-ledger-table"] tr[data-row-key]').count())
      .toBe(1);
    await see(
      centre.locator(`[data-testid="hazard-ledger-table"] tr[data-row-key="${id}"]`),
      'the hazard’s row in the ledger',
    );
    expect(new URL(centre.url()).searchParams.get('q')).toBe(no);
    const [download] = await Promise.all([
      centre.waitForEvent('download'),
      centre.getByTestId('hazard-export').click(),
    ]);
    const xlsx = screenshotPath('hazard-ledger.xlsx');
    await download.saveAs(xlsx);
    const sheet = await readFirstSheet(fs.readFileSync(xlsx), { maxRows: 100 });
    expect(sheet.rows).toHaveLength(1);
    const cell = (header: string) => sheet.rows[0]!.cells[sheet.headers.indexOf(header)];
    expect(cell('隐患编号')).toBe(no);
    expect(cell('隐患等级')).toBe('较大');
    expect(cell('状态')).toBe('已销号');
    expect(cell('发现时间')).toBe('2026-11-30 10:20');
    expect(cell('整改期限')).toBe('2026-12-03');
    expect(cell('销号时间')).toBe('2026-12-01 09:30');
    expect(cell('整改责任人')).toBe('陈志强');
    expect(cell('验收人')).toBe('王晓燕');
    expect(cell('退回次数')).toBe('1');
    expect(cell('是否逾期')).toBe('');
    expect(cell('通知书编号')).toBe('2026-0001');

    expect(h.pageErrors).toEqual([]);
    // about a minute on a quiet machine: four sign-ins and seven steps, each with its dialog
  }, 180_000);
});
