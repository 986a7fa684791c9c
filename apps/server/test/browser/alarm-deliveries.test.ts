import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { appendEvent } from '../../src/kernel/events/index.js';
import { newId } from '../../src/kernel/ids.js';
import { DELIVERY_CHANGED, type DeliveryChangedPayload } from '../../src/kernel/notify/index.js';
import { users } from '../../src/modules/identity/index.js';
import { orgId } from '../support/runtime.js';
import {
  screenshotPath,
  see,
  signInToConsole,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

/** Issue 16, section 4 in the browser: the calls and messages of an escalation on the incident's timeline. */

const clock = new ManualClock(new Date());
let h: BrowserHarness | undefined;

afterAll(async () => h?.close());

describe('deliveries on the console timeline', () => {
  it("shows the guard's unanswered call and the SMS that reached them, pushed while the incident is open", async () => {
    h = await startBrowserHarness({ clock });
    const { rt, base } = h;
    const school = await orgId(rt, 'DYVTC');
    const student = await rt.login('student');
    const guardSession = await rt.login('guard');
    const sos = await student.call('POST', '/api/alarms/sos', {
      idempotencyKey: 'sos-deliveries-0001',
      alarmClass: 'staff_assist',
    });
    expect(sos.statusCode, sos.body).toBe(201);
    const id = sos.json<{ id: string }>().id;

    const page = await h.newPage();
    await signInToConsole(page, base, 'guard');
    await page.goto(`${base}/incidents/${id}`);
    const timeline = page.getByTestId('incident-timeline');
    await see(timeline, 'the timeline');

    // Nobody acknowledges for 30 s: the guards on duty are called.
    clock.advance(31_000);
    while ((await rt.kernel.jobs.tick()) > 0);
    await see(timeline.getByText('超时无人确认，已逐级通知'), 'the escalation step');

    // The notification centre reports the call and the SMS as the providers answer.
    const [me] = await rt.kernel.db
      .select({ name: users.displayName })
      .from(users)
      .where(eq(users.id, guardSession.userId));
    const report = (p: Partial<DeliveryChangedPayload>) =>
      rt.kernel.db.transaction((tx) =>
        appendEvent(tx, rt.kernel.clock, {
          type: DELIVERY_CHANGED,
          orgId: school,
          userId: guardSession.userId,
          payload: {
            deliveryId: newId(),
            notificationId: newId(),
            userId: guardSession.userId,
            subjectType: 'incident',
            subjectId: id,
            kind: 'incident.escalated',
            severity: 'alarm',
            channel: 'voice',
            provider: 'aliyun-voice',
            state: 'delivered',
            to: '138****1234',
            ...p,
          } satisfies DeliveryChangedPayload,
        }),
      );
    await report({ answered: false, reason: '用户未接听' });
    await report({ channel: 'sms', provider: 'aliyun-sms' });
    await rt.settle();

    await see(
      timeline
        .locator('[data-kind="notified"]')
        .getByText(`138****1234（${me!.name}）：未接听（用户未接听）`),
      'the unanswered call, without a reload',
    );
    await see(
      timeline.locator('[data-kind="notified"]').getByText(`138****1234（${me!.name}）：已送达`),
      'the SMS delivered',
    );
    // Each with its channel, once.
    const rows = await timeline.locator('[data-kind="notified"]').allInnerTexts();
    expect(rows.map((r) => r.replace(/^\S+\s+/, '').trim()).sort()).toEqual(
      [
        `呼叫 · 138****1234（${me!.name}）：未接听（用户未接听）`,
        `短信 · 138****1234（${me!.name}）：已送达`,
      ].sort(),
    );
    // Acknowledged: the banner goes, the timeline stays with every call and message on it.
    expect(
      (await guardSession.call('POST', `/api/incidents/${id}/actions`, { action: 'acknowledge' })).statusCode,
    ).toBe(200);
    await see(timeline.getByText('确认接警'), 'the acknowledgement');
    await expect.poll(() => page.getByTestId('alarm-banner').count()).toBe(0);
    await timeline.screenshot({ path: screenshotPath('incident-deliveries.png') });
    expect(h.pageErrors).toEqual([]);
  });
});
