import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { notifications } from '../../src/kernel/notify/index.js';
import { incidents, signDeviceRequest } from '../../src/modules/alarms/index.js';
import { places } from '../../src/modules/places/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';
import { WsClient } from '../support/ws.js';

interface Incident {
  id: string;
  status: string;
  alarmClass: string;
  mode: string;
  schoolName: string;
  mapPlaceId: string | null;
  source: string;
  note: string | null;
  clock: { key: string; seconds: number; target: number | null; state: string }[];
  timeline: { kind: string; actorName: string; at: string }[];
}

const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
let rt: TestRuntime;
let base: string;
let admin: Session;
let school: string;
let device: { code: string; secret: string };

beforeAll(async () => {
  // Medical alarms have their own chain here: the grid leaders are told first.
  rt = await testRuntime({ clock, env: { ALARM_ESCALATION_CHAIN_MEDICAL: 'grid_leader,counselor' } });
  await rt.start();
  base = await rt.app.listen({ port: 0, host: '127.0.0.1' });
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
  const res = await admin.call('POST', '/api/alarm-devices', {
    schoolId: school,
    code: 'DYVTC-GATE-S',
    name: '南门一键报警',
    kind: 'gate',
    alarmClass: 'police',
  });
  expect(res.statusCode, res.body).toBe(201);
  device = { code: 'DYVTC-GATE-S', secret: res.json<{ secret: string }>().secret };
});
afterAll(async () => rt.dispose());

/** A press as the device sends it: signed body, its own idempotency key. */
function press(key: string, opts: { mode?: string; secret?: string; at?: Date } = {}) {
  const body = JSON.stringify({ mode: opts.mode ?? 'real' });
  const ts = String(Math.floor((opts.at ?? clock.now()).getTime() / 1000));
  return rt.app.inject({
    method: 'POST',
    url: `/api/devices/${device.code}/alarm`,
    headers: {
      'content-type': 'application/json',
      'x-anxiao-timestamp': ts,
      'x-anxiao-signature': signDeviceRequest(opts.secret ?? device.secret, ts, key, body),
      'idempotency-key': key,
    },
    payload: body,
  });
}

const get = async (s: Session, id: string) => (await s.call('GET', `/api/incidents/${id}`)).json<Incident>();
const act = (s: Session, id: string, action: string, extra: object = {}) =>
  s.call('POST', `/api/incidents/${id}/actions`, { action, ...extra });

describe('alarm devices', () => {
  it('stores a press before answering, and the same idempotency key twice makes one alarm', async () => {
    const first = await press('press-0001');
    expect(first.statusCode, first.body).toBe(201);
    const { id } = first.json<{ id: string }>();
    // Durable by the time the device hears back: it is in the database.
    const stored = await rt.kernel.db.select().from(incidents).where(eq(incidents.id, id));
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ alarmClass: 'police', source: 'device', status: 'raised' });

    const retry = await press('press-0001');
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ id, created: false });
    const all = await rt.kernel.db.select().from(incidents).where(eq(incidents.idempotencyKey, 'press-0001'));
    expect(all).toHaveLength(1);
  });

  it('refuses a wrong signature, an old timestamp and an unknown device', async () => {
    expect((await press('press-0002', { secret: 'b'.repeat(64) })).json()).toMatchObject({
      error: { code: 'alarms.bad_signature' },
    });
    const old = await press('press-0003', { at: new Date(clock.now().getTime() - 600_000) });
    expect(old.statusCode).toBe(401);
    const unknown = await rt.app.inject({
      method: 'POST',
      url: '/api/devices/NOPE/alarm',
      headers: {
        'content-type': 'application/json',
        'x-anxiao-timestamp': '1795000000',
        'x-anxiao-signature': 'ab',
        'idempotency-key': 'press-0004',
      },
      payload: '{}',
    });
    expect(unknown.statusCode).toBe(401);
  });

  it('keeps a device test as its last test, marked as a test', async () => {
    const res = await press('test-0001', { mode: 'test' });
    const inc = await get(admin, res.json<{ id: string }>().id);
    expect(inc.mode).toBe('test');
    const devices = (await admin.call('GET', `/api/alarm-devices?schoolId=${school}`)).json<{
      items: { code: string; lastTestAt: string; online: boolean }[];
    }>();
    expect(devices.items[0]).toMatchObject({
      code: device.code,
      online: true,
      lastTestAt: clock.now().toISOString(),
    });
  });
});

describe('device tests from the console', () => {
  it("runs the demo gate button's test through the alarm path, marked as a test", async () => {
    const devices = (await admin.call('GET', `/api/alarm-devices?schoolId=${school}`)).json<{
      items: { id: string; code: string }[];
    }>();
    const gate = devices.items.find((d) => d.code === 'DYVTC-GS-BTN')!;
    const guard = await rt.login('guard');
    expect((await guard.call('POST', `/api/alarm-devices/${gate.id}/test`)).statusCode).toBe(403);
    const r = await admin.call('POST', `/api/alarm-devices/${gate.id}/test`);
    expect(r.statusCode).toBe(201);
    const inc = await get(admin, r.json<{ id: string }>().id);
    expect(inc).toMatchObject({ mode: 'test', alarmClass: 'police', status: 'raised' });
    const after = (await admin.call('GET', `/api/alarm-devices?schoolId=${school}`)).json<{
      items: { code: string; lastTestAt: string | null }[];
    }>();
    expect(after.items.find((d) => d.code === 'DYVTC-GS-BTN')!.lastTestAt).toBe(clock.now().toISOString());
  });
});

describe('device heartbeats', () => {
  it('keeps a device online while it beats, and tells the consoles when it falls silent', async () => {
    const body = '{}';
    const ts = String(Math.floor(clock.now().getTime() / 1000));
    const beat = await rt.app.inject({
      method: 'POST',
      url: `/api/devices/${device.code}/heartbeat`,
      headers: {
        'content-type': 'application/json',
        'x-anxiao-timestamp': ts,
        'x-anxiao-signature': signDeviceRequest(device.secret, ts, 'beat-0001', body),
        'idempotency-key': 'beat-0001',
      },
      payload: body,
    });
    expect(beat.statusCode).toBe(204);
    const console = await WsClient.connect(base, admin.cookie);
    await console.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
    const online = async () =>
      (await admin.call('GET', '/api/alarm-devices'))
        .json<{ items: { code: string; online: boolean }[] }>()
        .items.find((d) => d.code === device.code)!.online;
    expect(await online()).toBe(true);
    // Two minutes of silence is still within three missed heartbeats (60 s each) …
    clock.set(new Date(clock.now().getTime() + 120_000));
    await rt.kernel.jobs.tick();
    expect(await online()).toBe(true);
    // … four minutes is not.
    clock.set(new Date(clock.now().getTime() + 120_000));
    await rt.kernel.jobs.tick();
    expect(await online()).toBe(false);
    await console.waitFor((w) =>
      w.events('alarm_device.offline').some((e) => e.payload.code === device.code),
    );
    // It beats again: online, and the consoles hear it once.
    const again = String(Math.floor(clock.now().getTime() / 1000));
    const back = await rt.app.inject({
      method: 'POST',
      url: `/api/devices/${device.code}/heartbeat`,
      headers: {
        'content-type': 'application/json',
        'x-anxiao-timestamp': again,
        'x-anxiao-signature': signDeviceRequest(device.secret, again, 'beat-0002', body),
        'idempotency-key': 'beat-0002',
      },
      payload: body,
    });
    expect(back.statusCode).toBe(204);
    expect(await online()).toBe(true);
    await console.waitFor((w) => w.events('alarm_device.online').some((e) => e.payload.code === device.code));
    expect(console.events('alarm_device.online').filter((e) => e.payload.code === device.code)).toHaveLength(
      1,
    );
    await console.close();
  });
});

describe('ringing and the closed loop with the police', () => {
  it("rings the school's consoles and the police of the jurisdiction at once, not another school's", async () => {
    const police = await rt.login('police');
    const guard = await rt.login('guard');
    const other = await rt.login('primary.admin');
    const consoles = await Promise.all(
      [admin, police, guard, other].map((s) => WsClient.connect(base, s.cookie)),
    );
    await Promise.all(consoles.map((c) => c.waitFor((w) => w.messages.some((m) => m.type === 'ready'))));
    const { id } = (await press('press-0100')).json<{ id: string }>();
    for (const c of consoles.slice(0, 3)) {
      await c.waitFor((w) => w.events('incident.raised').some((e) => e.payload.id === id));
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(consoles[3]!.events('incident.raised')).toEqual([]);
    // The police see it in their list, with the school's name.
    const list = (await police.call('GET', '/api/incidents?open=true')).json<{ items: Incident[] }>();
    expect(list.items.find((i) => i.id === id)).toMatchObject({
      schoolName: '东营职业学院',
      alarmClass: 'police',
    });
    await Promise.all(consoles.map((c) => c.close()));
  });

  it('stamps every hop with time and actor; the police steps flow back to the school; the clock shows 1-3-5', async () => {
    const guard = await rt.login('guard');
    const police = await rt.login('police');
    const t0 = clock.now().getTime();
    const { id } = (await press('press-0200')).json<{ id: string }>();
    clock.set(new Date(t0 + 25_000));
    expect((await act(guard, id, 'acknowledge')).statusCode).toBe(200);
    // A second console acknowledging the same alarm learns someone already did.
    expect((await act(admin, id, 'acknowledge')).json()).toMatchObject({
      error: { code: 'alarms.transition' },
    });
    clock.set(new Date(t0 + 70_000));
    expect((await act(police, id, 'police_accept')).statusCode).toBe(200);
    clock.set(new Date(t0 + 150_000));
    expect((await act(guard, id, 'on_scene', { note: '保安已到南门' })).statusCode).toBe(200);
    clock.set(new Date(t0 + 180_000));
    expect((await act(police, id, 'police_on_scene')).statusCode).toBe(200);
    clock.set(new Date(t0 + 600_000));
    expect((await act(guard, id, 'resolve')).statusCode).toBe(200);
    expect((await act(police, id, 'close')).statusCode).toBe(200);

    const inc = await get(admin, id);
    expect(inc.status).toBe('closed');
    expect(inc.timeline.map((e) => `${e.kind}:${e.actorName}`)).toEqual([
      'raised:南门一键报警',
      'acknowledge:孙海涛（保安队长）',
      'police_accept:张警官（文汇派出所）',
      'on_scene:孙海涛（保安队长）',
      'police_on_scene:张警官（文汇派出所）',
      'resolve:孙海涛（保安队长）',
      'close:张警官（文汇派出所）',
    ]);
    expect(inc.clock).toEqual([
      { key: 'acknowledge', seconds: 25, target: 60, state: 'met' },
      { key: 'police_accept', seconds: 70, target: null, state: 'met' },
      { key: 'on_scene', seconds: 150, target: 180, state: 'met' },
      { key: 'police_on_scene', seconds: 180, target: 300, state: 'met' },
    ]);
  });

  it('lets a supervisor read but not act, and the police of another station see nothing', async () => {
    const { id } = (await press('press-0300')).json<{ id: string }>();
    const supervisor = await rt.login('supervisor');
    expect((await supervisor.call('GET', `/api/incidents/${id}`)).statusCode).toBe(200);
    expect((await act(supervisor, id, 'acknowledge')).statusCode).toBe(403);
    const student = await rt.login('student');
    expect((await student.call('GET', `/api/incidents/${id}`)).statusCode).toBe(404);
  });
});

describe('emergency plans (应急预案)', () => {
  it('opens a plan on an incident as a checklist and ticks its steps with time and person', async () => {
    const templates = (await admin.call('GET', '/api/plan-templates')).json<{
      items: { type: string; name: string }[];
    }>().items;
    expect(templates.map((t) => t.type)).toEqual(['intruder', 'evacuation', 'fire', 'stampede', 'medical']);
    const { id } = (await press('press-0500')).json<{ id: string }>();
    const guard = await rt.login('guard');
    const opened = await guard.call('POST', `/api/incidents/${id}/plans`, { type: 'intruder' });
    expect(opened.statusCode).toBe(200);
    type Plan = {
      name: string;
      steps: { id: string; title: string; owner: string; doneAt: string | null; doneByName: string | null }[];
    };
    const plan = opened.json<{ plans: Plan[] }>().plans[0]!;
    expect(plan.name).toBe('暴力入侵（校园封控）处置预案');
    expect(plan.steps[2]).toMatchObject({
      title: '关闭校门，禁止一切人员进出',
      owner: 'guard',
      doneAt: null,
    });
    // Opening it again keeps the one already ticking.
    expect(
      (await guard.call('POST', `/api/incidents/${id}/plans`, { type: 'intruder' })).json<{ plans: Plan[] }>()
        .plans,
    ).toHaveLength(1);
    const ticked = await guard.call('POST', `/api/incidents/${id}/plan-steps/${plan.steps[2]!.id}/done`);
    const step = ticked.json<{ plans: Plan[] }>().plans[0]!.steps[2]!;
    expect(step).toMatchObject({ doneAt: clock.now().toISOString(), doneByName: '孙海涛（保安队长）' });
    expect(
      (await guard.call('POST', `/api/incidents/${id}/plan-steps/${plan.steps[2]!.id}/done`)).statusCode,
    ).toBe(404);
    const inc = await get(admin, id);
    expect(inc.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['plan_opened', 'plan_step']));
  });
});

/** The notifications a person got about one incident, oldest first. */
const toldAbout = (s: Session, incidentId: string) =>
  rt.kernel.db
    .select({ title: notifications.title })
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, s.userId),
        eq(notifications.subjectType, 'incident'),
        eq(notifications.subjectId, incidentId),
      ),
    )
    .orderBy(notifications.createdAt);

describe('escalation', () => {
  it('calls the guards on duty first while nobody acknowledges, then the next role, and stops once someone does', async () => {
    const t0 = clock.now().getTime();
    const { id } = (await press('press-0400')).json<{ id: string }>();
    const guard = await rt.login('guard');
    const counselor = await rt.login('counselor');
    const leader = await rt.login('grid.leader');
    // What each person was told about this incident (those who cannot open it get no link).
    const unread = (s: Session) => toldAbout(s, id);
    clock.set(new Date(t0 + 29_000));
    await rt.kernel.jobs.tick();
    expect(await unread(guard)).toEqual([]);
    // 30 s: the guards on duty are told (their phones are called: a guard on patrol has no console).
    clock.set(new Date(t0 + 31_000));
    await rt.kernel.jobs.tick();
    expect((await unread(guard)).map((n) => n.title)).toEqual(['一键报警 30 秒无人确认']);
    expect(await unread(counselor)).toEqual([]);
    // 60 s: the grid centre has the banner already; the counsellors are told.
    clock.set(new Date(t0 + 61_000));
    await rt.kernel.jobs.tick();
    expect((await unread(counselor)).map((n) => n.title)).toEqual(['一键报警 60 秒无人确认']);
    expect(await unread(leader)).toEqual([]);
    // 90 s: the grid leaders.
    clock.set(new Date(t0 + 91_000));
    await rt.kernel.jobs.tick();
    expect((await unread(leader)).map((n) => n.title)).toEqual(['一键报警 90 秒无人确认']);
    // Acknowledged: the chain stops.
    expect((await act(guard, id, 'acknowledge')).statusCode).toBe(200);
    clock.set(new Date(t0 + 200_000));
    await rt.kernel.jobs.tick();
    const inc = await get(admin, id);
    expect(inc.timeline.map((e) => e.kind)).toEqual([
      'raised',
      'escalated',
      'escalated',
      'escalated',
      'acknowledge',
    ]);
    // Someone else's notification is not theirs to mark read.
    const mine = (await counselor.call('GET', '/api/notifications')).json<{ items: { id: string }[] }>()
      .items[0]!;
    expect((await leader.call('POST', `/api/notifications/${mine.id}/read`)).statusCode).toBe(404);
    expect((await counselor.call('POST', `/api/notifications/${mine.id}/read`)).statusCode).toBe(204);
  });
});

describe('SOS from the phone', () => {
  it('raises once however often the phone retries, and the sender follows it and may withdraw a mistaken call in time', async () => {
    const student = await rt.login('student');
    const body = { idempotencyKey: 'sos-student-0001', alarmClass: 'staff_assist', lon: 118.55, lat: 37.45 };
    const first = await student.call('POST', '/api/alarms/sos', body);
    expect(first.statusCode).toBe(201);
    const again = await student.call('POST', '/api/alarms/sos', body);
    expect(again.json()).toEqual({ id: first.json<{ id: string }>().id, created: false });
    const id = first.json<{ id: string }>().id;
    expect((await get(student, id)).status).toBe('raised');
    expect((await act(student, id, 'cancel', { reason: '误触' })).json<Incident>().status).toBe('cancelled');

    // A police SOS cannot be withdrawn by its sender; whoever handles it closes it as a false alarm.
    const sos = await student.call('POST', '/api/alarms/sos', { idempotencyKey: 'sos-student-0002' });
    const policeId = sos.json<{ id: string }>().id;
    expect((await act(student, policeId, 'cancel', { reason: '误触' })).json()).toMatchObject({
      error: { code: 'alarms.no_cancel' },
    });
    const guard = await rt.login('guard');
    expect((await act(guard, policeId, 'false_alarm')).json()).toMatchObject({
      error: { code: 'alarms.reason_required' },
    });
    expect(
      (await act(guard, policeId, 'false_alarm', { reason: '学生误触，已核实' })).json<Incident>().status,
    ).toBe('false_alarm');
  });

  it('refuses a cancel after the window', async () => {
    const student = await rt.login('student');
    const { id } = (
      await student.call('POST', '/api/alarms/sos', {
        idempotencyKey: 'sos-student-0003',
        alarmClass: 'medical',
      })
    ).json<{ id: string }>();
    clock.set(new Date(clock.now().getTime() + 16_000));
    expect((await act(student, id, 'cancel', { reason: '误触' })).json()).toMatchObject({
      error: { code: 'alarms.no_cancel' },
    });
  });
});

async function placeId(code: string) {
  const [p] = await rt.kernel.db
    .select({ id: places.id })
    .from(places)
    .where(and(eq(places.schoolId, school), eq(places.code, code)));
  return p!.id;
}

describe('the incident on the map', () => {
  it('names the building that holds the room, and the gate itself, to highlight on the campus map', async () => {
    const guard = await rt.login('guard');
    const room = await guard.call('POST', '/api/alarms', {
      schoolId: school,
      idempotencyKey: 'manual-map-0001',
      alarmClass: 'staff_assist',
      placeId: await placeId('T1-0101'),
    });
    expect(room.statusCode, room.body).toBe(201);
    const inc = await get(admin, room.json<{ id: string }>().id);
    expect(inc.mapPlaceId).toBe(await placeId('T1'));
    const devices = (await admin.call('GET', '/api/alarm-devices')).json<{
      items: { id: string; code: string; placeId: string }[];
    }>();
    const gate = devices.items.find((d) => d.code === 'DYVTC-GS-BTN')!;
    const test = (await admin.call('POST', `/api/alarm-devices/${gate.id}/test`)).json<{ id: string }>();
    expect((await get(admin, test.id)).mapPlaceId).toBe(gate.placeId);
  });

  it('shows the police every school of the jurisdiction with its location and open alarms, and the school only itself', async () => {
    interface Overview {
      schools: {
        name: string;
        lon: number | null;
        lat: number | null;
        openIncidents: number;
        devices: number;
      }[];
    }
    const police = (await (await rt.login('police')).call('GET', '/api/alarm-overview')).json<Overview>();
    expect(police.schools.map((s) => s.name).sort()).toEqual(
      ['东营区实验小学', '东营区第一幼儿园', '东营职业学院'].sort(),
    );
    const college = police.schools.find((s) => s.name === '东营职业学院')!;
    expect(college.lon).toBeCloseTo(118.552);
    expect(college.openIncidents).toBe(
      (await admin.call('GET', '/api/incidents?open=true')).json<{ items: unknown[] }>().items.length,
    );
    expect(college.openIncidents).toBeGreaterThan(0);
    expect(college.devices).toBeGreaterThanOrEqual(5);
    const own = (await admin.call('GET', '/api/alarm-overview')).json<Overview>();
    expect(own.schools.map((s) => s.name)).toEqual(['东营职业学院']);
    const student = await rt.login('student');
    expect((await student.call('GET', '/api/alarm-overview')).statusCode).toBe(403);
  });
});

describe('escalation per class', () => {
  it("tells a medical alarm's own chain first", async () => {
    const guard = await rt.login('guard');
    const t0 = clock.now().getTime();
    const { id } = (
      await guard.call('POST', '/api/alarms', {
        schoolId: school,
        idempotencyKey: 'manual-medical-0001',
        alarmClass: 'medical',
      })
    ).json<{ id: string }>();
    clock.set(new Date(t0 + 31_000));
    await rt.kernel.jobs.tick();
    const notes = (s: Session) => toldAbout(s, id);
    expect(await notes(await rt.login('grid.leader'))).toHaveLength(1);
    expect(await notes(await rt.login('counselor'))).toHaveLength(0);
    expect(await notes(guard)).toHaveLength(0);
    expect((await act(guard, id, 'acknowledge')).statusCode).toBe(200);
  });
});

interface Drill {
  id: string;
  status: string;
  reportedTo: number;
  reportedAt: string | null;
  policeAckAt: string | null;
  policeAckByName: string | null;
  incidentId: string | null;
  incidentStatus: string | null;
  targetSeconds: number | null;
  evacuationSeconds: number | null;
  result: string | null;
  timings: { acknowledge: number | null; policeAccept: number | null; policeOnScene: number | null };
}

describe('drills and device tests (演练, 报备)', () => {
  it('reports a drill to the police beforehand, runs it marked as a drill, and keeps its timings as evidence', async () => {
    const center = await rt.login('grid.center');
    const police = await rt.login('police');
    const t0 = clock.now().getTime();
    const scheduled = await center.call('POST', '/api/drills', {
      schoolId: school,
      kind: 'drill',
      title: '大学生活动中心紧急疏散演练',
      planType: 'evacuation',
      alarmClass: 'fire',
      placeId: await placeId('ACT'),
      scheduledAt: new Date(t0 + 3_600_000).toISOString(),
    });
    expect(scheduled.statusCode, scheduled.body).toBe(201);
    const drill = scheduled.json<Drill>();
    // 3 floors: the two-minute target applies; the station's officer was told at once (报备).
    expect(drill).toMatchObject({ status: 'scheduled', targetSeconds: 120, reportedTo: 1 });
    expect(drill.reportedAt).toBe(clock.now().toISOString());
    const told = (await police.call('GET', '/api/notifications')).json<{ items: { title: string }[] }>();
    expect(told.items.map((n) => n.title)).toContain('【报备】东营职业学院演练：大学生活动中心紧急疏散演练');
    // The police see it in their list and acknowledge the report; the school may not do that for them.
    const theirs = (await police.call('GET', '/api/drills')).json<{ items: Drill[] }>();
    expect(theirs.items.map((d) => d.id)).toContain(drill.id);
    expect((await center.call('POST', `/api/drills/${drill.id}/acknowledge`)).statusCode).toBe(403);
    const acked = (await police.call('POST', `/api/drills/${drill.id}/acknowledge`)).json<Drill>();
    expect(acked.policeAckByName).toBe('张警官（文汇派出所）');

    // The day comes: starting it rings the consoles with an alarm marked as a drill, plan opened.
    clock.set(new Date(t0 + 3_600_000));
    const started = (await center.call('POST', `/api/drills/${drill.id}/start`)).json<Drill>();
    expect(started.status).toBe('running');
    // A second click (or a second person) starts nothing new.
    const again = (await center.call('POST', `/api/drills/${drill.id}/start`)).json<Drill>();
    expect(again.incidentId).toBe(started.incidentId);
    const inc = (await get(admin, started.incidentId!)) as Incident & { plans: { type: string }[] };
    expect(inc).toMatchObject({ mode: 'drill', alarmClass: 'fire', status: 'raised' });
    expect(inc.plans.map((p) => p.type)).toEqual(['evacuation']);
    clock.set(new Date(t0 + 3_600_000 + 20_000));
    expect((await act(center, inc.id, 'acknowledge')).statusCode).toBe(200);
    clock.set(new Date(t0 + 3_600_000 + 150_000));
    expect((await act(police, inc.id, 'police_on_scene')).statusCode).toBe(200);

    // Finished: evacuation in 1 min 48 s against 2 min; the drill's alarm is closed with it.
    clock.set(new Date(t0 + 3_600_000 + 600_000));
    const done = (
      await center.call('POST', `/api/drills/${drill.id}/finish`, {
        evacuationSeconds: 108,
        participants: 640,
        summary: '各楼层按预定路线撤离，二楼东侧楼梯口一度拥堵',
      })
    ).json<Drill>();
    expect(done).toMatchObject({
      status: 'done',
      evacuationSeconds: 108,
      result: 'met',
      incidentStatus: 'closed',
      timings: { acknowledge: 20, policeAccept: 150, policeOnScene: 150 },
    });
    expect((await get(admin, inc.id)).timeline.at(-1)).toMatchObject({
      kind: 'close',
      actorName: '王晓燕（网格中心）',
    });
  });

  it('asks for a target where the two-minute rule does not apply, and refuses a drill in the past', async () => {
    const center = await rt.login('grid.center');
    const at = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const body = {
      schoolId: school,
      kind: 'drill',
      title: '一号教学楼疏散演练',
      placeId: await placeId('T1'),
      scheduledAt: at,
    };
    expect((await center.call('POST', '/api/drills', body)).json()).toMatchObject({
      error: { code: 'alarms.drill_target_required' },
    });
    const set = await center.call('POST', '/api/drills', { ...body, targetSeconds: 180 });
    expect(set.json<Drill>().targetSeconds).toBe(180);
    const past = await center.call('POST', '/api/drills', {
      ...body,
      targetSeconds: 180,
      scheduledAt: new Date(clock.now().getTime() - 60_000).toISOString(),
    });
    expect(past.json()).toMatchObject({ error: { code: 'alarms.drill_in_past' } });
    // Called off: the police are told that too.
    const police = await rt.login('police');
    const cancelled = await center.call('POST', `/api/drills/${set.json<Drill>().id}/cancel`, {
      reason: '暴雨，改期',
    });
    expect(cancelled.json<Drill>().status).toBe('cancelled');
    const titles = (await police.call('GET', '/api/notifications')).json<{ items: { title: string }[] }>()
      .items;
    expect(titles.map((n) => n.title)).toContain('【取消报备】东营职业学院：一号教学楼疏散演练');
  });

  it("runs a scheduled device test through the device's own path and keeps it as its last test", async () => {
    const devices = (await admin.call('GET', '/api/alarm-devices')).json<{
      items: { id: string; code: string; lastTestAt: string | null }[];
    }>();
    const gate = devices.items.find((d) => d.code === 'DYVTC-GN-BTN')!;
    const planned = (
      await admin.call('POST', '/api/drills', {
        schoolId: school,
        kind: 'device_test',
        title: '北门一键报警月度测试',
        deviceId: gate.id,
        scheduledAt: new Date(clock.now().getTime() + 60_000).toISOString(),
      })
    ).json<Drill>();
    expect(planned.targetSeconds).toBeNull();
    clock.set(new Date(clock.now().getTime() + 60_000));
    const started = (await admin.call('POST', `/api/drills/${planned.id}/start`)).json<Drill>();
    const inc = await get(admin, started.incidentId!);
    expect(inc).toMatchObject({ mode: 'test', alarmClass: 'police' });
    const after = (await admin.call('GET', '/api/alarm-devices')).json<{
      items: { id: string; lastTestAt: string | null }[];
    }>();
    expect(after.items.find((d) => d.id === gate.id)!.lastTestAt).toBe(clock.now().toISOString());
    // A student can neither schedule nor see drills.
    const student = await rt.login('student');
    expect((await student.call('GET', '/api/drills')).statusCode).toBe(403);
  });
});

describe('camera analytics (the internal port for the video module)', () => {
  it('raises an alarm from a detection once, however often it is delivered, and rings it like any other', async () => {
    const input = {
      schoolId: school,
      cameraId: 'cam-gs-01',
      cameraName: '南门人脸抓拍机',
      eventKey: 'det-20261123-0001',
      alarmClass: 'police' as const,
      placeId: await placeId('GS'),
      note: '布控人员出现在南门',
    };
    const first = await rt.services.alarms.raiseFromCamera(input);
    const again = await rt.services.alarms.raiseFromCamera(input);
    expect(first.created).toBe(true);
    expect(again).toEqual({ id: first.id, created: false });
    const inc = await get(admin, first.id);
    expect(inc).toMatchObject({ source: 'video', status: 'raised', note: '布控人员出现在南门' });
    expect(inc.timeline[0]).toMatchObject({ kind: 'raised', actorName: '南门人脸抓拍机' });
  });
});
