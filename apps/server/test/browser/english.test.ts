import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { ManualClock } from '../../src/kernel/clock.js';
import {
  DESKTOP,
  see,
  signInByApi,
  startBrowserHarness,
  type BrowserHarness,
  screenshotPath,
} from '../support/browser.js';

// Issue 14, items 13–14: in English the console says its own words in English; what people entered
// in Chinese (names, titles, descriptions) stays as entered. A text passes when no CJK character is
// left once the values entered as data (read from the database: the names, titles and descriptions
// of the records) are taken out of it, or when it sits in an element marked as data (`data-entered`)
// or as written in another language on purpose (the language switch's 中文, `lang="zh-CN"`).

const EN = { ...DESKTOP, locale: 'en-US' };

let h: BrowserHarness | undefined;
afterAll(async () => h?.close());

async function englishPage(username: string): Promise<Page> {
  const page = await h!.newPage(EN);
  // The language chosen on this browser, as the switch in the header leaves it.
  await page.context().addInitScript({ content: "localStorage.setItem('anxiao.lang', 'en-US')" });
  await signInByApi(page, h!.base, username);
  return page;
}

/**
 * The visible text of the page with CJK characters, outside `[data-entered]` (data as entered),
 * each with the tag path of its element, so a failure says where. Runs in the page (source text:
 * the server's type-check has no DOM library).
 */
const CJK_OUTSIDE_DATA = `(() => {
  const cjk = /[\\u3000-\\u303f\\u3400-\\u9fff\\uff00-\\uffef]/;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const where = (el) => {
    const parts = [];
    for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement)
      parts.unshift(e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : ''));
    return parts.join(' > ');
  };
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !cjk.test(n.data)) continue;
    if (el.closest('[data-entered], [lang="zh-CN"], script, style, noscript')) continue;
    if (!el.checkVisibility()) continue;
    out.push(n.data.trim() + '  @ ' + where(el));
  }
  for (const el of document.querySelectorAll('input[placeholder], textarea[placeholder]')) {
    if (cjk.test(el.placeholder) && el.checkVisibility() && !el.closest('[data-entered], [lang="zh-CN"]'))
      out.push('placeholder ' + el.placeholder + '  @ ' + where(el));
  }
  return [...new Set(out)];
})()`;

// The entered text of the records the main pages show: names, titles, descriptions.
const DATA_TABLES = [
  'orgs',
  'users',
  'places',
  'equipment',
  'grids',
  'students',
  'staff',
  'student_groups',
  'alarm_devices',
  'request_categories',
  'requests',
  'hazards',
  'task_templates',
];
const DATA_COLUMNS = ['name', 'display_name', 'short_name', 'group_name', 'title', 'description'];
let entered: string[] | undefined;

/** The rows of a raw query, on PGlite (`.rows`) as on postgres.js (an array). */
const rowsOf = <T>(res: unknown): T[] => (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];

async function enteredValues(): Promise<string[]> {
  if (entered) return entered;
  const db = h!.rt.kernel.db;
  const cols = await db.execute(sql`
    select table_name as t, column_name as c from information_schema.columns
    where table_schema = current_schema() and data_type = 'text'
      and table_name in ${DATA_TABLES} and column_name in ${DATA_COLUMNS}`);
  const values = new Set<string>();
  for (const { t, c } of rowsOf<{ t: string; c: string }>(cols)) {
    const rows = await db.execute(sql`select distinct ${sql.identifier(c)} as v from ${sql.identifier(t)}`);
    for (const { v } of rowsOf<{ v: string | null }>(rows))
      if (v && /[\u3400-\u9fff]/.test(v)) values.add(v.trim());
  }
  // Longest first, so a name is taken out whole before a shorter name inside it.
  entered = [...values].sort((a, b) => b.length - a.length);
  return entered;
}

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

async function cjkOutsideData(page: Page): Promise<string[]> {
  const found = await page.evaluate<string[]>(CJK_OUTSIDE_DATA);
  const values = await enteredValues();
  return found
    .filter((line) => {
      let text = line.slice(0, line.indexOf('  @ '));
      for (const v of values) if (text.includes(v)) text = text.split(v).join(' ');
      return CJK.test(text);
    })
    .map((line) => line.replace(/^(.{60}).*( {2}@ )/s, '$1…$2'));
}

async function visit(page: Page, path: string): Promise<string[]> {
  await page.goto(`${h!.base}${path}`);
  await see(page.locator('.ant-layout-content'), `the page ${path}`);
  // Lists and panels load after the frame: wait for the requests to end and spinners to go.
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 10_000 })
    .catch(() => undefined);
  return (await cjkOutsideData(page)).map((s) => `${path}: ${s}`);
}

describe('the console in English', () => {
  it('shows audit actions and targets by their labels', async () => {
    h = await startBrowserHarness({ clock: new ManualClock(new Date('2026-11-23T01:30:00Z')) });
    // A school administrator exports the ledgers and the student list: three more audited actions.
    const admin = await englishPage('school.admin');
    for (const url of ['/api/hazards/export', '/api/requests/export', '/api/students/export.xlsx'])
      expect((await admin.context().request.get(`${h.base}${url}`)).status(), url).toBe(200);
    await admin.context().close();
    const page = await englishPage('sysadmin');
    await page.goto(`${h.base}/audit`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await see(rows.filter({ hasText: 'Seed demo data' }), 'the demo seeding, labelled');
    const texts = await rows.allInnerTexts();
    await see(
      rows.filter({ hasText: 'Export hazard ledger' }).filter({ hasText: 'Hazard' }),
      'an export, labelled',
    );
    await see(
      rows.filter({ hasText: 'Export students' }).filter({ hasText: 'Student' }),
      'the student export',
    );
    expect(texts.join('\n')).not.toMatch(/\b(system\.seed_demo|auth\.login|hazard\.export|people\.\w+)\b/);
    expect(texts.join('\n'), 'raw action codes').not.toMatch(/\b[a-z_]+\.[a-z_]+/);
    // The seeding's actor is the system, named in English too.
    await see(
      rows.filter({ hasText: 'Seed demo data' }).filter({ hasText: 'Demo data' }),
      'the seeding’s actor',
    );
    // The filter offers every action by its label.
    await page.getByRole('combobox').first().click();
    await see(
      page.locator('.ant-select-item-option', { hasText: 'Sign in' }),
      'the action filter in English',
    );
    await page.mouse.click(900, 700);
    await page.locator('.ant-select-dropdown').first().waitFor({ state: 'hidden' });
    await page.screenshot({ path: screenshotPath('audit-en.png') });
    expect(await cjkOutsideData(page)).toEqual([]);
  });

  it('says counts and names with their spaces and plural forms', async () => {
    h ??= await startBrowserHarness({ clock: new ManualClock(new Date('2026-11-23T01:30:00Z')) });
    const page = await englishPage('school.admin');
    await page.goto(`${h.base}/task-schedules`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await see(rows.filter({ hasText: 'Hydrant' }), 'the hydrant schedule');
    const text = (await rows.allInnerTexts()).join('\n').replace(/[ \u00a0]+/g, ' ');
    // The equipment schedule: its kind, a space, then the rule ("Fire extinguisher3 days ahead" before).
    expect(text).toContain('Fire extinguisher 3 days ahead, every 30 days');
    // The one-grid schedule: "1 grid: …" (it said "1 grids：…").
    expect(text).toMatch(/\b1 grid: \S/);
    expect(text).not.toMatch(/\b1 grids\b|Fire extinguisher\d|[：、]/);
    await page.context().close();
  }, 300_000);

  const PAGES: Record<string, string[]> = {
    'school.admin': [
      '/',
      '/incidents',
      '/requests',
      '/hazards',
      '/tasks',
      '/task-schedules',
      '/grids',
      '/audit',
      '/map',
    ],
    'grid.center': ['/', '/requests/queue', '/requests', '/hazards', '/tasks/board'],
    police: ['/', '/police', '/incidents'],
    supervisor: ['/', '/hazards', '/requests/rates'],
  };
  for (const [username, paths] of Object.entries(PAGES))
    it(`prints no Chinese of its own on the main pages of ${username}`, async () => {
      h ??= await startBrowserHarness({ clock: new ManualClock(new Date('2026-11-23T01:30:00Z')) });
      const page = await englishPage(username);
      const leaks: string[] = [];
      for (const path of paths) leaks.push(...(await visit(page, path)));
      await page.context().close();
      expect(leaks).toEqual([]);
    }, 300_000);
});
