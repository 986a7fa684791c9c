import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import {
  buttonName,
  screenshotPath,
  see,
  signInByApi,
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

const clock = new ManualClock(new Date());
let h: BrowserHarness | undefined;

afterAll(async () => h?.close());

/** Hold the phone's SOS button down long enough to send (a short tap does nothing). */
async function holdSos(phone: Page): Promise<void> {
  const button = phone.getByTestId('sos-hold');
  await see(button, 'the SOS button');
  const box = (await button.boundingBox())!;
  await phone.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await phone.mouse.down();
  await phone.waitForTimeout(1_600);
  await phone.mouse.up();
}

/** The ringing banner of a console for one incident, with its sound state. */
const bannerFor = (page: Page, id: string) =>
  page.locator(`[data-testid="alarm-banner"][data-incident-ids*="${id}"]`);

describe('one-click alarm in the browser', () => {
  it("a phone SOS rings the school's and the police's consoles within 2 s; the school acknowledges, the police accept, arrive and close, the school sees every time", async () => {
    h = await startBrowserHarness({ clock });
    const [phone, school, police] = await Promise.all([h.newPage(PHONE), h.newPage(), h.newPage()]);
    // The consoles are signed in by hand (a click: the browser then lets the page play sound).
    await signInToConsole(school, h.base, 'guard');
    await school.goto(`${h.base}/incidents`);
    await signInToConsole(police, h.base, 'police');
    await police.getByRole('menuitem', { name: '警校联动台' }).click();
    await see(police.locator('[data-testid="police-map"][data-ready="true"]'), 'the jurisdiction map');
    // A click anywhere wakes the sound as a guard's first click on a night shift would.
    await school.mouse.click(5, 300);
    await police.mouse.click(5, 300);

    await signInByApi(phone, h.base, 'student');
    await phone.goto(`${h.base}/m/#/sos`);
    const sent = phone.waitForResponse((r) => r.url().endsWith('/api/alarms/sos') && r.status() === 201);
    await holdSos(phone);
    const answered = await sent;
    const pressedAt = Date.now();
    const { id } = (await answered.json()) as { id: string };
    await see(
      phone.locator('[data-testid="sos-state"][data-state="sent"]'),
      'the phone saying it was delivered',
    );

    // Both consoles ring within 2 seconds, sound on.
    await Promise.all([
      see(bannerFor(school, id), "the school console's alarm banner", 2_000),
      see(bannerFor(police, id), "the police console's alarm banner", 2_000),
    ]);
    const rungAfter = Date.now() - pressedAt;
    expect(await bannerFor(school, id).getAttribute('data-sound')).toBe('on');
    expect(await bannerFor(police, id).getAttribute('data-sound')).toBe('on');
    await school.screenshot({ path: screenshotPath('alarm-school-ringing.png') });
    await police.screenshot({ path: screenshotPath('alarm-police-ringing.png') });
    console.log(`SOS 2xx → both consoles ringing: ${rungAfter} ms`);

    // 20 s later the guard acknowledges: the school's consoles stop ringing; the police console
    // rings on until the police accept (a police alarm is theirs to take).
    clock.set(new Date(clock.now().getTime() + 20_000));
    await bannerFor(school, id).getByTestId('banner-acknowledge').click();
    await bannerFor(school, id).waitFor({ state: 'detached', timeout: 5_000 });
    await see(
      police.locator(`[data-testid="alarm-banner"][data-incident-ids*="${id}"][data-sound="on"]`),
      'the police console still ringing',
    );
    clock.set(new Date(clock.now().getTime() + 40_000));
    await bannerFor(police, id).getByTestId('banner-police_accept').click();
    await bannerFor(police, id).waitFor({ state: 'detached', timeout: 5_000 });

    // The police arrive 2 min 30 s after the press and mark it on their console.
    await police.goto(`${h.base}/police/${id}`);
    await see(
      police.locator('[data-testid="incident-detail"][data-status="dispatched"]'),
      'the incident taken by the police',
    );
    clock.set(new Date(clock.now().getTime() + 90_000));
    await police.getByTestId('action-police_on_scene').click();
    await see(
      police.locator('[data-testid="incident-detail"][data-status="on_scene"]'),
      'the incident on scene',
    );

    // The phone follows its alarm: someone is on the way.
    await see(
      phone.locator('[data-testid="sos-progress"][data-status="on_scene"]'),
      'the phone showing help on scene',
      10_000,
    );

    // The police close the loop: resolved, then closed; the school sees it at once.
    clock.set(new Date(clock.now().getTime() + 600_000));
    // 处置完毕 and 结案 each take a short note (处置说明, 结案说明).
    await police.getByTestId('action-resolve').click();
    await police.getByTestId('ask-text').fill('民警到场核实，已处置');
    await police
      .getByRole('dialog')
      .getByRole('button', { name: buttonName('处置完毕') })
      .click();
    await see(
      police.locator('[data-testid="incident-detail"][data-status="resolved"]'),
      'the incident resolved',
    );
    await police.getByTestId('action-close').click();
    await police.getByTestId('ask-text').fill('经核实无险情，结案');
    await police
      .getByRole('dialog')
      .getByRole('button', { name: buttonName('结案关闭') })
      .click();
    await see(police.locator('[data-testid="incident-detail"][data-status="closed"]'), 'the incident closed');

    // The school's console shows every step with its time, and the clock against 1-3-5.
    await school.goto(`${h.base}/incidents/${id}`);
    const timeline = school.getByTestId('incident-timeline');
    await see(timeline, 'the timeline');
    const hhmmss = (ms: number) =>
      new Intl.DateTimeFormat('zh-CN', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      }).format(new Date(ms));
    await see(school.locator('[data-testid="incident-detail"][data-status="closed"]'), 'the closed incident');
    const raisedAt = clock.now().getTime() - 750_000;
    // raised, acknowledged by the guard, accepted by the police, police on scene, closed
    for (const at of [
      raisedAt,
      raisedAt + 20_000,
      raisedAt + 60_000,
      raisedAt + 150_000,
      raisedAt + 750_000,
    ]) {
      await see(timeline.getByText(hhmmss(at)), `the time ${hhmmss(at)} on the timeline`);
    }
    // The response times against 1-3-5: acknowledged in 20 s, police on scene in 2 min 30 s.
    const clockRow = school.getByTestId('response-clock');
    await see(
      clockRow.locator('[data-key="acknowledge"][data-state="met"]'),
      'acknowledged within its minute',
    );
    await see(
      clockRow.locator('[data-key="police_on_scene"][data-state="met"]'),
      'police on scene within 5 minutes',
    );
    await see(clockRow.getByText('2:30'), 'the police arrival time');
    await see(school.locator('[data-testid="campus-map"][data-ready="true"]'), 'the campus map');
    await timeline.scrollIntoViewIfNeeded();
    await school.screenshot({ path: screenshotPath('alarm-school-timeline.png') });
    await police.screenshot({ path: screenshotPath('alarm-police-on-scene.png') });
    expect(h.pageErrors).toEqual([]);
  });
});
