import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/app/paths.js';
import { ManualClock } from '../../src/kernel/clock.js';
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

/** The screenshot the README shows; a fixed clock keeps the times in it from changing every run. */
// Written to the suite's screenshot folder; `UPDATE_README_SCREENSHOTS=1` writes it over the README's copy.
const README_SCREENSHOT = process.env.UPDATE_README_SCREENSHOTS
  ? path.join(REPO_ROOT, 'docs/screenshots/console.png')
  : screenshotPath('readme-console.png');

// Started inside the test, so that a missing build fails the test itself.
let h: BrowserHarness | undefined;
let page: Page;

afterAll(async () => h?.close());

async function tableRows(): Promise<string[]> {
  return page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts();
}

describe('admin console', () => {
  it('signs in, creates a user and finds them, switches language and keeps it, renders Chinese', async () => {
    h = await startBrowserHarness({ clock: new ManualClock(new Date('2026-11-23T01:30:00Z')) });
    page = await h.newPage();

    // A refused sign-in shows the server's own message (the API error reaches the page).
    await page.goto(`${h.base}/`);
    await page.getByLabel('用户名').fill('school.admin');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: buttonName('登录') }).click();
    await see(page.getByRole('alert').filter({ hasText: '用户名或密码错误' }), 'the wrong-password message');

    await signInToConsole(page, h.base, 'school.admin');
    await see(page.getByText('刘建国（保卫处处长），您好'), "the school administrator's welcome");

    // Create a user through the form.
    await page.getByRole('menuitem', { name: '用户管理' }).click();
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog', { name: '新建用户' });
    await see(dialog, 'the new-user dialog');
    await settle(page);
    await dialog.getByLabel('用户名').fill('patrol.li');
    await dialog.getByLabel('姓名').fill('李明（巡逻队员）');
    await dialog.getByLabel('手机号').fill('13800000000');
    await dialog.getByLabel('所属机构').click();
    await dialog.getByLabel('所属机构').fill('保卫处');
    // Pick only once the tree has narrowed to the match: a click while it re-renders can miss.
    const treeNodes = page.locator('.ant-select-dropdown:visible .ant-select-tree-treenode');
    await expect
      .poll(async () => (await treeNodes.allInnerTexts()).filter(Boolean), {
        message: 'the organisation tree searched for 保卫处',
      })
      .toEqual(['东营职业学院', '保卫处']);
    await settle(page);
    await treeNodes.filter({ hasText: '保卫处' }).locator('.ant-select-tree-node-content-wrapper').click();
    const homeOrg = dialog.locator('.ant-form-item').filter({ has: page.locator('label[for="orgId"]') });
    await see(homeOrg.getByText('保卫处', { exact: true }), 'the chosen home organisation');
    await dialog.getByLabel('初始密码').fill('Browser2026ok');

    // The role picker offers only what a school administrator may grant.
    await dialog.locator('.ant-select', { hasText: '师生' }).click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await expect
      .poll(() => options.allInnerTexts(), { message: 'roles offered to a school administrator' })
      .toEqual(['学校管理员', '网格长', '网格员', '保安', '辅导员', '师生']);
    await settle(page);
    await options.filter({ hasText: '网格员' }).click();
    await see(dialog.locator('.ant-select', { hasText: '网格员' }), 'the chosen role');

    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    await see(page.getByText('已保存'), 'the saved notice');
    await dialog.waitFor({ state: 'hidden' });

    await page.getByPlaceholder('搜索用户名、姓名或手机号').fill('patrol.li');
    await page.getByPlaceholder('搜索用户名、姓名或手机号').press('Enter');
    await expect
      .poll(tableRows, { message: 'the user list searched for the new user', timeout: 10_000 })
      .toEqual([expect.stringMatching(/patrol\.li\s+李明（巡逻队员）\s+保卫处\s+网格员 · 保卫处/)]);

    // English, kept across a reload (this browser and the account both remember it).
    await page.getByText('English', { exact: true }).click();
    await see(page.getByRole('menuitem', { name: 'Users' }), 'the English menu');
    await see(page.getByRole('button', { name: 'New user' }), 'the English "New user" button');
    await page.screenshot({ path: screenshotPath('console-en.png') });
    await page.reload();
    await see(page.getByRole('menuitem', { name: 'Users' }), 'the English menu after a reload');
    expect(await page.getAttribute('html', 'lang')).toBe('en-US');
    const me = await page.request.get(`${h.base}/api/auth/me`);
    expect((await me.json()) as unknown).toMatchObject({ user: { lang: 'en-US' } });

    await page.getByText('中文', { exact: true }).click();
    await see(page.getByRole('menuitem', { name: '用户管理' }), 'the Chinese menu again');
    await see(page.getByRole('button', { name: '新建用户' }), 'the Chinese "新建用户" button');

    // Chinese must render as glyphs, not as the identical boxes of a missing font.
    const glyphs = await drawGlyphs(page, ['安', '校', '网', '格']);
    for (const g of glyphs) expect(g.inked, `ink of ${g.char}`).toBeGreaterThan(50);
    const digests = new Set(glyphs.map((g) => g.digest));
    expect(digests.size, `distinct drawings of 安校网格: ${JSON.stringify(glyphs)}`).toBe(glyphs.length);
    // The probe does tell missing glyphs: two unassigned code points draw the same.
    const [noGlyph1, noGlyph2] = await drawGlyphs(page, ['\u0378', '\u0379']);
    expect(noGlyph1?.digest, 'two missing glyphs drawn by the probe').toBe(noGlyph2?.digest);

    fs.mkdirSync(path.dirname(README_SCREENSHOT), { recursive: true });
    await page.screenshot({ path: README_SCREENSHOT, animations: 'disabled' });
    await page.screenshot({ path: screenshotPath('console-zh.png') });
    expect(h.pageErrors).toEqual([]);
  });
});
