import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/app/paths.js';
import { writeWorkbook } from '../../src/kernel/sheets/index.js';
import { makeNationalId } from '../../src/modules/people/index.js';
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

/** The campus map as the README shows it. */
// Written to the suite's screenshot folder; `UPDATE_README_SCREENSHOTS=1` writes it over the README's copy.
const MAP_SCREENSHOT = process.env.UPDATE_README_SCREENSHOTS
  ? path.join(REPO_ROOT, 'docs/screenshots/campus-map.png')
  : screenshotPath('readme-campus-map.png');

let h: BrowserHarness | undefined;
let page: Page;

afterAll(async () => h?.close());

async function studentsSheet(rows: number): Promise<string> {
  const data: string[][] = [];
  for (let i = 1; i <= rows; i++) {
    data.push([
      `2028${String(i).padStart(6, '0')}`,
      `浏览器导入${i}`,
      i % 2 ? '男' : '女',
      i === 17 ? 'DYVTC-C03-9999' : 'DYVTC-C03-2401',
      i === 42 ? '12345' : '',
      makeNationalId(`37050220070101${String(i % 1000).padStart(3, '0')}`),
    ]);
  }
  const file = screenshotPath('students-import.xlsx');
  fs.writeFileSync(
    file,
    await writeWorkbook([
      {
        name: '学生',
        columns: ['学号', '姓名', '性别', '班级', '手机号', '身份证号'].map((header) => ({
          header,
          text: true,
        })),
        rows: data,
      },
    ]),
  );
  return file;
}

describe('grids, people and the campus map in the console', () => {
  it('imports a students sheet: progress bar, row-by-row problems, then the valid rows', async () => {
    h = await startBrowserHarness();
    page = await h.newPage();
    const file = await studentsSheet(3000);
    await signInToConsole(page, h.base, 'school.admin');

    await page.getByRole('menuitem', { name: '数据导入' }).click();
    await see(page.getByText('预检不会修改任何数据'), 'the promise that a check changes nothing');
    await page.getByRole('radio', { name: /学生/ }).click();
    await page.getByRole('button', { name: '下一步：上传表格' }).click();
    await page.locator('input[type=file]').setInputFiles(file);

    await see(page.getByTestId('import-progress'), 'the progress bar of the check');
    await see(page.getByText('问题清单（共 2 处）'), 'the problem list', 60_000);
    const problems = await page.locator('.ant-table-tbody tr.ant-table-row').allInnerTexts();
    expect(problems.join('\n')).toContain('班级「DYVTC-C03-9999」不存在');
    expect(problems.join('\n')).toContain('手机号应为 11 位数字');
    expect(problems.some((r) => r.startsWith('18'))).toBe(true);
    expect(problems.some((r) => r.startsWith('43'))).toBe(true);
    // Nothing is in the registry yet.
    const before = await page.context().request.get(`${h.base}/api/students?q=2028000001`);
    expect((await before.json()) as { total: number }).toMatchObject({ total: 0 });

    await page.getByRole('button', { name: '导入 2998 行（跳过 2 行有问题的数据）' }).click();
    const confirm = page.getByRole('dialog', { name: '确认导入？' });
    await see(confirm, 'the confirmation');
    await settle(page);
    await confirm.getByRole('button', { name: buttonName('导入') }).click();
    await see(
      page.getByText('导入完成：新增 2998，更新 0，无变化 0，跳过 2 行有问题的数据'),
      'the import result',
      60_000,
    );
    await page.screenshot({ path: screenshotPath('import-done.png') });

    await page.getByRole('menuitem', { name: /学生$/ }).click();
    await page.getByPlaceholder(/学号/).fill('2028000003');
    await page.keyboard.press('Enter');
    await see(
      page.locator('.ant-table-tbody').getByText('浏览器导入3', { exact: true }),
      'the imported student in the list',
    );
    expect(h.pageErrors).toEqual([]);
  });

  it('opens the 3D campus map, shows the buildings with Chinese labels, and a click on a building shows its grid', async () => {
    if (!h) throw new Error('the previous test did not start the harness');
    await page.getByRole('menuitem', { name: '校园地图' }).click();
    const map = page.locator('[data-testid="campus-map"][data-ready="true"]');
    await see(map, 'the campus map with its buildings drawn', 60_000);
    // The labels are the page's own text in its CJK font: real glyphs, not boxes.
    await see(page.getByText('学生公寓3号楼', { exact: true }), 'the label of dormitory 3');
    await see(page.getByText('图书馆', { exact: true }), 'the label of the library');
    const glyphs = await drawGlyphs(page, ['公', '寓', '图', '馆']);
    expect(new Set(glyphs.map((g) => g.digest)).size).toBe(4);
    for (const g of glyphs) expect(g.inked, `ink of ${g.char}`).toBeGreaterThan(50);

    // The map is drawn, not blank: a one-colour canvas compresses to a few kilobytes of PNG, the
    // shaded, extruded campus to far more.
    const canvas = page.locator('[data-testid="campus-map"] canvas').first();
    const shot = await canvas.screenshot({ path: screenshotPath('map-canvas.png') });
    expect(shot.length).toBeGreaterThan(40_000);

    // A person clicks once the view has stopped moving (the first fit can still be gliding on a
    // slow machine): wait until the label stays put, then click it.
    const label = page.getByText('学生公寓3号楼', { exact: true });
    await stillAt(label);
    await label.click();
    await see(page.getByText('学生公寓3号楼网格'), "the building's grid in its panel");
    await see(page.getByText(/陈志强/), "the grid leader's name");
    expect(page.url()).toMatch(/[?&]b=[0-9a-f-]{36}/);
    await settle(page);
    fs.mkdirSync(path.dirname(MAP_SCREENSHOT), { recursive: true });
    await page.screenshot({ path: MAP_SCREENSHOT, animations: 'disabled' });

    // The link is a page of its own: loaded afresh it opens the console's map on that building
    // (not the phone pages, whose address also starts with /m).
    await page.reload();
    await see(
      page.locator('[data-testid="campus-map"][data-ready="true"]'),
      'the map after a reload',
      60_000,
    );
    await see(page.getByText('学生公寓3号楼网格'), "the building's grid after a reload");

    // 查看网格 leads to the grid page, opened on that grid.
    await page.getByRole('link', { name: /查看网格/ }).click();
    await see(page.getByText('楼内每日安全巡查（消防通道、用电、门禁）'), "the grid's duties (以格定责)");
    // The tree is read a part at a time: the way down to the opened grid is read and unfolded.
    await see(
      page.locator('.ant-tree-treenode-selected', { hasText: '学生公寓3号楼网格' }),
      'the opened grid, selected in the tree',
    );
    expect(h.pageErrors).toEqual([]);
  });
});

/** Waits until an element has kept its place on screen for half a second. */
async function stillAt(locator: Locator, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  let last = '';
  let since = Date.now();
  while (Date.now() < deadline) {
    const box = JSON.stringify(await locator.boundingBox());
    if (box !== last) {
      last = box;
      since = Date.now();
    } else if (Date.now() - since >= 500) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${String(locator)} kept moving for ${timeout} ms`);
}
