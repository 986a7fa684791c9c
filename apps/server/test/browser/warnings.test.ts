import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import {
  buttonName,
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
};

const clock = new ManualClock(new Date('2026-12-07T14:00:00+08:00'));
let h: BrowserHarness | undefined;
afterAll(async () => h?.close());

describe('warnings in the browser', () => {
  it('a school admin sends a school-wide warning; a student acknowledges it on the phone; the summary shows it', async () => {
    h = await startBrowserHarness({ clock });
    const admin = await h.newPage();
    await signInToConsole(admin, h.base, 'school.admin');

    // ── compose: to the whole school, 红色 (Extreme), send ─────────────────────────────────────
    await admin.goto(`${h.base}/warnings/new`);
    await see(admin.getByTestId('warning-compose'), 'the compose page');
    await admin.getByTestId('warning-audience-orgs').click();
    await settle(admin);
    await admin.locator('.ant-select-tree-node-content-wrapper', { hasText: '东营职业学院' }).first().click();
    await admin.keyboard.press('Escape');
    await admin.getByTestId('warning-severity').click();
    await settle(admin);
    await admin.locator('.ant-select-item-option', { hasText: '红色预警（特别严重）' }).click();
    await admin.getByTestId('warning-event').fill('暴雨红色预警');
    await admin.getByTestId('warning-headline').fill('今天下午有特大暴雨，暂停一切户外活动');
    await admin
      .getByTestId('warning-description')
      .fill('气象台发布暴雨红色预警，预计未来3小时降雨量将达100毫米以上。');
    await admin.getByRole('button', { name: '核对人数' }).click();
    await see(admin.getByTestId('warning-preview'), 'how many people it goes to');
    expect(await admin.getByTestId('warning-preview').textContent()).toMatch(/将发送给 \d+ 人/);
    await admin.screenshot({ path: screenshotPath('warnings-compose.png'), fullPage: true });
    await admin.getByTestId('warning-send').click();
    await see(admin.getByTestId('warning-summary'), 'the summary of the sent warning');
    const id = admin.url().split('/').pop()!;
    expect(await admin.getByTestId('warning-state').first().textContent()).toBe('已发送');

    // ── the student's phone: the warning's own screen, 确认收到 ───────────────────────────────
    const phone = await h.newPage(PHONE);
    await phone.goto(`${h.base}/m/`);
    await phone.getByLabel('用户名').fill('student');
    await phone.getByLabel('密码').fill(DEMO_PASSWORD);
    await phone.getByRole('button', { name: '登录' }).click();
    await phone.waitForLoadState('networkidle');
    await phone.goto(`${h.base}/m/#/warnings/${id}`);
    await see(phone.getByTestId('warning'), 'the warning on the phone');
    expect(await phone.getByTestId('warning').textContent()).toContain('红色预警');
    await phone.getByTestId('warning-ack').click();
    await see(phone.getByTestId('warning-acknowledged'), 'the acknowledgement on the phone');

    // ── the sender's summary: one acknowledged, under 信息工程学院 ────────────────────────────
    await admin.reload();
    await see(admin.getByTestId('warning-summary'), 'the summary again');
    await expect
      .poll(async () => (await admin.getByTestId('warning-acknowledged').textContent())?.replace(/\D/g, ''))
      .toBe('1');
    const unitRow = admin.getByTestId('warning-units').locator('tr', { hasText: '信息工程学院' });
    await see(unitRow, 'the student’s college in the summary');
    expect(await unitRow.locator('td').last().textContent()).toBe('1');
    await admin.screenshot({ path: screenshotPath('warnings-summary.png'), fullPage: true });

    // ── a member of staff in the console: the page the notification links to ─────────────────
    const guard = await h.newPage();
    await signInToConsole(guard, h.base, 'guard');
    await guard.goto(`${h.base}/my-warnings/${id}`);
    await see(guard.getByTestId('warning-ack'), 'the 确认收到 button in the console');
    await guard.getByRole('button', { name: buttonName('确认收到') }).click();
    await see(guard.getByTestId('warning-acknowledged-at'), 'the acknowledgement in the console');
    expect(h.pageErrors).toEqual([]);
  });
});
