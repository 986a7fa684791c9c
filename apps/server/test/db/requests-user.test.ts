import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/kernel/audit/audit.tables.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { users } from '../../src/modules/identity/index.js';
import { students } from '../../src/modules/people/index.js';
import { grids } from '../../src/modules/grids/index.js';
import { places } from '../../src/modules/places/index.js';
import { requestCategories } from '../../src/modules/requests/index.js';
import { files } from '../../src/kernel/files/files.tables.js';
import { uploadFile } from '../support/files.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

// Issue 14, items 5–8: what a new user tripped over in requests.

interface Detail {
  id: string;
  no: string;
  version: number;
  reporter: { identity: string; name: string | null; phone: string | null };
}
interface RateRow {
  key: string;
  name: string;
  received: number;
  open: number;
  dueResponse: number;
  respondedInTime: number;
  dueResolution: number;
  response: number | null;
  resolution: number | null;
  score: number | null;
  rank?: number | null;
}
interface Rates {
  rows: RateRow[];
  overdueOpen: number;
}

// Monday 1 March 2027, 09:00 in China: a working day; the demo's request history lies before it.
const clock = new ManualClock(new Date('2027-03-01T09:00:00+08:00'));
let rt: TestRuntime;
let school: string;
let student: Session;
let leader: Session;
let centre: Session;
let admin: Session;
let categories: Record<string, string>;
let n = 0;

const key = () => `user-key-${String(++n).padStart(4, '0')}`;
async function detail(s: Session, id: string) {
  const r = await s.call('GET', `/api/requests/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json<Detail>();
}
async function act(s: Session, id: string, action: string, extra: object = {}) {
  const d = await detail(s, id);
  const r = await s.call('POST', `/api/requests/${id}/actions`, { action, version: d.version, ...extra });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json<Detail>();
}
async function file(s: Session, body: object) {
  const r = await s.call('POST', '/api/requests', { idempotencyKey: key(), ...body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; no: string; resolveBy: string }>();
}
async function signIn() {
  const s = await Promise.all(
    ['student', 'grid.leader', 'grid.center', 'school.admin'].map((u) => rt.login(u)),
  );
  [student, leader, centre, admin] = [s[0]!, s[1]!, s[2]!, s[3]!];
}
async function roomOf(building: string) {
  const [r] = await rt.kernel.db
    .select({ id: places.id, code: places.code })
    .from(places)
    .where(and(eq(places.kind, 'room'), like(places.code, `${building}-%`)))
    .orderBy(places.code)
    .limit(1);
  return r!;
}
async function gridId(code: string) {
  const [g] = await rt.kernel.db.select({ id: grids.id }).from(grids).where(eq(grids.code, code));
  return g!.id;
}

beforeAll(async () => {
  rt = await testRuntime({ clock });
  school = await orgId(rt, 'DYVTC');
  await signIn();
  const cats = await rt.kernel.db
    .select({ id: requestCategories.id, code: requestCategories.code })
    .from(requestCategories)
    .where(eq(requestCategories.schoolId, school));
  categories = Object.fromEntries(cats.map((c) => [c.code, c.id]));
});
afterAll(async () => rt?.dispose());

describe('the contact phone on 我要报事 (item 5)', () => {
  it('is offered from the account, kept as typed (validated), shown whole to the handler, never for sealed but through the audited reveal', async () => {
    const room = await roomOf('S03');
    const [own] = await rt.kernel.db
      .select({ phone: users.phone })
      .from(users)
      .where(eq(users.username, 'student'));
    const cat = await student.call('GET', '/api/request-catalogue');
    expect(cat.json<{ contactPhone: string | null }>().contactPhone).toBe(own!.phone);

    const body = { categoryId: categories['DORM'], description: '宿舍门锁坏了关不上', placeId: room.id };
    // Not a Chinese mobile or landline: refused, with the field named.
    for (const bad of ['12345', '2381234567', 'call me', '138123456789']) {
      const r = await student.call('POST', '/api/requests', {
        idempotencyKey: key(),
        ...body,
        contactPhone: bad,
      });
      expect(r.statusCode, bad).toBe(400);
      expect(r.body).toContain('contactPhone');
    }

    // Named: the handler (the building grid's leader) and the centre see the number to call back.
    const named = await file(student, { ...body, contactPhone: '139 0546 1234' });
    for (const s of [leader, centre]) expect((await detail(s, named.id)).reporter.phone).toBe('13905461234');
    // A list shows it masked.
    const listed = await leader.call('GET', `/api/requests?q=${named.no}`);
    expect(listed.json<{ items: Detail[] }>().items[0]!.reporter.phone).not.toContain('0546');
    // A landline is fine too; an empty field means no number.
    const landline = await file(student, { ...body, contactPhone: '0546-8221234' });
    expect((await detail(leader, landline.id)).reporter.phone).toBe('0546-8221234');
    const none = await file(student, { ...body, contactPhone: '' });
    expect((await detail(leader, none.id)).reporter.phone).toBeNull();

    // Anonymous: no number is kept at all.
    const anon = await file(student, { ...body, identity: 'anonymous', contactPhone: '13905461234' });
    expect((await detail(centre, anon.id)).reporter).toEqual({
      identity: 'anonymous',
      name: null,
      phone: null,
    });

    // Sealed: never in the request, only through the grid centre's audited reveal.
    const sealed = await file(student, {
      categoryId: categories['CARE'],
      description: '最近压力很大，想找老师聊聊',
      identity: 'sealed',
      contactPhone: '13905461234',
    });
    expect((await detail(centre, sealed.id)).reporter.phone).toBeNull();
    const revealed = await centre.call('GET', `/api/requests/${sealed.id}/reporter`);
    expect(revealed.json<{ phone: string }>().phone).toBe('13905461234');
    const audited = await rt.kernel.db.select().from(auditLog).where(eq(auditLog.targetId, sealed.id));
    expect(audited.map((a) => a.action)).toContain('request.reveal_reporter');
  });
});

describe('after photos with the reply (item 7)', () => {
  it('the unit replies with photos of the work done; they are kept and shown in both threads, and only the sender’s own images on a reply', async () => {
    const room = await roomOf('S03');
    const f = await file(student, {
      categoryId: categories['DORM'],
      description: '卫生间水龙头一直滴水',
      placeId: room.id,
    });
    await act(leader, f.id, 'sign');
    await act(leader, f.id, 'contact', { message: '已联系，马上派维修工' });
    const upload = async (s: Session) => {
      const r = await uploadFile(rt.app, s, {});
      expect(r.statusCode, r.body).toBe(201);
      return r.json<{ id: string }>().id;
    };
    const [after, theirs] = [await upload(leader), await upload(student)];
    // Someone else's image, or photos on a step that is not an answer: refused.
    const d0 = await detail(leader, f.id);
    for (const bad of [
      { action: 'reply', message: '已更换水龙头', photos: [theirs] },
      { action: 'progress', message: '维修中', photos: [after] },
    ]) {
      const r = await leader.call('POST', `/api/requests/${f.id}/actions`, { ...bad, version: d0.version });
      expect(r.statusCode, r.body).toBe(400);
    }
    await act(leader, f.id, 'reply', { message: '已更换水龙头，见照片', photos: [after] });

    const replied = (await leader.call('GET', `/api/requests/${f.id}`)).json<{
      events: { kind: string; photos: string[] }[];
    }>();
    expect(replied.events.find((e) => e.kind === 'reply')?.photos).toEqual([after]);
    const [kept] = await rt.kernel.db.select().from(files).where(eq(files.id, after));
    expect(kept!.committedAt).not.toBeNull();

    // The reporter sees them in the thread and can open them; not a file of someone else's thread.
    const mine = (await student.call('GET', `/api/my/requests/${f.id}`)).json<{
      thread: { kind: string; photos: string[] }[];
    }>();
    expect(mine.thread.find((e) => e.kind === 'reply')?.photos).toEqual([after]);
    expect((await student.call('GET', `/api/my/requests/${f.id}/photos/${after}`)).statusCode).toBe(200);
    expect((await student.call('GET', `/api/my/requests/${f.id}/photos/${theirs}`)).statusCode).toBe(404);
  });
});

describe('place search as people type it (item 6)', () => {
  const search = async (q: string) => {
    const r = await student.call('GET', `/api/request-places?q=${encodeURIComponent(q)}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ items: { id: string; code: string; label: string; kind: string }[] }>().items;
  };

  it('finds a room by building and room number however written, and puts the reporter’s own room and latest places first', async () => {
    for (const q of ['学生公寓3号楼 203', '3号楼 203', '3号楼203', '3栋 203', 'S03-0203']) {
      const found = await search(q);
      expect(found[0], q).toMatchObject({ code: 'S03-0203', label: '学生公寓3号楼 / 203' });
    }
    expect((await search('3号楼'))[0]).toMatchObject({ kind: 'building', label: '学生公寓3号楼' });

    // The student sleeps in a 203 that would come last by its code; she filed last from another.
    const rooms203 = await rt.kernel.db
      .select({ id: places.id, code: places.code })
      .from(places)
      .where(and(eq(places.kind, 'room'), eq(places.name, '203')))
      .orderBy(places.code);
    expect(rooms203.length).toBeGreaterThan(3);
    const own = rooms203.at(-1)!;
    const recent = rooms203.at(-2)!;
    const [me] = await rt.kernel.db
      .select({ id: students.id })
      .from(students)
      .where(eq(students.userId, student.userId));
    await rt.kernel.db.update(students).set({ bedPlaceId: own.id }).where(eq(students.id, me!.id));
    await file(student, {
      categoryId: categories['DORM'],
      description: '楼道里的灯坏了好几天',
      placeId: recent.id,
    });

    const found = await search('203');
    expect(found.slice(0, 2).map((p) => p.code)).toEqual([own.code, recent.code]);
    // Every room numbered 203 comes before places whose code merely contains 203.
    const exact = found.slice(0, Math.min(rooms203.length, 20));
    expect(
      exact.every((p) => p.label.endsWith('/ 203')),
      JSON.stringify(exact),
    ).toBe(true);
  });
});

describe('三率 over what fell due (item 8)', () => {
  const rates = async (s: Session) => {
    const r = await s.call(
      'GET',
      `/api/request-rates?schoolId=${school}&groupBy=unit&from=2027-03-01&to=2027-03-31`,
    );
    expect(r.statusCode, r.body).toBe(200);
    return r.json<Rates>();
  };

  it('two open requests contacted in time: 无数据 while nothing fell due, 0 (not 100) once they are overdue', async () => {
    const room = await roomOf('S02');
    const grid = await gridId('G-S02');
    const a1 = await file(student, {
      categoryId: categories['DORM'],
      description: '宿舍楼道灯坏了一周',
      placeId: room.id,
    });
    const a2 = await file(student, {
      categoryId: categories['DORM'],
      description: '隔壁宿舍深夜喧哗',
      placeId: room.id,
    });
    for (const f of [a1, a2]) {
      await act(admin, f.id, 'sign');
      await act(admin, f.id, 'contact', { message: '已电话联系' });
    }
    clock.set(new Date('2027-03-01T11:00:00+08:00'));
    await signIn();
    // Contacted in time, the resolution not yet due: nothing to judge, so no score and no rank.
    let row = (await rates(centre)).rows.find((r) => r.key === grid);
    expect(row).toMatchObject({ received: 2, open: 2, dueResolution: 0 });
    expect(row!.score).toBeNull();
    expect(row!.rank ?? null).toBeNull();

    // Friday: both are past their two working days and still open.
    clock.set(new Date('2027-03-05T09:30:00+08:00'));
    await signIn();
    const other = await roomOf('S01');
    const otherGrid = await gridId('G-S01');
    await file(student, { categoryId: categories['DORM'], description: '水房地面积水', placeId: other.id });
    clock.set(new Date('2027-03-05T10:00:00+08:00'));
    await signIn();
    const got = await rates(centre);
    row = got.rows.find((r) => r.key === grid);
    expect(row).toMatchObject({ dueResolution: 2, resolution: 0, response: 0 });
    expect(row!.score).not.toBeNull();
    expect(row!.score!).toBeLessThan(1);
    expect(row!.rank).toEqual(expect.any(Number));
    // The unit whose request is not yet due has 无数据 and is listed after every unit with a score.
    const fresh = got.rows.find((r) => r.key === otherGrid);
    expect(fresh).toMatchObject({ received: 1, score: null, rank: null });
    const firstNoData = got.rows.findIndex((r) => r.score === null);
    expect(got.rows.slice(firstNoData).every((r) => r.score === null)).toBe(true);
    expect(got.rows.indexOf(row!)).toBeLessThan(got.rows.indexOf(fresh!));

    // 逾期未结 of every period: the two are in it, and the count is what its list link shows.
    const list = await centre.call(
      'GET',
      `/api/requests?schoolId=${school}&open=true&overdue=true&pageSize=100`,
    );
    const listed = list.json<{ items: { id: string }[]; total: number }>();
    expect(listed.items.map((i) => i.id)).toEqual(expect.arrayContaining([a1.id, a2.id]));
    expect(got.overdueOpen).toBe(listed.total);
    expect(got.overdueOpen).toBeGreaterThanOrEqual(2);
  });
});
