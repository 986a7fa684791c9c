import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { buttonName, see, settle, startBrowserHarness, type BrowserHarness } from '../support/browser.js';
import { orgId } from '../support/runtime.js';

let h: BrowserHarness | undefined;

afterAll(async () => h?.close());

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto(`${h!.base}/`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: buttonName('登录') }).click();
}

async function openUser(page: Page, username: string): Promise<void> {
  await page.getByRole('menuitem', { name: '用户管理' }).click();
  await page.getByPlaceholder('搜索用户名、姓名或手机号').fill(username);
  await page.getByPlaceholder('搜索用户名、姓名或手机号').press('Enter');
  await see(page.locator('.ant-table-row').filter({ hasText: username }), `the row of ${username}`);
}

describe('console: the two-person grant and the forced password change', () => {
  it('an account with an administrator-set password sees only the change-password dialog until it changes it', async () => {
    h = await startBrowserHarness();
    const sys = await h.rt.login('sysadmin');
    const school = await orgId(h.rt, 'DYVTC');
    for (const [username, role] of [
      ['second.admin', 'school_admin'],
      ['centre.new', 'grid_worker'],
    ] as const) {
      const res = await sys.call('POST', '/api/users', {
        username,
        displayName: username === 'second.admin' ? '副处长' : '新网格中心值班员',
        orgId: school,
        password: 'Start2026xyz',
        roles: [{ orgId: school, role }],
      });
      expect(res.statusCode).toBe(201);
    }

    const page = await h.newPage();
    await signIn(page, 'second.admin', 'Start2026xyz');
    const dialog = page.getByRole('dialog', { name: '修改密码' });
    await see(
      dialog.getByText('首次登录或密码已被管理员重置，请先设置新密码。'),
      'the forced change-password dialog',
    );
    expect(await page.getByRole('menuitem', { name: '概览' }).count()).toBe(0);
    await settle(page);
    await dialog.getByLabel('当前密码').fill('Start2026xyz');
    await dialog.getByLabel('新密码', { exact: true }).fill('Second-own-2026');
    await dialog.getByLabel('确认新密码').fill('Second-own-2026');
    await dialog.getByRole('button', { name: buttonName('保存') }).click();
    await see(page.getByRole('menuitem', { name: '概览' }), 'the console after the change');
    await page.close();
    expect(h.pageErrors).toEqual([]);
  });

  it('one administrator proposes the grid-centre role, another confirms it on the users page', async () => {
    const a = await h!.newPage();
    await signIn(a, 'school.admin', 'anxiao2026');
    await see(a.getByRole('menuitem', { name: '概览' }), 'the console');
    await openUser(a, 'centre.new');
    await a
      .locator('.ant-table-row')
      .filter({ hasText: 'centre.new' })
      .getByRole('button', { name: '更多' })
      .click();
    await settle(a);
    await a.getByRole('menuitem', { name: '提议授予敏感角色' }).click();
    const propose = a.getByRole('dialog', { name: /提议授予敏感角色/ });
    await see(propose, 'the proposal dialog');
    await see(propose.locator('.ant-select').filter({ hasText: '网格中心' }), 'the grid-centre role chosen');
    await propose.getByLabel('理由（记入审计日志）').fill('夜班网格中心值班');
    await propose.getByRole('button', { name: '提议授予敏感角色' }).click();
    await see(a.getByText('提议已提交，等待另一名管理员确认'), 'the proposal notice');
    await see(a.getByText('待确认的敏感角色授权（1）'), 'the pending proposal for its proposer');
    await see(a.getByText('等待另一名管理员确认', { exact: false }), 'waiting for a second administrator');
    expect(await a.getByRole('button', { name: '确认授予' }).count()).toBe(0);

    const b = await h!.newPage();
    await signIn(b, 'second.admin', 'Second-own-2026');
    await see(b.getByRole('menuitem', { name: '概览' }), 'the console of the second administrator');
    await b.getByRole('menuitem', { name: '用户管理' }).click();
    await see(b.getByText('待确认的敏感角色授权（1）'), 'the pending proposal for the second administrator');
    await see(b.getByText('夜班网格中心值班', { exact: false }), 'the reason');
    await b.getByRole('button', { name: '确认授予' }).click();
    await settle(b);
    await b.locator('.ant-modal-confirm').getByRole('button', { name: '确认授予' }).click();
    await see(b.getByText('已确认授予'), 'the confirmation notice');
    await openUser(b, 'centre.new');
    await see(
      b.locator('.ant-table-row').filter({ hasText: 'centre.new' }).getByText('网格中心 · 东营职业学院'),
      'the granted role in the list',
    );
    expect(h!.pageErrors).toEqual([]);
  });
});
