import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { screenshotPath, see, startBrowserHarness, type BrowserHarness } from '../support/browser.js';

const PHONE_WIDTH = 360;

// Started inside the test, so that a missing build fails the test itself.
let h: BrowserHarness | undefined;
let page: Page;

afterAll(async () => h?.close());

async function pageWidth(): Promise<number> {
  return page.evaluate<number>('document.documentElement.scrollWidth');
}

describe('phone pages', () => {
  it('a student signs in on a small phone and sees their home page, without sideways scrolling', async () => {
    h = await startBrowserHarness();
    page = await h.newPage({
      viewport: { width: PHONE_WIDTH, height: 740 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    await page.goto(`${h.base}/m/`);
    await see(page.getByRole('button', { name: '登录' }), 'the sign-in button');
    expect(await pageWidth(), 'width of the sign-in page').toBeLessThanOrEqual(PHONE_WIDTH);

    await page.getByLabel('用户名').fill('student');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();

    await see(page.getByText('马欣怡（学生），您好'), "the student's greeting on the home page");
    await see(page.getByRole('button', { name: '退出登录' }), 'the sign-out tile');
    expect(await pageWidth(), 'width of the home page').toBeLessThanOrEqual(PHONE_WIDTH);
    await page.screenshot({ path: screenshotPath('phone-home.png') });
    expect(h.pageErrors).toEqual([]);
  });
});
