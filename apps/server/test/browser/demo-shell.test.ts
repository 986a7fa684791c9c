import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  screenshotPath,
  see,
  settle,
  signInByApi,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';
import { writeWorkbook } from '../../src/kernel/sheets/index.js';
import { uploadImport } from '../support/files.js';
import { orgId } from '../support/runtime.js';

// Started inside the first test, so that a missing build fails the test itself.
let h: BrowserHarness | undefined;
afterAll(async () => h?.close());

async function harness(): Promise<BrowserHarness> {
  // The demo's simulated devices on, as `npm start` has them.
  h ??= await startBrowserHarness({ env: { ANXIAO_DEMO_DEVICES: 'true' } });
  return h;
}

/** Where the screenshots go when the directory exists (a developer's machine). */
function shot(name: string): string {
  return screenshotPath(name);
}

describe('the demo and the shell (items 19, 20)', () => {
  it('shows the police every alarm device of the demo online', async () => {
    const b = await harness();
    const page = await b.newPage();
    await signInByApi(page, b.base, 'police');
    await page.goto(`${b.base}/police`);
    await see(page.getByText('东营职业学院').first(), 'the college on the police console');
    await see(page.getByText('报警设备 7/7 在线'), 'all seven devices of the college online');
    await see(page.locator('[data-testid="police-map"][data-ready="true"]'), 'the jurisdiction map', 60_000);
    await settle(page);
    await page.screenshot({ path: shot('police-online.png') });
  });

  it('shows an icon in every step of the import, at every stage', async () => {
    const b = await harness();
    const admin = await b.rt.login('school.admin');
    const school = await orgId(b.rt, 'DYVTC');
    const data = await writeWorkbook([
      {
        name: 'Sheet1',
        columns: ['学号', '姓名', '班级'].map((header) => ({ header, text: true })),
        rows: [['2025990001', '导入学生', 'DYVTC-C03-2401']],
      },
    ]);
    const finished = async (id: string) => {
      for (;;) {
        const job = (await admin.call('GET', `/api/imports/${id}`)).json<{ status: string }>();
        if (job.status === 'done' || job.status === 'failed') return;
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const dry = (await uploadImport(b.rt.app, admin, { kind: 'students', schoolId: school, data })).json<{
      id: string;
    }>();
    await finished(dry.id);
    const applied = (await admin.call('POST', `/api/imports/${dry.id}/apply`)).json<{ id: string }>();
    await finished(applied.id);

    const page: Page = await b.newPage();
    await signInByApi(page, b.base, 'school.admin');
    for (const [stage, query] of [
      ['choose', ''],
      ['upload', '?kind=students'],
      ['result', `?kind=students&check=${dry.id}`],
      ['done', `?kind=students&check=${dry.id}&apply=${applied.id}`],
    ] as const) {
      await page.goto(`${b.base}/imports${query}`);
      const steps = page.locator('.ant-steps-item');
      await see(steps.first(), `the import steps (${stage})`);
      await settle(page);
      expect(await steps.count()).toBe(4);
      for (let i = 0; i < 4; i++) {
        const icon = steps.nth(i).locator('.ant-steps-item-icon');
        // A number or a drawn mark in each circle: none of them is an empty circle.
        const drawn = await icon.evaluate((el) => {
          const svg = el.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return (el.textContent ?? '').trim().length > 0 || (!!box && box.width > 4 && box.height > 4);
        });
        expect(drawn, `${stage}: step ${i + 1} shows its number or mark`).toBe(true);
      }
      await page.screenshot({ path: screenshotPath(`import-steps-${stage}.png`) });
    }

    // The template sent back untouched: its example row is reported as skipped, not as a problem.
    const template = await admin.call('GET', '/api/imports/templates/students');
    const untouched = (
      await uploadImport(b.rt.app, admin, { kind: 'students', schoolId: school, data: template.rawPayload })
    ).json<{ id: string }>();
    await finished(untouched.id);
    await page.goto(`${b.base}/imports?kind=students&check=${untouched.id}`);
    await see(page.getByTestId('import-example-skipped'), 'the note that the example row was skipped');
    expect(await page.getByTestId('import-example-skipped').innerText()).toContain('示例行（1 行）');
  });
});
