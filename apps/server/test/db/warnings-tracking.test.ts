import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { appendEvent } from '../../src/kernel/events/index.js';
import { newId } from '../../src/kernel/ids.js';
import { notifications } from '../../src/kernel/notify/notify.tables.js';
import { warnings } from '../../src/modules/warnings/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';
import { drainJobs, sendWarning, type Summary, type WarningView } from '../support/warnings.js';

const clock = new ManualClock(new Date('2026-12-07T14:00:00+08:00'));
let rt: TestRuntime;
let school: string;
const s: Record<string, Session> = {};
const MINUTE = 60_000;

const detail = async (id: string) => {
  const r = await s['school.admin']!.call('GET', `/api/warnings/${id}`);
  expect(r.statusCode).toBe(200);
  return r.json<{ warning: WarningView; summary: Summary }>();
};
const reminders = (userId: string, id: string) =>
  rt.kernel.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'warning.reminder')))
    .then((ns) => ns.filter((n) => (n.data as { warningId?: string } | null)?.warningId === id).length);

beforeAll(async () => {
  rt = await testRuntime({ clock, students: 40 });
  school = await orgId(rt, 'DYVTC');
  for (const u of ['school.admin', 'student', 'guard', 'grid.worker', 'counselor']) s[u] = await rt.login(u);
}, 120_000);
afterAll(async () => rt.dispose());

describe('warnings: read, acknowledge and the summary by unit', () => {
  it('opening the page counts as read, 确认收到 as acknowledged, each under the person’s unit', async () => {
    const w = await sendWarning(s['school.admin']!, school, { orgIds: [school] });
    await drainJobs(rt);
    let d = await detail(w.id);
    const all = d.summary.total.recipients;
    expect(d.summary.total).toMatchObject({ sent: all, delivered: all, read: 0, acknowledged: 0 });
    const opened = await s.student!.call('GET', `/api/my-warnings/${w.id}`);
    expect(opened.statusCode).toBe(200);
    expect(opened.json()).toMatchObject({
      headline: w.headline,
      acknowledgedAt: null,
      senderName: '东营职业学院',
    });
    const ack = await s.guard!.call('POST', `/api/my-warnings/${w.id}/acknowledge`);
    expect(ack.json<{ acknowledgedAt: string | null }>().acknowledgedAt).not.toBeNull();
    // Acknowledging twice keeps the first time.
    const again = await s.guard!.call('POST', `/api/my-warnings/${w.id}/acknowledge`);
    expect(again.json<{ acknowledgedAt: string }>().acknowledgedAt).toBe(
      ack.json<{ acknowledgedAt: string }>().acknowledgedAt,
    );
    d = await detail(w.id);
    expect(d.summary.total).toMatchObject({ read: 2, acknowledged: 1 });
    const unit = (name: string) => d.summary.units.find((u) => u.unitName === name)!;
    expect(unit('保卫处')).toMatchObject({ acknowledged: 1, read: 1 });
    expect(unit('信息工程学院')).toMatchObject({ acknowledged: 0, read: 1 });
    expect(d.summary.unacknowledged.map((p) => p.userId)).toContain(s.student!.userId);
    expect(d.summary.unacknowledged.map((p) => p.userId)).not.toContain(s.guard!.userId);
    expect(d.warning.counts).toMatchObject({ recipients: all, read: 2, acknowledged: 1 });
    // The recipients list, filtered to those who have not acknowledged.
    const open = await s['school.admin']!.call(
      'GET',
      `/api/warnings/${w.id}/recipients?state=unacknowledged&pageSize=200`,
    );
    expect(open.json<{ total: number }>().total).toBe(all - 1);
    const mine = await s.student!.call('GET', '/api/my-warnings');
    expect(mine.json<{ items: { id: string; readAt: string | null }[] }>().items[0]).toMatchObject({
      id: w.id,
    });
  });
});

describe('warnings: reminders', () => {
  it('reach only those who have not acknowledged, every 30 minutes, three times at most', async () => {
    const w = await sendWarning(s['school.admin']!, school, {
      orgIds: [school],
      roles: ['guard', 'grid_worker'],
    });
    await drainJobs(rt);
    await s.guard!.call('POST', `/api/my-warnings/${w.id}/acknowledge`);
    for (let i = 0; i < 5; i++) {
      clock.advance(31 * MINUTE);
      await drainJobs(rt);
    }
    expect(await reminders(s['grid.worker']!.userId, w.id)).toBe(3);
    expect(await reminders(s.guard!.userId, w.id)).toBe(0);
    // 提醒未确认 by hand: once, then not again within five minutes.
    const now = await s['school.admin']!.call('POST', `/api/warnings/${w.id}/remind`);
    expect(now.json<{ reminded: number }>().reminded).toBeGreaterThan(0);
    expect(await reminders(s['grid.worker']!.userId, w.id)).toBe(4);
    const soon = await s['school.admin']!.call('POST', `/api/warnings/${w.id}/remind`);
    expect(soon.statusCode).toBe(409);
    // Once acknowledged, nobody reminds them again.
    await s['grid.worker']!.call('POST', `/api/my-warnings/${w.id}/acknowledge`);
    clock.advance(6 * MINUTE);
    await s['school.admin']!.call('POST', `/api/warnings/${w.id}/remind`);
    expect(await reminders(s['grid.worker']!.userId, w.id)).toBe(4);
  });

  it('stop when the warning is cancelled', async () => {
    const w = await sendWarning(s['school.admin']!, school, { orgIds: [school], roles: ['guard'] });
    await drainJobs(rt);
    await s['school.admin']!.call('POST', `/api/warnings/${w.id}/cancel`, { reason: '误发' });
    clock.advance(31 * MINUTE);
    await drainJobs(rt);
    expect(await reminders(s.guard!.userId, w.id)).toBe(0);
    expect((await s['school.admin']!.call('POST', `/api/warnings/${w.id}/remind`)).statusCode).toBe(409);
  });
});

/** An incoming CAP alert for the school, as modules/cap appends it. */
async function capArrives(identifier: string, msgType: 'Alert' | 'Update' | 'Cancel', extra: object = {}) {
  await rt.kernel.transaction((tx) =>
    appendEvent(tx, rt.clock, {
      type: 'cap.inbound.received',
      orgId: school,
      payload: {
        capAlertId: newId(),
        schoolId: school,
        identifier,
        sender: 'dongying.weather@cma.gov.cn',
        sent: '2026-12-07T13:50:00+08:00',
        msgType,
        references: [],
        status: 'Actual',
        category: 'Met',
        event: '暴雨红色预警',
        headline: '东营市气象台发布暴雨红色预警',
        description: '预计未来3小时东营区降雨量将达100毫米以上。',
        instruction: '停止户外活动',
        severity: 'Extreme',
        urgency: 'Immediate',
        certainty: 'Likely',
        areaDesc: '东营区',
        effective: '2026-12-07T14:00:00+08:00',
        expires: '2026-12-07T20:00:00+08:00',
        language: 'zh-CN',
        ...extra,
      },
    }),
  );
  await rt.settle();
  // A consumer run the bus woke may still hold the cursor (PostgreSQL): wait for it too.
  await rt.kernel.consumers.nudge();
}
const fromCap = (identifier: string) =>
  rt.kernel.db.select().from(warnings).where(eq(warnings.capIdentifier, identifier));

describe('warnings: CAP intake', () => {
  it('an Alert becomes one draft (repeats change nothing); an Update changes it; a Cancel withdraws it', async () => {
    await capArrives('CMA-2026-001', 'Alert');
    await capArrives('CMA-2026-001', 'Alert', { headline: '重复的' });
    const drafts = await fromCap('CMA-2026-001');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({
      state: 'draft',
      orgId: school,
      headline: '东营市气象台发布暴雨红色预警',
    });
    const id = drafts[0]!.id;
    const office = await s['school.admin']!.call('GET', `/api/warnings/${id}`);
    expect(office.json<{ warning: WarningView }>().warning).toMatchObject({
      state: 'draft',
      capPending: null,
    });
    expect(office.json<{ warning: { actions: string[] } }>().warning.actions).toContain('submit');
    await capArrives('CMA-2026-002', 'Update', {
      references: ['CMA-2026-001'],
      headline: '暴雨红色预警延长至22时',
    });
    await capArrives('CMA-2026-002', 'Update', { references: ['CMA-2026-001'], headline: '又一次' });
    let [w] = await rt.kernel.db.select().from(warnings).where(eq(warnings.id, id));
    expect(w).toMatchObject({ state: 'draft', headline: '暴雨红色预警延长至22时' });
    await capArrives('CMA-2026-003', 'Cancel', { references: ['CMA-2026-002'] });
    [w] = await rt.kernel.db.select().from(warnings).where(eq(warnings.id, id));
    expect(w!.state).toBe('withdrawn');
  });

  it('after the office sent it, an Update or a Cancel waits beside the warning for review', async () => {
    await capArrives('CMA-2026-101', 'Alert');
    const [d] = await fromCap('CMA-2026-101');
    const sent = await s['school.admin']!.call('POST', `/api/warnings/${d!.id}/submit`);
    expect(sent.json<{ warning: WarningView }>().warning.state).toBe('sent');
    await capArrives('CMA-2026-102', 'Cancel', { references: ['CMA-2026-101'] });
    const after = await s['school.admin']!.call('GET', `/api/warnings/${d!.id}`);
    expect(after.json<{ warning: WarningView }>().warning).toMatchObject({
      state: 'sent',
      capPending: { msgType: 'Cancel' },
    });
    // The office tells the school through the usual cancellation.
    const cancelled = await s['school.admin']!.call('POST', `/api/warnings/${d!.id}/cancel`, {
      reason: '气象台已解除',
    });
    expect(cancelled.json<{ warning: WarningView }>().warning).toMatchObject({
      state: 'cancelled',
      capPending: null,
    });
  });
});
