import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgId } from '../support/runtime.js';
import {
  see,
  settle,
  signInToConsole,
  startBrowserHarness,
  type BrowserHarness,
  screenshotPath,
} from '../support/browser.js';

let h: BrowserHarness;
let page: Page;

beforeAll(async () => {
  h = await startBrowserHarness();
  page = await h.newPage();
  await signInToConsole(page, h.base, 'school.admin');
}, 120_000);
afterAll(async () => h?.close());

type Box = { x: number; y: number; width: number; height: number };

/** Until the map's view (data-view) has stayed the same for a second. */
async function viewAtRest(p: Page): Promise<[number, number, number, number]> {
  const map = p.locator('[data-testid="campus-map"]');
  let last = '';
  let since = Date.now();
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const v = (await map.getAttribute('data-view')) ?? '';
    if (v !== last) [last, since] = [v, Date.now()];
    else if (v && Date.now() - since >= 1000)
      return v.split(',').map(Number) as [number, number, number, number];
    await p.waitForTimeout(150);
  }
  throw new Error(`the map kept moving: ${last}`);
}

const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('item 16: the campus map in 2D', () => {
  it('shows every building of the school, dorm row included, with labels that do not overlap', async () => {
    await page.getByRole('menuitem', { name: '校园地图' }).click();
    await see(page.locator('[data-testid="campus-map"][data-ready="true"]'), 'the campus map', 60_000);
    await page.getByText('2D', { exact: true }).click();
    const [w, s, e, n] = await viewAtRest(page);
    await settle(page);

    const school = await orgId(h.rt, 'DYVTC');
    const res = await page.context().request.get(`${h.base}/api/map?schoolId=${school}`);
    const features = (
      (await res.json()) as {
        buildings: { features: { properties: { name: string }; geometry: { coordinates: number[][][] } }[] };
      }
    ).buildings.features;
    expect(features.some((f) => f.properties.name === '学生公寓6号楼')).toBe(true);
    // Every corner of every building outline lies inside the visible map.
    const outside = features.filter((f) =>
      f.geometry.coordinates[0]!.some(([x, y]) => x! < w || x! > e || y! < s || y! > n),
    );
    expect(outside.map((f) => f.properties.name)).toEqual([]);

    // The labels a person can read do not sit on one another.
    const labels = page.locator('[data-testid="campus-map"] [data-map-label]:not([data-label-hidden])');
    const boxes = (await labels.evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent, x: r.x, y: r.y, width: r.width, height: r.height };
      }),
    )) as (Box & { text: string })[];
    expect(boxes.filter((b) => b.text.startsWith('学生公寓')).length).toBeGreaterThanOrEqual(3);
    const clashes: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++)
        if (overlaps(boxes[i]!, boxes[j]!)) clashes.push(`${boxes[i]!.text} × ${boxes[j]!.text}`);
    expect(clashes).toEqual([]);
    // … and each is inside the map.
    const frame = (await page.locator('[data-testid="campus-map"]').boundingBox())!;
    for (const b of boxes) {
      expect(b.y, b.text).toBeGreaterThanOrEqual(frame.y);
      expect(b.x, b.text).toBeGreaterThanOrEqual(frame.x);
    }
    await page.screenshot({ path: screenshotPath('campus-2d.png') });
  });
});

describe('item 17: the police map', () => {
  it('draws the district roads, the station and the campus outline under the schools, with no tile server', async () => {
    const police = await h.newPage();
    const tiles: string[] = [];
    police.on('request', (r) => {
      if (!r.url().startsWith(h.base)) tiles.push(r.url());
    });
    await signInToConsole(police, h.base, 'police');
    await police.getByRole('menuitem', { name: '警校联动台' }).click();
    const map = police.locator('[data-testid="police-map"][data-ready="true"]');
    await see(map, 'the jurisdiction map', 60_000);
    await see(map.getByText('府前大街', { exact: true }), 'the name of 府前大街 on its road');
    await see(map.getByText('文汇派出所', { exact: true }), "the station's yard");
    await settle(police);
    await police.screenshot({ path: screenshotPath('police-map.png') });
    // Drawn, not a grey canvas with dots: roads, water and the campus make a far richer picture.
    const shot = await map.locator('canvas').first().screenshot();
    expect(shot.length).toBeGreaterThan(15_000);
    expect(tiles).toEqual([]);
  });
});
