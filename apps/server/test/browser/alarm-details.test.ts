import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { users } from '../../src/modules/identity/index.js';
import { centreOf, places, type PolygonGeometry } from '../../src/modules/places/index.js';
import { orgId } from '../support/runtime.js';
import {
  buttonName,
  see,
  signInByApi,
  signInToConsole,
  startBrowserHarness,
  type BrowserHarness,
  screenshotPath,
} from '../support/browser.js';

/** Issue 14, items 1–3 in the browser: where and who on the banner and the map, the class's words. */

const clock = new ManualClock(new Date());
let h: BrowserHarness | undefined;

afterAll(async () => h?.close());

async function holdSos(phone: Page): Promise<void> {
  const button = phone.getByTestId('sos-hold');
  await see(button, 'the SOS button');
  const box = (await button.boundingBox())!;
  await phone.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await phone.mouse.down();
  await phone.waitForTimeout(1_600);
  await phone.mouse.up();
}

const bannerFor = (page: Page, id: string) =>
  page.locator(`[data-testid="alarm-banner"][data-incident-ids*="${id}"]`);

describe('an SOS shows where and who, and follows its class (issue 14)', () => {
  it("a student's fire SOS from inside 学生公寓3号楼: the banners name the dorm, the caller and a callback number; the map pins the fix with its accuracy; the clock has 119 steps; notes are kept", async () => {
    h = await startBrowserHarness({ clock });
    const school = await orgId(h.rt, 'DYVTC');
    const [dorm] = await h.rt.kernel.db
      .select({ outline: places.outline })
      .from(places)
      .where(and(eq(places.schoolId, school), eq(places.name, '学生公寓3号楼')));
    const [lon, lat] = centreOf(dorm!.outline as PolygonGeometry);
    const phone = await h.newPage({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      permissions: ['geolocation'],
      geolocation: { latitude: lat, longitude: lon, accuracy: 12 },
    });
    const [guard, police] = await Promise.all([h.newPage(), h.newPage()]);
    await signInToConsole(guard, h.base, 'guard');
    await guard.goto(`${h.base}/incidents`);
    await signInToConsole(police, h.base, 'police');
    await police.getByRole('menuitem', { name: '警校联动台' }).click();

    // The phone: one name for the class, the school's own duty number beside 110/119/120.
    await signInByApi(phone, h.base, 'student');
    await phone.goto(`${h.base}/m/#/sos`);
    await see(phone.locator('.sos-classes').getByText('安保求助'), 'the class named as on the console');
    expect(await phone.locator('.sos-classes').getByText('请求协助').count()).toBe(0);
    await see(phone.getByTestId('sos-duty-phone').getByText('0546-8060999'), "the school's duty number");
    expect(await phone.getByTestId('sos-duty-phone').getAttribute('href')).toBe('tel:0546-8060999');

    await phone.locator('.sos-classes').getByText('火警').click();
    const sent = phone.waitForResponse((r) => r.url().endsWith('/api/alarms/sos') && r.status() === 201);
    await holdSos(phone);
    const { id } = (await (await sent).json()) as { id: string };
    // A fire goes to the police station too (and on to 119): the phone says so.
    await see(phone.getByTestId('sos-sent-to').getByText(/派出所/), 'the phone saying the police have it');

    // Both banners: the dorm, the caller and a number to call back.
    const [student] = await h.rt.kernel.db
      .select({ phone: users.phone })
      .from(users)
      .where(eq(users.username, 'student'));
    const studentPhone = student!.phone!;
    for (const [page, who] of [
      [guard, 'school'],
      [police, 'police'],
    ] as const) {
      const banner = bannerFor(page, id);
      await see(banner, `the ${who} console's banner`, 30_000);
      await see(
        banner.getByTestId('banner-place').getByText('学生公寓3号楼'),
        `the dorm on the ${who} banner`,
      );
      await see(banner.getByTestId('banner-caller').getByText(/马欣怡/), `the caller on the ${who} banner`);
      await see(banner.getByTestId('caller-phone').getByText(studentPhone), `the callback number (${who})`);
      expect(await banner.getByText('未指定地点').count()).toBe(0);
    }
    await guard.screenshot({ path: screenshotPath('alarm-banner.png') });

    // The guard takes it; the incident's map pins the fix with its accuracy circle.
    await bannerFor(guard, id).getByTestId('banner-acknowledge').click();
    await bannerFor(guard, id).waitFor({ state: 'detached', timeout: 15_000 });
    await guard.goto(`${h.base}/incidents/${id}`);
    await see(guard.locator('[data-testid="campus-map"][data-ready="true"]'), 'the campus map', 60_000);
    const pin = guard.locator(`[data-testid="alarm-pin"][data-incident-id="${id}"]`);
    await see(pin, 'the pin of the fix');
    expect(await pin.getAttribute('data-accuracy')).toBe('12');
    const detail = guard.getByTestId('incident-detail');
    await see(detail.getByTestId('incident-place').getByText(/学生公寓3号楼/), 'the place on the incident');
    await see(detail.getByText('定位误差约 12 米', { exact: false }), 'the accuracy on the incident');
    await see(detail.getByTestId('incident-caller').getByText(/马欣怡/), 'the caller on the incident');

    // The clock follows a fire's route: the brigade's steps, not the police's.
    const clockRow = guard.getByTestId('response-clock');
    await see(clockRow.locator('[data-key="fire_accept"]').getByText('119 接警'), "119's step");
    await see(clockRow.locator('[data-key="fire_on_scene"]').getByText('消防到场'), "the brigade's step");
    expect(await clockRow.getByText('民警接警').count()).toBe(0);
    await guard.waitForTimeout(1_500); // the map's easing to the place ends before the picture
    await guard.screenshot({ path: screenshotPath('incident-pin.png') });

    // 处置完毕 and 结案 each take a note, kept and shown (处置说明, 结案说明).
    await guard.getByTestId('action-resolve').click();
    await guard.getByTestId('ask-text').fill('保安到场扑灭垃圾桶明火，无人受伤');
    await guard
      .getByRole('dialog')
      .getByRole('button', { name: buttonName('处置完毕') })
      .click();
    await see(guard.locator('[data-testid="incident-detail"][data-status="resolved"]'), 'resolved');
    await guard.getByTestId('action-close').click();
    await guard.getByTestId('ask-text').fill('烟头引燃垃圾桶，已加强宿舍巡查');
    await guard
      .getByRole('dialog')
      .getByRole('button', { name: buttonName('结案关闭') })
      .click();
    const closed = guard.locator('[data-testid="incident-detail"][data-status="closed"]');
    await see(closed, 'closed');
    await see(closed.getByText('保安到场扑灭垃圾桶明火，无人受伤'), '处置说明');
    await see(closed.getByText('烟头引燃垃圾桶，已加强宿舍巡查'), '结案说明');
    expect(h.pageErrors).toEqual([]);
  }, 300_000);

  it('gives an alarm that stays in the school no police steps on its clock', async () => {
    const guard = await h!.newPage();
    await signInToConsole(guard, h!.base, 'guard');
    const res = await (
      await h!.rt.login('guard')
    ).call('POST', '/api/alarms', {
      schoolId: await orgId(h!.rt, 'DYVTC'),
      idempotencyKey: 'browser-assist-0001',
      alarmClass: 'staff_assist',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { id } = res.json<{ id: string }>();
    await guard.goto(`${h!.base}/incidents/${id}`);
    const clockRow = guard.getByTestId('response-clock');
    await see(clockRow.locator('[data-key="acknowledge"]'), 'the clock');
    expect(await clockRow.locator('[data-key^="police"], [data-key^="fire"]').count()).toBe(0);
    expect(await clockRow.getByText(/民警/).count()).toBe(0);
  });

  it('使用我的位置 on the 我要报事 form proposes the building the phone stands in', async () => {
    const school = await orgId(h!.rt, 'DYVTC');
    const [dorm] = await h!.rt.kernel.db
      .select({ id: places.id, outline: places.outline })
      .from(places)
      .where(and(eq(places.schoolId, school), eq(places.name, '学生公寓3号楼')));
    const [lon, lat] = centreOf(dorm!.outline as PolygonGeometry);
    const phone = await h!.newPage({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      permissions: ['geolocation'],
      geolocation: { latitude: lat, longitude: lon, accuracy: 20 },
    });
    await signInByApi(phone, h!.base, 'student');
    await phone.goto(`${h!.base}/m/#/report`);
    await phone.getByTestId('report-locate').click();
    const proposal = phone.getByTestId('report-my-place');
    await see(proposal.getByText(/学生公寓3号楼/), 'the dorm proposed');
    await proposal.getByTestId('report-my-place-use').click();
    await see(
      phone.locator('.place-chosen .place-label').getByText('学生公寓3号楼'),
      'the dorm taken as the place',
    );
  });
});
