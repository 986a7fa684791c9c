import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/kernel/audit/audit.tables.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { notifications } from '../../src/kernel/notify/index.js';
import { orgs } from '../../src/modules/orgs/index.js';
import { centreOf, places, type PolygonGeometry } from '../../src/modules/places/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

/** Issue 14, items 1–4: where and who on an alarm, the class's own words and clock, the escalation. */

interface Incident {
  id: string;
  status: string;
  alarmClass: string;
  placeId: string | null;
  placeName: string | null;
  placeDistance: number | null;
  mapPlaceId: string | null;
  lon: number | null;
  lat: number | null;
  accuracy: number | null;
  caller: {
    name: string;
    role: string | null;
    unit: string | null;
    phone: string | null;
    phoneMasked: boolean;
  } | null;
  clock: { key: string; state: string }[];
  resolveNote: string | null;
  closeReason: string | null;
  timeline: { kind: string; data: Record<string, unknown> | null }[];
}

const clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
let rt: TestRuntime;
let school: string;
let student: Session;
let guard: Session;
let police: Session;
let dorm3: { id: string; outline: PolygonGeometry };

beforeAll(async () => {
  rt = await testRuntime({ clock });
  await rt.start();
  school = await orgId(rt, 'DYVTC');
  student = await rt.login('student');
  guard = await rt.login('guard');
  police = await rt.login('police');
  const [p] = await rt.kernel.db
    .select({ id: places.id, outline: places.outline })
    .from(places)
    .where(and(eq(places.schoolId, school), eq(places.name, '学生公寓3号楼')));
  dorm3 = { id: p!.id, outline: p!.outline! };
});
afterAll(async () => rt.dispose());

let keys = 0;
const sos = async (body: object) => {
  const res = await student.call('POST', '/api/alarms/sos', {
    idempotencyKey: `details-${++keys}-key`,
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
};
const get = async (s: Session, id: string) => (await s.call('GET', `/api/incidents/${id}`)).json<Incident>();
const act = (s: Session, id: string, action: string, extra: object = {}) =>
  s.call('POST', `/api/incidents/${id}/actions`, { action, ...extra });
const openOf = async (s: Session) =>
  (await s.call('GET', '/api/incidents?open=true')).json<{ items: Incident[] }>().items;

describe('where: a phone fix placed on the school outlines (item 1)', () => {
  it("names the dorm the SOS was sent from, on the school's banner list and the police's, with the accuracy", async () => {
    const [lon, lat] = centreOf(dorm3.outline);
    const id = await sos({ alarmClass: 'police', lon, lat, accuracy: 12 });
    for (const viewer of [guard, police]) {
      const banner = (await openOf(viewer)).find((i) => i.id === id)!;
      expect(banner).toMatchObject({ placeName: '学生公寓3号楼', placeDistance: 0, accuracy: 12 });
      expect(banner.mapPlaceId).toBe(dorm3.id);
    }
    await act(guard, id, 'false_alarm', { reason: '测试' });
  });

  it('names the nearest place with its distance when the fix is outside every outline, and none off campus', async () => {
    const [lon, lat] = centreOf(dorm3.outline);
    const ring = dorm3.outline.coordinates[0]!;
    const north = Math.max(...ring.map((p) => p[1]));
    // ~6 m north of the dorm's northern edge, in the open.
    const near = await sos({ alarmClass: 'police', lon, lat: north + 0.000055 });
    const inc = await get(guard, near);
    expect(inc.placeName).not.toBeNull();
    expect(inc.placeDistance).toBeGreaterThan(0);
    expect(inc.placeDistance).toBeLessThan(50);
    const far = await get(guard, await sos({ alarmClass: 'police', lon: lon + 0.5, lat }));
    expect(far).toMatchObject({ placeId: null, placeDistance: null });
    for (const id of [near, far.id]) await act(guard, id, 'false_alarm', { reason: '测试' });
  });

  it('tells the phone which building it stands in, within its own school, and refuses a bad fix', async () => {
    const [lon, lat] = centreOf(dorm3.outline);
    const res = await student.call('GET', `/api/places/locate?lon=${lon}&lat=${lat}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      place: { id: dorm3.id, name: '学生公寓3号楼' },
      inside: true,
      distance: 0,
    });
    expect((await student.call('GET', `/api/places/locate?lon=${lon}&lat=91`)).statusCode).toBe(400);
    expect((await student.call('GET', '/api/places/locate?lon=abc&lat=1')).statusCode).toBe(400);
    // The police station is no school: there is nothing of its own to place the fix on.
    expect((await police.call('GET', `/api/places/locate?lon=${lon}&lat=${lat}`)).statusCode).toBe(404);
  });

  it("keeps a device press at its device's registered place, whatever the fix", async () => {
    const admin = await rt.login('school.admin');
    const devices = (await admin.call('GET', '/api/alarm-devices')).json<{
      items: { id: string; code: string; placeId: string | null; placeName: string | null }[];
    }>();
    const gate = devices.items.find((d) => d.placeId)!;
    const test = (await admin.call('POST', `/api/alarm-devices/${gate.id}/test`)).json<{ id: string }>();
    const inc = await get(admin, test.id);
    expect(inc).toMatchObject({
      placeId: gate.placeId,
      placeName: gate.placeName,
      placeDistance: null,
      caller: null,
    });
    await act(admin, test.id, 'false_alarm', { reason: '测试' });
  });
});

describe('who: the caller and a callback number (item 2)', () => {
  it('shows who pressed with a callback number to the school and the police while open; masked to a reader; revealed with an audit entry after', async () => {
    const id = await sos({ alarmClass: 'police' });
    const [cls] = await rt.kernel.db
      .select({ name: orgs.name })
      .from(orgs)
      .where(eq(orgs.code, 'DYVTC-C03-2401'));
    const banner = (await openOf(guard)).find((i) => i.id === id)!;
    expect(banner.caller).toMatchObject({
      name: '马欣怡',
      role: 'student',
      unit: cls!.name,
      phoneMasked: false,
    });
    expect(banner.caller!.phone).toMatch(/^1\d{10}$/);
    const full = banner.caller!.phone!;
    expect((await get(police, id)).caller).toMatchObject({ phone: full, phoneMasked: false });
    const supervisor = await rt.login('supervisor');
    const read = await get(supervisor, id);
    expect(read.caller).toMatchObject({ phoneMasked: true });
    expect(read.caller!.phone).not.toBe(full);
    expect(read.caller!.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect((await supervisor.call('POST', `/api/incidents/${id}/caller-phone`)).statusCode).toBe(403);

    // Over: masked for everyone; the full number only through the audited reveal.
    await act(guard, id, 'acknowledge');
    await act(guard, id, 'resolve', { note: '已到场处置' });
    await act(guard, id, 'close', { note: '学生与室友纠纷，已调解' });
    expect((await get(guard, id)).caller).toMatchObject({ phoneMasked: true });
    const revealed = await guard.call('POST', `/api/incidents/${id}/caller-phone`);
    expect(revealed.json()).toEqual({ phone: full });
    const audits = await rt.kernel.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'incident.reveal_caller_phone'), eq(auditLog.targetId, id)));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actorId).toBe(guard.userId);
  });
});

describe("words and semantics: the class's own route (item 3)", () => {
  it('gives an alarm that stays in the school no police steps, and a fire the brigade steps', async () => {
    const assist = await get(guard, await sos({ alarmClass: 'staff_assist' }));
    expect(assist.clock.map((c) => c.key)).toEqual(['acknowledge', 'on_scene']);
    const fire = await get(guard, await sos({ alarmClass: 'fire' }));
    expect(fire.clock.map((c) => c.key)).toEqual(['acknowledge', 'fire_accept', 'on_scene', 'fire_on_scene']);
    for (const id of [assist.id, fire.id]) await act(guard, id, 'false_alarm', { reason: '测试' });
  });

  it('keeps the note of 处置完毕 and of 结案 (结案说明)', async () => {
    const id = await sos({ alarmClass: 'medical' });
    await act(guard, id, 'acknowledge');
    await act(guard, id, 'resolve', { note: '校医到场包扎，已送医' });
    const closed = (await act(guard, id, 'close', { note: '学生已返校，无大碍' })).json<Incident>();
    expect(closed).toMatchObject({
      status: 'closed',
      resolveNote: '校医到场包扎，已送医',
      closeReason: '学生已返校，无大碍',
    });
  });

  it("gives the SOS page the school's own security duty number", async () => {
    const res = await student.call('GET', '/api/alarms/sos-contacts');
    expect(res.json()).toEqual({ schoolName: '东营职业学院', dutyPhone: '0546-8060999' });
    // The school's administrator keeps it in the school's settings.
    const admin = await rt.login('school.admin');
    expect((await admin.call('PATCH', `/api/orgs/${school}`, { dutyPhone: '拨打保卫处' })).statusCode).toBe(
      400,
    );
    const set = await admin.call('PATCH', `/api/orgs/${school}`, { dutyPhone: '0546-8060888' });
    expect(set.json()).toMatchObject({ dutyPhone: '0546-8060888' });
    expect((await student.call('GET', '/api/alarms/sos-contacts')).json()).toMatchObject({
      dutyPhone: '0546-8060888',
    });
  });
});

describe('escalation reaches someone new at each step (item 4)', () => {
  it('calls the guards on duty first, then skips the roles whose consoles already ring', async () => {
    const t0 = clock.now().getTime();
    const id = await sos({ alarmClass: 'police' });
    const counselor = await rt.login('counselor');
    // What each person was told about this incident (those who cannot open it get no link).
    const told = async (s: Session) =>
      (
        await rt.kernel.db
          .select({ id: notifications.id })
          .from(notifications)
          .where(
            and(
              eq(notifications.userId, s.userId),
              eq(notifications.subjectType, 'incident'),
              eq(notifications.subjectId, id),
            ),
          )
      ).length;
    clock.set(new Date(t0 + 31_000));
    await rt.kernel.jobs.tick();
    // The guards on duty: their banner rings, but the first step calls their phones.
    expect(await told(guard)).toBe(1);
    expect(await told(counselor)).toBe(0);
    clock.set(new Date(t0 + 61_000));
    await rt.kernel.jobs.tick();
    expect(await told(guard)).toBe(1);
    expect(await told(counselor)).toBe(1);
    const steps = (await get(guard, id)).timeline.filter((e) => e.kind === 'escalated');
    expect(steps.map((e) => e.data)).toMatchObject([
      { step: 'guard', skipped: [] },
      { step: 'counselor', skipped: ['grid_center'] },
    ]);
    await act(guard, id, 'acknowledge');
  });
});
