import { and, eq, like } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { newId } from '../../src/kernel/ids.js';
import { equipment, places } from '../../src/modules/places/index.js';
import { taskInstances, taskSchedules, taskTemplates } from '../../src/modules/tasks/index.js';
import { grids } from '../../src/modules/grids/index.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { PNG } from '../support/files.js';
import {
  screenshotPath,
  see,
  signInToConsole,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

// Issue 14, items 9–12 as the people see them: the student's phone home, the cadence on the
// worker's list, the drawn signature on the checklist and on the task record, and the hazard's source.

const PHONE = {
  viewport: { width: 360, height: 740 },
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

// Monday 30 November 2026, 10:00 in China.
const clock = new ManualClock(new Date('2026-11-30T10:00:00+08:00'));
let h: BrowserHarness | undefined;

afterAll(async () => h?.close());

async function signInOnPhone(page: Page, base: string, username: string) {
  await page.goto(`${base}/m/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
}

describe('tasks and hazards as a new user meets them', () => {
  it('a student’s phone home asks only for what a student may do: no refused call for today’s tasks', async () => {
    h = await startBrowserHarness({ clock });
    const asked: { url: string; status: number }[] = [];
    const student = await h.newPage(PHONE);
    student.on('response', (r) => {
      if (r.url().includes('/api/tasks')) asked.push({ url: r.url(), status: r.status() });
    });
    await signInOnPhone(student, h.base, 'student');
    await see(student.getByText('马欣怡（学生），您好'), "the student's home page");
    await student.waitForLoadState('networkidle');
    // and once more after the page is shown again (queries refetch on focus)
    await student.reload();
    await see(student.getByText('马欣怡（学生），您好'), "the student's home page again");
    await student.waitForLoadState('networkidle');
    expect(asked).toEqual([]);
    expect(await student.getByTestId('tile-tasks').count()).toBe(0);

    // A grid worker still has today's tasks on the home page.
    const worker = await h.newPage(PHONE);
    await signInOnPhone(worker, h.base, 'grid.worker');
    await see(worker.getByTestId('tile-tasks'), 'today’s tasks on the worker’s home page');
    expect(h.pageErrors).toEqual([]);
  });

  it('a yearly hydrant check says 每年; a checklist signed by finger shows its signature in the console; its hazard names task, item and place', async () => {
    h ??= await startBrowserHarness({ clock });
    const db = h.rt.kernel.db;
    const school = (
      await db.select({ id: grids.schoolId }).from(grids).where(eq(grids.name, '学生公寓3号楼网格'))
    )[0]!.id;
    // A hydrant in 学生公寓3号楼, checked once a year, due tomorrow.
    const [building] = await db
      .select({ path: places.path })
      .from(places)
      .where(eq(places.name, '学生公寓3号楼'));
    const [room] = await db
      .select({ id: places.id })
      .from(places)
      .where(and(like(places.path, `${building!.path}%`), eq(places.kind, 'room')))
      .limit(1);
    await h.rt.kernel.transaction(async (tx) => {
      await tx.update(taskSchedules).set({ active: false }).where(eq(taskSchedules.equipmentKind, 'hydrant'));
      await tx.insert(equipment).values({
        id: newId(),
        orgId: school,
        schoolId: school,
        placeId: room!.id,
        kind: 'hydrant',
        code: 'T14-HYD-02',
        name: '室内消火栓（测试）',
        nextInspectionDue: '2026-12-01',
        createdAt: clock.now(),
        updatedAt: clock.now(),
      });
      await h!.rt.services.tasks.addSchedule(tx, {
        schoolId: school,
        templateCode: 'EQ-HYDRANT',
        recurrence: 'once',
        equipmentKind: 'hydrant',
        intervalDays: 365,
      });
    });
    await h.rt.services.tasks.generate();
    const taskOf = async (code: string, extra = eq(taskInstances.status, 'open')) =>
      (
        await db
          .select({ id: taskInstances.id })
          .from(taskInstances)
          .innerJoin(taskTemplates, eq(taskTemplates.id, taskInstances.templateId))
          .innerJoin(grids, eq(grids.id, taskInstances.gridId))
          .where(and(eq(taskTemplates.code, code), extra, like(grids.name, '学生公寓3号楼%')))
      )[0]!.id;
    const hydrant = await taskOf('EQ-HYDRANT');
    const dorm = await taskOf('DOMAIN-DORM', eq(taskInstances.periodKey, '2026-11-30'));

    // ── the phone: the worker's list labels the hydrant check by its real cadence ───────────────
    const phone = await h.newPage(PHONE);
    await phone.context().clock.install({ time: clock.now() });
    await signInOnPhone(phone, h.base, 'grid.worker');
    await phone.getByTestId('tile-tasks').click();
    const row = phone.getByTestId(`task-item-${hydrant}`);
    await see(row, 'the hydrant check in today’s tasks');
    expect(await row.locator('.tag').innerText()).toBe('每年');
    expect(await phone.getByTestId(`task-item-${dorm}`).locator('.tag').innerText()).toBe('每日');

    // ── the dormitory check, signed with a finger ──────────────────────────────────────────────
    await phone.getByTestId(`task-item-${dorm}`).click();
    await see(phone.getByTestId('task-answer-APPLIANCE-no'), 'the checklist');
    await phone.getByTestId('task-answer-APPLIANCE-no').click();
    await phone
      .getByTestId('task-photo-APPLIANCE')
      .setInputFiles({ name: 'heater.png', mimeType: 'image/png', buffer: PNG });
    await see(phone.getByTestId('task-photo-thumb-APPLIANCE'), 'the photo of the heater');
    for (const code of ['SMOKE', 'EXIT', 'NIGHT', 'DUTY'])
      await phone.getByTestId(`task-answer-${code}-yes`).click();
    await phone.getByTestId('task-answer-HYGIENE-good').click();
    const pad = phone.getByTestId('task-sign-pad-SIGN');
    // (in the middle of the screen: the submit bar covers the bottom of it)
    await pad.evaluate((el: { scrollIntoView(o: object): void }) => el.scrollIntoView({ block: 'center' }));
    const box = (await pad.boundingBox())!;
    // A signature: two strokes across the pad.
    for (const [y0, y1] of [
      [0.7, 0.3],
      [0.3, 0.75],
    ] as const) {
      await phone.mouse.move(box.x + box.width * 0.15, box.y + box.height * y0);
      await phone.mouse.down();
      for (let i = 1; i <= 12; i++)
        await phone.mouse.move(
          box.x + box.width * (0.15 + (0.7 * i) / 12),
          box.y + box.height * (y0 + ((y1 - y0) * i) / 12 + 0.1 * Math.sin(i)),
        );
      await phone.mouse.up();
    }
    await see(phone.locator('[data-testid="task-sign-pad-SIGN"][data-drawn="true"]'), 'the signature kept');
    // No typed name: the drawn signature is the signature.
    expect(await phone.getByTestId('task-text-SIGN').inputValue()).toBe('');
    await phone.screenshot({ path: screenshotPath('signature-phone.png'), fullPage: true });
    await phone.getByTestId('task-submit').click();
    await see(phone.getByTestId('task-done'), 'the checklist recorded', 30_000);
    const [done] = await db.select().from(taskInstances).where(eq(taskInstances.id, dorm));
    const sign = done!.answers!.find((a) => a.code === 'SIGN')!;
    expect(sign.value).toBeNull();
    expect(sign.photoIds).toHaveLength(1);

    // 转为隐患.
    await phone.getByTestId('task-hazard-APPLIANCE').click();
    const made = phone.getByTestId('task-hazard-no-APPLIANCE');
    await see(made, 'the hazard’s number');
    const no = (await made.getAttribute('data-no'))!;

    // ── the console: the task record shows the signature ──────────────────────────────────────
    const centre = await h.newPage();
    await signInToConsole(centre, h.base, 'grid.center');
    await centre.goto(`${h.base}/tasks/${dorm}`);
    const signature = centre.getByTestId('task-signature');
    await see(signature, 'the drawn signature on the task record');
    await expect
      .poll(() =>
        signature.evaluate(
          (img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth,
        ),
      )
      .toBeGreaterThan(100);
    await signature.scrollIntoViewIfNeeded();
    await centre.screenshot({ path: screenshotPath('signature.png') });
    await centre.screenshot({ path: screenshotPath('signature.png') });

    // … and the hazard page says where it came from, by the item's words, and where it is.
    await centre.getByRole('link', { name: no }).first().click();
    await see(centre.locator(`[data-testid="hazard-detail"][data-no="${no}"]`), 'the hazard page');
    expect(await centre.getByTestId('hazard-task-source').innerText()).toBe(
      '宿舍安全检查表 · 宿舍内无违规电器（热得快、电热锅、电热毯等）',
    );
    expect(await centre.getByTestId('hazard-place').innerText()).toBe('学生公寓3号楼');
    expect(h.pageErrors).toEqual([]);
  }, 180_000);
});
