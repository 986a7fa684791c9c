import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { rows } from '../../src/kernel/db.js';
import { appendEvent, events } from '../../src/kernel/events/index.js';
import { newId } from '../../src/kernel/ids.js';
import {
  DELIVERY_CHANGED,
  notifications,
  type DeliveryChangedPayload,
} from '../../src/kernel/notify/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

/**
 * Issue 16, section 4: an alarm nobody acknowledges on a console calls the guards on duty (an
 * escalation of alarm severity about the incident), and every call, SMS and message the
 * notification centre reports on shows on the incident's timeline, once.
 */

interface Entry {
  id: string;
  kind: string;
  actorName: string;
  data: Record<string, unknown> | null;
}

const clock = new ManualClock(new Date('2026-12-07T08:00:00Z'));
let rt: TestRuntime;
let school: string;
let student: Session;
let guard: Session;

beforeAll(async () => {
  rt = await testRuntime({ clock });
  school = await orgId(rt, 'DYVTC');
  student = await rt.login('student');
  guard = await rt.login('guard');
});
afterAll(async () => rt.dispose());

let keys = 0;
async function sos(): Promise<string> {
  const res = await student.call('POST', '/api/alarms/sos', {
    idempotencyKey: `sos-channels-${String(++keys).padStart(4, '0')}`,
    alarmClass: 'police',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

const timeline = async (id: string) =>
  (await guard.call('GET', `/api/incidents/${id}`)).json<{ timeline: Entry[] }>().timeline;

/** Every escalation notice stored about the incident, one row per person told. */
const noticesAbout = (id: string) =>
  rt.kernel.db
    .select()
    .from(notifications)
    .where(
      and(eq(notifications.kind, 'incident.escalated'), sql`${notifications.data}->>'incidentId' = ${id}`),
    );

async function schoolGuards(): Promise<string[]> {
  const r = await rows<{ user_id: string }>(
    rt.kernel.db,
    sql`select distinct m.user_id from memberships m join orgs o on o.id = m.org_id
          join users u on u.id = m.user_id and u.status = 'active'
        where m.role = 'guard' and o.path like (select path from orgs where id = ${school}) || '%'`,
  );
  return r.map((x) => x.user_id).sort();
}

/** A delivery change exactly as the notification centre appends it. */
async function delivered(p: Partial<DeliveryChangedPayload> & Pick<DeliveryChangedPayload, 'deliveryId'>) {
  const payload: DeliveryChangedPayload = {
    notificationId: newId(),
    userId: guard.userId,
    subjectType: 'incident',
    subjectId: null,
    kind: 'incident.escalated',
    severity: 'alarm',
    channel: 'voice',
    provider: 'aliyun-voice',
    state: 'sent',
    to: '138****1234',
    ...p,
  };
  await rt.kernel.db.transaction((tx) =>
    appendEvent(tx, rt.kernel.clock, {
      type: DELIVERY_CHANGED,
      payload,
      orgId: school,
      userId: payload.userId,
    }),
  );
}

describe('an SOS nobody acknowledges on a console', () => {
  it('calls the guards of the school after the first interval, with an alarm-severity notice about the incident', async () => {
    const t0 = clock.now().getTime();
    const id = await sos();
    clock.set(new Date(t0 + 29_000));
    while ((await rt.kernel.jobs.tick()) > 0);
    expect(await noticesAbout(id)).toHaveLength(0);

    clock.set(new Date(t0 + 31_000));
    while ((await rt.kernel.jobs.tick()) > 0);
    const rowsOf = await noticesAbout(id);
    expect(rowsOf.map((n) => n.userId).sort()).toEqual(await schoolGuards());
    expect(rowsOf.length).toBeGreaterThan(0);
    expect(rowsOf[0]).toMatchObject({
      title: '一键报警 30 秒无人确认',
      link: `/incidents/${id}`,
      data: { incidentId: id, step: 'guard', n: 0 },
    });
    // The centre's migration adds the notice's severity and subject as columns; once it has, they
    // must say alarm and this incident.
    const columns = (
      await rows<{ column_name: string }>(
        rt.kernel.db,
        sql`select column_name from information_schema.columns
            where table_name = 'notifications' and table_schema = current_schema()`,
      )
    ).map((c) => c.column_name);
    if (columns.includes('severity')) {
      const stored = await rows<Record<string, unknown>>(
        rt.kernel.db,
        sql`select * from notifications where id = ${rowsOf[0]!.id}`,
      );
      expect(stored[0]).toMatchObject({ severity: 'alarm' });
      if (columns.includes('subject_id'))
        expect(stored[0]).toMatchObject({ subject_type: 'incident', subject_id: id });
    }
    const steps = (await timeline(id)).filter((e) => e.kind === 'escalated');
    expect(steps.map((e) => e.data)).toMatchObject([{ step: 'guard', notified: rowsOf.length }]);
    expect(
      (await guard.call('POST', `/api/incidents/${id}/actions`, { action: 'acknowledge' })).statusCode,
    ).toBe(200);
  });

  it('calls nobody when a console acknowledges before the first interval', async () => {
    const t0 = clock.now().getTime();
    const id = await sos();
    clock.set(new Date(t0 + 10_000));
    expect(
      (await guard.call('POST', `/api/incidents/${id}/actions`, { action: 'acknowledge' })).statusCode,
    ).toBe(200);
    for (const s of [31, 61, 91, 200]) {
      clock.set(new Date(t0 + s * 1000));
      while ((await rt.kernel.jobs.tick()) > 0);
    }
    expect(await noticesAbout(id)).toHaveLength(0);
    expect((await timeline(id)).map((e) => e.kind)).toEqual(['raised', 'acknowledge']);
  });
});

describe('the links of later steps', () => {
  it('links the notice to the incident only for those who can open it there', async () => {
    const t0 = clock.now().getTime();
    const id = await sos();
    // Step by step until the chain reaches the counsellors (the grid centre's consoles ring already).
    for (let s = 31; s <= 181; s += 30) {
      clock.set(new Date(t0 + s * 1000));
      while ((await rt.kernel.jobs.tick()) > 0);
    }
    const told = await noticesAbout(id);
    const counselor = await rt.login('counselor');
    const toCounselor = told.find((n) => n.userId === counselor.userId);
    expect(toCounselor, 'the chain reached the counsellor').toBeDefined();
    expect(toCounselor).toMatchObject({ link: null, data: { step: 'counselor', incidentId: id } });
    expect(toCounselor!.body).toContain('的报警尚未确认');
    // The link would only have opened an error page: a counsellor does not read alarms.
    expect([403, 404]).toContain((await counselor.call('GET', `/api/incidents/${id}`)).statusCode);
    // The guards, who can, got theirs with the link.
    expect(told.find((n) => n.userId === guard.userId)).toMatchObject({ link: `/incidents/${id}` });
    expect(
      (await guard.call('POST', `/api/incidents/${id}/actions`, { action: 'acknowledge' })).statusCode,
    ).toBe(200);
  });
});

describe('deliveries on the timeline', () => {
  it('shows each call, SMS and message once per delivery and state, only the states that matter, pushed to the consoles', async () => {
    const id = await sos();
    const other = await sos();
    const pushedBefore = await pushes(id);
    const call = newId();
    const sms = newId();
    const smsFailed = newId();
    const wecom = newId();
    await delivered({ deliveryId: call, subjectId: id, state: 'queued' });
    await delivered({ deliveryId: call, subjectId: id, state: 'sent' });
    await delivered({
      deliveryId: call,
      subjectId: id,
      state: 'delivered',
      answered: false,
      reason: '用户未接听',
    });
    // The provider posted its call result twice: one entry.
    await delivered({
      deliveryId: call,
      subjectId: id,
      state: 'delivered',
      answered: false,
      reason: '用户未接听',
    });
    await delivered({
      deliveryId: sms,
      subjectId: id,
      channel: 'sms',
      provider: 'aliyun-sms',
      state: 'sent',
    });
    await delivered({
      deliveryId: sms,
      subjectId: id,
      channel: 'sms',
      provider: 'aliyun-sms',
      state: 'delivered',
    });
    await delivered({
      deliveryId: smsFailed,
      subjectId: id,
      channel: 'sms',
      provider: 'tencent-sms',
      state: 'failed',
      reason: '空号',
    });
    await delivered({
      deliveryId: wecom,
      subjectId: id,
      channel: 'wecom',
      provider: 'wecom-app',
      to: 'z***',
      state: 'sent',
    });
    // The console's own in-app delivery is not news; nor is a delivery about something else.
    await delivered({ deliveryId: newId(), subjectId: id, channel: 'inapp', provider: null, state: 'read' });
    await delivered({
      deliveryId: newId(),
      subjectType: 'hazard',
      subjectId: id,
      state: 'delivered',
      answered: true,
    });
    await delivered({ deliveryId: newId(), subjectId: newId(), state: 'delivered', answered: true });
    await rt.settle();
    // The same report once more, after the first was handled.
    await delivered({
      deliveryId: call,
      subjectId: id,
      state: 'delivered',
      answered: false,
      reason: '用户未接听',
    });
    await rt.settle();

    const notified = (await timeline(id)).filter((e) => e.kind === 'notified');
    const name = (
      await rows<{ n: string }>(
        rt.kernel.db,
        sql`select display_name as n from users where id = ${guard.userId}`,
      )
    )[0]!.n;
    expect(notified.map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          deliveryId: call,
          channel: 'voice',
          to: '138****1234',
          name,
          outcome: 'unanswered',
          reason: '用户未接听',
        }),
        expect.objectContaining({ deliveryId: sms, channel: 'sms', outcome: 'delivered', reason: null }),
        expect.objectContaining({ deliveryId: smsFailed, channel: 'sms', outcome: 'failed', reason: '空号' }),
        expect.objectContaining({ deliveryId: wecom, channel: 'wecom', outcome: 'sent', name }),
      ]),
    );
    expect(notified).toHaveLength(4);
    expect(new Set(notified.map((e) => e.actorName))).toEqual(new Set(['系统']));
    expect((await timeline(other)).filter((e) => e.kind === 'notified')).toHaveLength(0);
    // Each entry went to the consoles as a change of the incident.
    expect((await pushes(id)) - pushedBefore).toBe(4);

    // A call answered later (a second call of the chain) is an entry of its own.
    await delivered({ deliveryId: newId(), subjectId: id, state: 'delivered', answered: true });
    await rt.settle();
    const answered = (await timeline(id)).filter(
      (e) => e.kind === 'notified' && e.data?.['outcome'] === 'answered',
    );
    expect(answered).toHaveLength(1);
  });
});

/** How many incident.updated events of kind notified the consoles were sent for an incident. */
async function pushes(id: string): Promise<number> {
  const r = await rt.kernel.db
    .select({ payload: events.payload })
    .from(events)
    .where(and(eq(events.type, 'incident.updated'), sql`${events.payload}->>'id' = ${id}`));
  return r.filter((e) => (e.payload as { kind?: string }).kind === 'notified').length;
}
