import { afterAll, describe, expect, it } from 'vitest';
import {
  screenshotPath,
  see,
  signInToConsole,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

// Issue 15, item 9: the console's grid pickers search on the server as one types instead of
// downloading a school's whole grid list; a chosen grid keeps its name.

let h: BrowserHarness | undefined;

afterAll(async () => h?.close());

describe('grid pickers', () => {
  it('the tasks page’s grid filter shows the first grids, finds 配电 as one types, and keeps the chosen name after a reload', async () => {
    h = await startBrowserHarness();
    const page = await h.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 900 } });
    const lists: URL[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname === '/api/grids') lists.push(url);
    });
    await signInToConsole(page, h.base, 'school.admin');
    await page.goto(`${h.base}/tasks`);
    const filter = page.getByLabel('网格', { exact: true });
    await see(filter, 'the grid filter of the tasks page');
    await filter.click();
    const options = page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await see(options, 'the first grids in the open filter');
    // the demo school has more grids than a picker shows: it says how to find the others
    await see(page.getByText(/共 \d+ 个网格，输入名称、编号或负责人查找更多/), 'the hint to type for more');

    await page.keyboard.type('配电');
    await see(options.filter({ hasText: '配电房网格' }), 'the grids matching 配电');
    await expect
      .poll(async () => (await options.allInnerTexts()).every((x) => x.includes('配电')))
      .toBe(true);
    await options.filter({ hasText: /^配电房网格$/ }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('gridId')).not.toBeNull();

    await page.reload();
    // in the filter itself, not in the table's grid column
    const box = page.locator('.ant-select').filter({ has: page.getByLabel('网格', { exact: true }) });
    await see(
      box.getByText('配电房网格', { exact: true }),
      'the chosen grid’s name in the filter after a reload',
    );
    await page.screenshot({ path: screenshotPath('grid-picker-tasks.png') });

    // every list read was one page of at most 50, never a school's whole list
    expect(lists.length).toBeGreaterThan(0);
    for (const url of lists) {
      expect(url.searchParams.get('pageSize'), url.search).not.toBeNull();
      expect(Number(url.searchParams.get('pageSize'))).toBeLessThanOrEqual(50);
    }
    expect(lists.some((u) => u.searchParams.get('q') === '配电')).toBe(true);
    expect(h.pageErrors).toEqual([]);
  });
});
