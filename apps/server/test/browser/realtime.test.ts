import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  buttonName,
  screenshotPath,
  see,
  signInByApi,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

// Started inside the test, so that a missing build fails the test itself.
let h: BrowserHarness | undefined;

afterAll(async () => h?.close());

/** The dashboard's count of organisations in sight. */
async function orgCount(page: Page): Promise<number> {
  const text = await page
    .locator('.ant-card', { hasText: '可见组织机构' })
    .locator('.ant-statistic-content')
    .innerText();
  return Number(text.replace(/\D/g, ''));
}

describe('realtime in the console', () => {
  it("an organisation created in one console shows up in another console's recent events without a reload", async () => {
    h = await startBrowserHarness();
    const [editor, watcher] = await Promise.all([h.newPage(), h.newPage()]);
    await Promise.all([
      signInByApi(editor, h.base, 'school.admin'),
      signInByApi(watcher, h.base, 'school.admin'),
    ]);
    await watcher.goto(`${h.base}/`);
    await see(watcher.getByText('最近事件'), 'the recent-events card');
    await see(watcher.getByText('已连接'), 'the live connection indicator');
    await see(watcher.getByText('打开本页以来暂无新事件'), 'an empty recent-events list');
    const countBefore = await orgCount(watcher);
    // Set in the page's memory: a reload would clear it.
    await watcher.evaluate('window.__anxiaoNoReload = true');

    await editor.goto(`${h.base}/orgs`);
    await editor.locator('.ant-tree').getByText('保卫处', { exact: true }).click();
    await editor.getByRole('button', { name: '新建下级机构' }).click();
    const dialog = editor.getByRole('dialog', { name: '在「保卫处」下新建机构' });
    await see(dialog, 'the new-organisation dialog');
    await dialog.getByLabel('机构名称').fill('消防安全科');
    await dialog.getByLabel('机构代码').fill('DYVTC-BWC-XF');
    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    await see(editor.getByText('已保存'), 'the saved notice in the editing console');

    const events = watcher.locator('.ant-timeline');
    await see(events.getByText('新建了机构'), 'the org.created event in the other console', 10_000);
    await see(events.getByText('消防安全科'), 'the new organisation named in the event');
    expect(
      await watcher.evaluate<unknown>('window.__anxiaoNoReload'),
      'the watching page was not reloaded',
    ).toBe(true);
    // The event also refreshed what the page had read: one more organisation in sight.
    await expect
      .poll(() => orgCount(watcher), { message: 'the organisation count after the event' })
      .toBe(countBefore + 1);
    await watcher.screenshot({ path: screenshotPath('realtime.png') });
    expect(h.pageErrors).toEqual([]);
  });
});
