import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { orgId } from '../support/runtime.js';
import {
  buttonName,
  drawGlyphs,
  screenshotPath,
  see,
  settle,
  signInToConsole,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

// Started inside the test, so that a missing build fails the test itself.
let h: BrowserHarness | undefined;

afterAll(async () => h?.close());

/** What the header's bell says is unread. */
async function bellCount(page: Page): Promise<number> {
  return Number(await page.getByTestId('notification-bell').getAttribute('data-unread'));
}

describe('the bell and the inbox', () => {
  it('the bell counts up on a new notification and the inbox opens the object', async () => {
    h = await startBrowserHarness();
    const { rt } = h;
    const page = await h.newPage();
    await signInToConsole(page, h.base, 'grid.center');
    await see(page.getByText('已连接'), 'the live connection indicator');
    await expect.poll(() => page.getByTestId('notification-bell').getAttribute('data-unread')).not.toBeNull();
    const before = await bellCount(page);
    // Set in the page's memory: a reload would clear it.
    await page.evaluate('window.__anxiaoNoReload = true');

    // An escalation told to this user (as the alarm chain does), then a hazard found by the
    // security office: the grid centre is told of it by the hazards module itself.
    const school = await orgId(rt, 'DYVTC');
    const centre = await rt.login('grid.center');
    await rt.kernel.notify.notify(rt.kernel.db, {
      userIds: [centre.userId],
      orgId: school,
      kind: 'incident.escalated',
      title: '【演练】一键报警 30 秒无人确认',
      body: '东营职业学院（南门）的报警尚未确认，请立即处置。',
      link: '/incidents',
    });
    await expect.poll(() => bellCount(page), { message: 'the bell after the escalation' }).toBe(before + 1);
    const admin = await rt.login('school.admin');
    const reported = await admin.call('POST', '/api/hazards', {
      key: 'bell-test-hazard-0001',
      domain: 'facilities',
      grade: 'general',
      title: '图书馆二楼消防通道堆放杂物',
      description: '通道内堆放纸箱，影响疏散',
    });
    expect(reported.statusCode, reported.body).toBe(201);
    const hazard = reported.json<{ hazard: { id: string; no: string } }>().hazard;
    await expect.poll(() => bellCount(page), { message: 'the bell after the hazard' }).toBe(before + 2);
    expect(await page.evaluate<unknown>('window.__anxiaoNoReload'), 'the page was not reloaded').toBe(true);

    // The bell opens on the newest: the hazard on top, the alarm in red below it, both unread.
    await page.getByTestId('notification-bell').click();
    const panel = page.getByTestId('notification-panel');
    await see(panel.getByText(`新隐患待整改 ${hazard.no}`), 'the new hazard in the bell');
    await settle(page);
    const first = panel.getByTestId('notification-item').first();
    expect(await first.getAttribute('data-unread')).toBe('true');
    const alarm = panel.locator('[data-testid="notification-item"][data-alarm="true"]').first();
    await see(alarm.getByText('【演练】一键报警 30 秒无人确认'), 'the escalation in the bell');
    expect(await alarm.getAttribute('data-unread')).toBe('true');
    // Red: the colour of an alarm's title (typed by hand: the server's type-check has no DOM library).
    const colourOf = (e: object) =>
      (globalThis as unknown as { getComputedStyle(e: object): { color: string } }).getComputedStyle(e).color;
    expect(await alarm.locator('[class*="title"]').evaluate(colourOf)).toBe('rgb(207, 19, 34)');
    await see(panel.getByText(/其中 \d+ 条报警/), 'the alarms counted apart');
    await page.screenshot({ path: screenshotPath('notifications-bell.png') });

    // Opening the hazard's notification opens the hazard's page; the count goes down.
    await panel.getByText(`新隐患待整改 ${hazard.no}`).click();
    await see(
      page.locator(`[data-testid="hazard-detail"][data-no="${hazard.no}"]`),
      'the hazard page opened from the bell',
    );
    expect(new URL(page.url()).pathname).toBe(`/hazards/${hazard.id}`);
    await expect.poll(() => bellCount(page), { message: 'the bell after reading one' }).toBe(before + 1);

    // 查看全部: the inbox, unread only, the alarms' category.
    await page.getByTestId('notification-bell').click();
    await page.getByRole('button', { name: '查看全部' }).click();
    await see(page.getByText('消息通知').first(), 'the inbox page');
    const list = page.getByTestId('inbox-list');
    await see(list.getByText(`新隐患待整改 ${hazard.no}`), 'the read hazard in the inbox');
    await see(list.getByText('【演练】一键报警 30 秒无人确认'), 'the escalation in the inbox');
    await page.screenshot({ path: screenshotPath('notifications-inbox.png'), fullPage: true });
    expect(
      await list
        .locator('[data-testid="notification-item"]', { hasText: hazard.no })
        .first()
        .getAttribute('data-unread'),
    ).toBe('false');
    await page.getByText('未读', { exact: true }).click();
    await expect.poll(() => list.getByText(`新隐患待整改 ${hazard.no}`).count()).toBe(0);
    await see(list.getByText('【演练】一键报警 30 秒无人确认'), 'the unread escalation');
    await page.getByRole('combobox', { name: '类别' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '报警' }).click();
    await expect
      .poll(async () => {
        const items = await list.getByTestId('notification-item').all();
        const alarms = await Promise.all(items.map((i) => i.getAttribute('data-alarm')));
        return alarms.length > 0 && alarms.every((a) => a === 'true');
      })
      .toBe(true);
    // the category's drop-down closed for the picture
    await page.getByTestId('inbox-summary').click();
    await settle(page);
    await page.screenshot({ path: screenshotPath('notifications-inbox-alarms.png'), fullPage: true });

    // Chinese must render as glyphs, not as the identical boxes of a missing font.
    const glyphs = await drawGlyphs(page, ['通', '知', '未', '读']);
    for (const g of glyphs) expect(g.inked, `ink of ${g.char}`).toBeGreaterThan(50);
    expect(new Set(glyphs.map((g) => g.digest)).size).toBe(glyphs.length);

    // A task running late arrives meanwhile: 本类全部已读 reads the alarms only; 全部已读 the rest.
    await rt.kernel.notify.notify(rt.kernel.db, {
      userIds: [centre.userId],
      orgId: school,
      kind: 'task.overdue',
      title: '网格任务超时未完成',
      body: '学生公寓3号楼网格的宿舍安全检查超时未完成',
      link: '/tasks',
    });
    await expect.poll(() => bellCount(page), { message: 'the bell after the late task' }).toBe(before + 2);
    await page.getByRole('button', { name: buttonName('本类全部已读') }).click();
    await see(page.getByText('已将 1 条通知标为已读'), 'the marked-read notice');
    await see(page.getByText('没有未读通知'), 'the empty unread list of alarms');
    await expect
      .poll(() => bellCount(page), { message: 'the bell after the alarms were read' })
      .toBe(before + 1);
    await page.getByRole('button', { name: '重置' }).click();
    await see(list.getByText('网格任务超时未完成'), 'the late task in the whole inbox');
    await page.getByRole('button', { name: buttonName('全部已读') }).click();
    await expect.poll(() => bellCount(page), { message: 'the bell after 全部已读' }).toBe(0);
    expect(
      await list.locator('[data-testid="notification-item"][data-unread="true"]').count(),
      'unread rows left in the inbox',
    ).toBe(0);

    // In English the bell and the inbox speak English (a notification's own words stay as written).
    await page.getByText('English', { exact: true }).click();
    await see(page.getByRole('button', { name: 'Mark all read' }), 'the inbox in English');
    await see(page.getByText('0 unread, 0 of them alarms'), 'the unread summary in English');
    expect(await page.getByTestId('notification-bell').getAttribute('aria-label')).toBe('Notifications');
    expect(h.pageErrors).toEqual([]);
  }, 180_000);
});
