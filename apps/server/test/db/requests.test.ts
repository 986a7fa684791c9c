import { and, eq, like } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { auditLog } from '../../src/kernel/audit/audit.tables.js';
import { notifications } from '../../src/kernel/notify/notify.tables.js';
import { places } from '../../src/modules/places/index.js';
import { requestCategories } from '../../src/modules/requests/index.js';
import { uploadFile } from '../support/files.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

interface Detail {
  id: string;
  no: string;
  status: string;
  closeKind: string | null;
  version: number;
  unit: { kind: string; id: string; name: string } | null;
  reporter: { identity: string; name: string | null; phone: string | null };
  respondBy: string;
  resolveBy: string;
  respondedAt: string | null;
  overdue: boolean;
  ladder: { urgedAt: string | null; supervisedAt: string | null; noticedAt: string | null };
  actions: string[];
  events: { kind: string; visibility: string; side: string; body: string | null; actorName: string }[];
  canRevealReporter: boolean;
  possibleDuplicates: { id: string; no: string }[];
  incidentId: string | null;
  mergedInto: { id: string; no: string } | null;
}
interface Filed {
  id: string;
  no: string;
  created: boolean;
  trackToken: string;
  status: string;
  respondBy: string;
  resolveBy: string;
}
interface Tracked {
  no: string;
  status: string;
  canRate: boolean;
  unitName: string | null;
  mergedInto: { no: string; status: string } | null;
  thread: { side: string; author: string; kind: string; body: string | null }[];
}
interface RateRow {
  key: string;
  name: string;
  received: number;
  dueResolution: number;
  solved: number;
  evaluated: number;
  satisfied: number;
  resolution: number | null;
  satisfaction: number | null;
  score: number | null;
}

// Wednesday 30 September 2026, 16:00 in China: the eve of the National Day holiday (1–7 October,
// make-up working day Saturday 10 October in the demo calendar).
const clock = new ManualClock(new Date('2026-09-30T08:00:00Z'));
let rt: TestRuntime;
let school: string;
let student: Session;
let leader: Session;
let worker: Session;
let centre: Session;
let admin: Session;
let room: { id: string; code: string };
let categories: Record<string, string>;
let n = 0;

const key = () => `test-key-${String(++n).padStart(4, '0')}`;
const detail = async (s: Session, id: string) => {
  const r = await s.call('GET', `/api/requests/${id}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json<Detail>();
};
async function act(s: Session, id: string, action: string, extra: object = {}) {
  const d = await detail(s, id);
  const r = await s.call('POST', `/api/requests/${id}/actions`, { action, version: d.version, ...extra });
  expect(r.statusCode, `${action}: ${r.body}`).toBe(200);
  return r.json<Detail>();
}
async function file(s: Session, body: object) {
  const r = await s.call('POST', '/api/requests', { idempotencyKey: key(), ...body });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<Filed>();
}
const china = (iso: string) =>
  new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai' }).slice(0, 16);
/** Move the clock (sessions older than a day expire, so everyone signs in again) and run due jobs. */
async function at(when: Date) {
  clock.set(when);
  const s = await Promise.all(
    ['student', 'grid.leader', 'grid.worker', 'grid.center', 'school.admin'].map((u) => rt.login(u)),
  );
  [student, leader, worker, centre, admin] = [s[0]!, s[1]!, s[2]!, s[3]!, s[4]!];
}
async function moveTo(chinaTime: string) {
  await at(new Date(`${chinaTime}:00+08:00`));
  await rt.kernel.jobs.tick();
  await rt.kernel.jobs.tick();
}

beforeAll(async () => {
  rt = await testRuntime({ clock });
  school = await orgId(rt, 'DYVTC');
  student = await rt.login('student');
  leader = await rt.login('grid.leader');
  worker = await rt.login('grid.worker');
  centre = await rt.login('grid.center');
  admin = await rt.login('school.admin');
  // A dormitory room of the building the demo grid leader leads (the third dormitory).
  const [r] = await rt.kernel.db
    .select({ id: places.id, code: places.code })
    .from(places)
    .where(and(eq(places.kind, 'room'), like(places.code, 'S03-%')))
    .orderBy(places.code)
    .limit(1);
  room = r!;
  const cats = await rt.kernel.db
    .select({ id: requestCategories.id, code: requestCategories.code })
    .from(requestCategories)
    .where(eq(requestCategories.schoolId, school));
  categories = Object.fromEntries(cats.map((c) => [c.code, c.id]));
});
afterAll(async () => rt.dispose());

describe('intake on the phone', () => {
  it('files with a photo at a room; the building grid has it in its queue with the clock running', async () => {
    const catalogue = await student.call('GET', `/api/request-catalogue?placeId=${room.id}`);
    expect(catalogue.statusCode, catalogue.body).toBe(200);
    const c = catalogue.json<{
      school: { name: string };
      categories: { code: string }[];
      place: { label: string };
    }>();
    expect(c.school.name).toBe('东营职业学院');
    expect(c.categories.map((x) => x.code)).toContain('DORM');
    expect(c.place.label).toContain('学生公寓3号楼');

    const photo = await uploadFile(rt.app, student, {});
    expect(photo.statusCode, photo.body).toBe(201);
    const photoId = photo.json<{ id: string }>().id;
    const body = {
      idempotencyKey: 'phone-intake-0001',
      categoryId: categories['DORM'],
      description: '隔壁宿舍每晚12点后还在大声打游戏，影响休息',
      placeId: room.id,
      photos: [photoId],
      channel: 'qr',
    };
    const first = await student.call('POST', '/api/requests', body);
    expect(first.statusCode, first.body).toBe(201);
    const filed = first.json<Filed>();
    expect(filed.no).toMatch(/^Q20260930\d{5}$/);
    expect(filed.status).toBe('dispatched');
    expect(filed.trackToken).toMatch(/^[0-9a-f]{32}$/);
    // 1 working hour: 16:00 → 17:00 the same day.
    expect(china(filed.respondBy)).toBe('2026-09-30 17:00');

    // A retry with the same key (the phone never heard back) is the same request and link.
    const retry = await student.call('POST', '/api/requests', body);
    expect(retry.statusCode).toBe(200);
    expect(retry.json<Filed>()).toMatchObject({ id: filed.id, trackToken: filed.trackToken, created: false });

    for (const s of [leader, worker]) {
      const q = await s.call('GET', '/api/requests/queue');
      expect(q.statusCode, q.body).toBe(200);
      const item = q
        .json<{ items: { request: { id: string }; todo: string }[] }>()
        .items.find((i) => i.request.id === filed.id);
      expect(item?.todo).toBe('sign');
    }
    const d = await detail(leader, filed.id);
    expect(d.unit).toMatchObject({ kind: 'grid', name: '学生公寓3号楼网格' });
    expect(d.reporter).toMatchObject({ identity: 'named', name: '马欣怡（学生）' });
    // The photo is readable through the request, by the handler and by the reporter.
    const p1 = await leader.call('GET', `/api/requests/${filed.id}/photos/${photoId}`);
    expect(p1.statusCode).toBe(200);
    expect(p1.headers['content-type']).toBe('image/png');
    const p2 = await student.call('GET', `/api/my/requests/${filed.id}/photos/${photoId}`);
    expect(p2.statusCode).toBe(200);
    // A guard of the same school is not the unit: 404, not 403 (its existence is not confirmed).
    const guard = await rt.login('guard');
    expect((await guard.call('GET', `/api/requests/${filed.id}`)).statusCode).toBe(404);

    // Someone else's upload cannot be attached.
    const other = await uploadFile(rt.app, leader, {});
    const bad = await student.call('POST', '/api/requests', {
      ...body,
      idempotencyKey: 'phone-intake-0002',
      photos: [other.json<{ id: string }>().id],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('requests.bad_photo');
  });

  it("keeps idempotency keys per sender: someone else's key files their own request", async () => {
    const body = {
      idempotencyKey: 'shared-key-0001',
      categoryId: categories['CARE'],
      description: '想找老师聊聊最近的压力',
      identity: 'sealed',
    };
    const mine = await student.call('POST', '/api/requests', body);
    expect(mine.statusCode).toBe(201);
    const theirs = await worker.call('POST', '/api/requests', body);
    expect(theirs.statusCode).toBe(201);
    expect(theirs.json<Filed>().id).not.toBe(mine.json<Filed>().id);
    expect(theirs.json<Filed>().trackToken).not.toBe(mine.json<Filed>().trackToken);
  });

  it('rejects a missing required question and a value outside its list', async () => {
    const missing = await student.call('POST', '/api/requests', {
      idempotencyKey: key(),
      categoryId: categories['REPAIR'],
      description: '阳台灯不亮了已经三天',
      placeId: room.id,
    });
    expect(missing.statusCode).toBe(400);
    expect(
      missing.json<{ error: { code: string; details: { problems: string[] } } }>().error.details.problems,
    ).toEqual(['ITEM: required']);
    const wrong = await student.call('POST', '/api/requests', {
      idempotencyKey: key(),
      categoryId: categories['REPAIR'],
      description: '阳台灯不亮了已经三天',
      attributes: { ITEM: 'roof' },
    });
    expect(wrong.statusCode).toBe(400);
  });
});

describe('the clock', () => {
  it('raises 催办 then 督办 at the configured times, over the National Day holiday', async () => {
    await at(new Date('2026-09-30T16:00:00+08:00'));
    const f = await file(student, {
      categoryId: categories['DORM'],
      description: '宿舍楼道的灯坏了，晚上很黑',
      placeId: room.id,
    });
    // 2 working days, counted from the next day: 1–7 October are off, so 8 and 9 October.
    expect(china(f.resolveBy)).toBe('2026-10-09 17:30');

    await moveTo('2026-10-05 12:00');
    let d = await detail(leader, f.id);
    expect(d.ladder).toEqual({ urgedAt: null, supervisedAt: null, noticedAt: null });
    // Nobody called the reporter: the response deadline (30 September 17:00) has passed.
    expect(d.events.map((e) => e.kind)).toContain('respond_late');

    // 催办 4 working hours before the deadline: 9 October 11:30 (14:00–17:30 and 11:30–12:00).
    await moveTo('2026-10-09 11:29');
    expect((await detail(leader, f.id)).ladder.urgedAt).toBeNull();
    await moveTo('2026-10-09 11:30');
    d = await detail(leader, f.id);
    expect(d.ladder.urgedAt).not.toBeNull();
    expect(d.ladder.supervisedAt).toBeNull();
    const told = await rt.kernel.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, leader.userId));
    expect(told.map((x) => x.title)).toContain('【催办】诉求即将到期');

    // 督办 at the deadline itself.
    await moveTo('2026-10-09 17:29');
    expect((await detail(leader, f.id)).ladder.supervisedAt).toBeNull();
    await moveTo('2026-10-09 17:30');
    d = await detail(leader, f.id);
    expect(d.ladder.supervisedAt).not.toBeNull();
    expect(d.overdue).toBe(false); // due at 17:30, so not late yet at 17:30:00
    const centreTold = await rt.kernel.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, centre.userId));
    expect(centreTold.map((x) => x.title)).toContain('【督办】诉求已超期');
    const q = (await centre.call('GET', '/api/requests/queue')).json<{
      items: { request: { id: string }; todo: string }[];
    }>();
    expect(q.items.find((i) => i.request.id === f.id)?.todo).toBe('supervised');

    // 通报 2 working days later: Saturday 10 October is a make-up working day, then Monday 12.
    await moveTo('2026-10-12 17:29');
    d = await detail(leader, f.id);
    expect(d.ladder.noticedAt).toBeNull();
    expect(d.overdue).toBe(true);
    await moveTo('2026-10-12 17:30');
    expect((await detail(leader, f.id)).ladder.noticedAt).not.toBeNull();
  });

  it('stops the ladder once the unit replies, and an extension moves it', async () => {
    await at(new Date('2026-10-13T09:00:00+08:00'));
    const f = await file(student, {
      categoryId: categories['DORM'],
      description: '宿舍窗户关不严，晚上漏风',
      placeId: room.id,
    });
    await act(leader, f.id, 'sign');
    const contacted = await act(worker, f.id, 'contact', { message: '已电话联系，明天上门查看' });
    expect(contacted.respondedAt).not.toBeNull();
    const extended = await act(centre, f.id, 'extend', {
      reason: '需采购配件',
      extension: { amount: 2, unit: 'working_days' },
    });
    // 2 working days (14, 15 October) plus 2 more: 19 October.
    expect(china(extended.resolveBy)).toBe('2026-10-19 17:30');
    await moveTo('2026-10-15 17:30');
    expect((await detail(leader, f.id)).ladder.supervisedAt).toBeNull();
    await act(leader, f.id, 'reply', { message: '窗户已修好' });
    await moveTo('2026-10-20 09:00');
    expect((await detail(leader, f.id)).ladder).toEqual({
      urgedAt: null,
      supervisedAt: null,
      noticedAt: null,
    });
  });
});

describe('first receiver (首接负责)', () => {
  it('keeps the unit that signed first informed after a transfer', async () => {
    await at(new Date('2026-10-21T09:00:00+08:00'));
    const f = await file(student, {
      categoryId: categories['DORM'],
      description: '宿舍楼下自行车乱停堵住了门口',
      placeId: room.id,
    });
    await act(leader, f.id, 'sign');
    const xgc = await orgId(rt, 'DYVTC-XGC');
    const moved = await act(centre, f.id, 'transfer', { reason: '属学生管理事项', unitOrgId: xgc });
    expect(moved.unit).toMatchObject({ kind: 'org', name: '学生工作处' });
    expect((moved as unknown as { firstUnit: { kind: string; name: string } }).firstUnit).toMatchObject({
      kind: 'grid',
      name: '学生公寓3号楼网格',
    });
    await act(admin, f.id, 'sign');
    const told = await rt.kernel.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, worker.userId));
    expect(told.filter((n) => n.title === '您首接的诉求有新进展').length).toBeGreaterThan(0);
  });
});

describe('reopen and the rates', () => {
  async function gridRates() {
    const r = await centre.call(
      'GET',
      `/api/request-rates?schoolId=${school}&groupBy=unit&from=2026-11-01&to=2026-11-30`,
    );
    expect(r.statusCode, r.body).toBe(200);
    return r.json<{ rows: RateRow[] }>().rows.find((x) => x.name === '学生公寓3号楼网格');
  }

  it('a reporter answering "not solved" reopens; solved later closes; the rates follow', async () => {
    await at(new Date('2026-11-02T09:00:00+08:00'));
    const f = await file(student, {
      categoryId: categories['DORM'],
      description: '有同学在宿舍使用电热锅',
      placeId: room.id,
    });
    await act(leader, f.id, 'sign');
    await act(leader, f.id, 'contact');
    await act(leader, f.id, 'reply', { message: '已没收电热锅并教育' });
    const passed = await act(centre, f.id, 'audit_pass');
    expect(passed.status).toBe('revisit');
    expect((await gridRates())?.evaluated ?? 0).toBe(0);

    // The reporter rates on the phone: not solved.
    const mine = await student.call('GET', `/api/my/requests/${f.id}`);
    expect(mine.json<Tracked>().canRate).toBe(true);
    const notSolved = await student.call('POST', `/api/my/requests/${f.id}/rating`, {
      contacted: true,
      solved: false,
      satisfaction: 2,
      comment: '第二天又在用',
    });
    expect(notSolved.statusCode, notSolved.body).toBe(200);
    expect(notSolved.json<Tracked>().status).toBe('reopened');
    let row = await gridRates();
    expect(row).toMatchObject({ evaluated: 1, solved: 0, satisfied: 0, resolution: 0, satisfaction: 0 });
    const q = (await leader.call('GET', '/api/requests/queue')).json<{
      items: { request: { id: string }; todo: string }[];
    }>();
    expect(q.items.find((i) => i.request.id === f.id)?.todo).toBe('reply');

    await act(leader, f.id, 'reply', { message: '已联合宿管突击检查，电热锅已清除' });
    await act(centre, f.id, 'audit_pass');
    const solved = await student.call('POST', `/api/my/requests/${f.id}/rating`, {
      contacted: true,
      solved: true,
      satisfaction: 5,
    });
    expect(solved.json<Tracked>().status).toBe('closed');
    row = await gridRates();
    expect(row).toMatchObject({ evaluated: 1, solved: 1, satisfied: 1, resolution: 1, satisfaction: 1 });
    expect(row!.score).toBeGreaterThan(60);
    expect((await detail(centre, f.id)).closeKind).toBe('solved');
  });
});

describe('sealed identity', () => {
  it('hides who reported from everyone but the grid centre, in the API and in the ledger', async () => {
    await at(new Date('2026-11-03T10:00:00+08:00'));
    const f = await file(student, {
      categoryId: categories['CARE'],
      description: '最近压力很大睡不着，想找老师聊聊',
      identity: 'sealed',
    });
    for (const s of [admin, centre]) {
      const d = await detail(s, f.id);
      expect(d.reporter).toEqual({ identity: 'sealed', name: null, phone: null });
    }
    expect((await detail(admin, f.id)).canRevealReporter).toBe(false);
    // Not in the timeline either, nor in the event the consoles receive.
    const events = (await detail(centre, f.id)).events;
    expect(events[0]).toMatchObject({ kind: 'received', actorName: '诉求人' });
    expect(JSON.stringify(events)).not.toContain('马欣怡');
    const outbox = <{ rows: unknown[] }>(
      await rt.kernel.db.execute(
        `select actor_id from events where type = 'request.received' and payload->>'id' = '${f.id}'`,
      )
    );
    expect(outbox.rows).toEqual([{ actor_id: null }]);
    const stored = <{ rows: unknown[] }>(
      await rt.kernel.db.execute(`select idempotency_key from requests where id = '${f.id}'`)
    );
    expect(JSON.stringify(stored.rows)).not.toContain(student.userId);
    expect((await detail(centre, f.id)).canRevealReporter).toBe(true);
    expect((await admin.call('GET', `/api/requests/${f.id}/reporter`)).statusCode).toBe(403);
    const sys = await rt.login('sysadmin');
    expect((await sys.call('GET', `/api/requests/${f.id}/reporter`)).statusCode).toBe(403);
    const revealed = await centre.call('GET', `/api/requests/${f.id}/reporter`);
    expect(revealed.statusCode).toBe(200);
    expect(revealed.json()).toMatchObject({ identity: 'sealed', name: '马欣怡（学生）' });
    const audited = await rt.kernel.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'request.reveal_reporter'));
    expect(audited.map((a) => [a.targetId, a.sensitive, a.actorId])).toContainEqual([
      f.id,
      true,
      centre.userId,
    ]);
    // The list does not carry it either.
    const list = await admin.call('GET', `/api/requests?q=${f.no}`);
    expect(list.json<{ items: Detail[] }>().items[0]!.reporter.name).toBeNull();

    for (const s of [admin, centre]) {
      const x = await s.call('GET', `/api/requests/export?q=${f.no}`);
      expect(x.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0]!;
      expect(ws.rowCount).toBe(2);
      const cells = (ws.getRow(2).values as unknown[]).map(String);
      expect(cells).toContain('保密');
      expect(cells.join('|')).not.toContain('马欣怡');
    }
    // The student still follows it as their own.
    const mine = (await student.call('GET', '/api/my/requests')).json<{ items: { id: string }[] }>();
    expect(mine.items.map((i) => i.id)).toContain(f.id);
  });
});

describe('hotline, the private link, merge and 转警情', () => {
  it('an anonymous hotline caller follows and talks through the link; handlers appear as their unit', async () => {
    await at(new Date('2026-11-04T09:00:00+08:00'));
    const r = await centre.call('POST', '/api/requests/hotline', {
      idempotencyKey: key(),
      schoolId: school,
      categoryId: categories['CANTEEN'],
      description: '12345转来：二食堂饭菜里有异物',
      externalNo: 'DY12345-20261104-0088',
      identity: 'anonymous',
      callerPhone: '13800000000',
    });
    expect(r.statusCode, r.body).toBe(201);
    const f = r.json<Filed>();
    const d = await detail(centre, f.id);
    expect(d.reporter).toEqual({ identity: 'anonymous', name: null, phone: null });
    expect(d.unit?.name).toBe('后勤管理处');

    const tracked = await rt.app.inject({ method: 'GET', url: `/api/requests/track/${f.trackToken}` });
    expect(tracked.statusCode, tracked.body).toBe(200);
    expect(tracked.json<Tracked>().status).toBe('dispatched');
    expect(
      (await rt.app.inject({ method: 'GET', url: `/api/requests/track/${'0'.repeat(32)}` })).statusCode,
    ).toBe(404);

    await act(admin, f.id, 'sign');
    await centre.call('POST', `/api/requests/${f.id}/messages`, { body: '已转后勤核查，请保留照片' });
    await centre.call('POST', `/api/requests/${f.id}/messages`, {
      body: '内部：与食堂承包方约谈',
      internal: true,
    });
    const said = await rt.app.inject({
      method: 'POST',
      url: `/api/requests/track/${f.trackToken}/messages`,
      payload: { body: '照片已发到邮箱' },
    });
    expect(said.statusCode, said.body).toBe(200);
    const thread = said.json<Tracked>().thread;
    expect(thread.find((t) => t.body === '已转后勤核查，请保留照片')?.author).toBe('后勤管理处');
    expect(thread.some((t) => t.body?.startsWith('内部'))).toBe(false);
    expect(thread.at(-1)).toMatchObject({ side: 'reporter', author: '我', body: '照片已发到邮箱' });
    expect(thread.some((t) => t.author.includes('王晓燕'))).toBe(false);
  });

  it('flags a duplicate at intake and merges it; the merged reporter follows the other one', async () => {
    await at(new Date('2026-11-05T09:00:00+08:00'));
    const a = await file(student, {
      categoryId: categories['SAFETY'],
      description: '三楼消防通道堆满了自行车',
      placeId: room.id,
    });
    const other = await rt.login('counselor');
    const b = await file(other, {
      categoryId: categories['SAFETY'],
      description: '消防通道被自行车堵住了',
      placeId: room.id,
    });
    const db = await detail(centre, b.id);
    expect(db.possibleDuplicates.map((x) => x.no)).toEqual([a.no]);
    const merged = await act(centre, b.id, 'merge', { mergeInto: a.id });
    expect(merged).toMatchObject({
      status: 'closed',
      closeKind: 'duplicate',
      mergedInto: { id: a.id, no: a.no },
    });
    const theirs = (await other.call('GET', `/api/my/requests/${b.id}`)).json<Tracked>();
    expect(theirs.mergedInto).toEqual({ no: a.no, status: 'dispatched' });
    // When the kept request moves on, both reporters hear of it.
    await act(await rt.login('guard'), a.id, 'sign');
    const toOther = await rt.kernel.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, other.userId));
    expect(toOther.map((x) => x.title)).toContain('您的诉求已签收');
  });

  it('turns a request into an alarm incident in one step, keeping the link', async () => {
    const f = await file(student, {
      categoryId: categories['ORDER'],
      description: '宿舍楼下有人持刀争吵，情况紧急',
      placeId: room.id,
    });
    const d = await act(centre, f.id, 'refer', { alarmClass: 'police' });
    expect(d).toMatchObject({ status: 'closed', closeKind: 'referred' });
    expect(d.incidentId).toMatch(/^[0-9a-f-]{36}$/);
    const incident = await admin.call('GET', `/api/incidents/${d.incidentId}`);
    expect(incident.statusCode).toBe(200);
    expect(incident.json<{ note: string; placeId: string }>()).toMatchObject({ placeId: room.id });
    expect(incident.json<{ note: string }>().note).toContain(f.no);
  });
});

describe('Open311 GeoReport v2', () => {
  const xml = new XMLParser({
    ignoreAttributes: true,
    isArray: (name) => ['service', 'request', 'attribute', 'value', 'error', 'request_update'].includes(name),
  });
  let apiKey: string;

  beforeAll(async () => {
    const r = await admin.call('POST', `/api/schools/${school}/open311-clients`, { name: '区12345平台' });
    expect(r.statusCode, r.body).toBe(201);
    apiKey = r.json<{ apiKey: string }>().apiKey;
  });
  const get = (url: string) => rt.app.inject({ method: 'GET', url });
  const post = (url: string, form: Record<string, string>) =>
    rt.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });

  it('lists services, posts a request with an attribute and reads it back, in JSON', async () => {
    const disc = await get('/open311/v2/discovery.json');
    expect(disc.statusCode).toBe(200);
    expect(disc.json<{ endpoints: { formats: string[] }[] }>().endpoints[0]!.formats).toContain('text/xml');
    const services = await get('/open311/v2/services.json?jurisdiction_id=DYVTC');
    expect(services.statusCode).toBe(200);
    const repair = services
      .json<{ service_code: string; metadata: boolean; service_name: string }[]>()
      .find((s) => s.service_code === 'REPAIR');
    expect(repair).toMatchObject({ metadata: true, service_name: '宿舍报修' });
    const def = await get('/open311/v2/services/REPAIR.json?jurisdiction_id=DYVTC');
    const attr = def.json<{ attributes: { code: string; required: boolean; values: { key: string }[] }[] }>()
      .attributes[0]!;
    expect(attr).toMatchObject({ code: 'ITEM', required: true });
    expect(attr.values.map((v) => v.key)).toContain('water');

    const posted = await post('/open311/v2/requests.json', {
      jurisdiction_id: 'DYVTC',
      api_key: apiKey,
      service_code: 'REPAIR',
      'attribute[ITEM]': 'water',
      address_id: room.code,
      description: '卫生间水龙头一直漏水，地面积水',
      first_name: '明',
      last_name: '李',
      phone: '13900000000',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const [created] = posted.json<{ service_request_id: string; token?: string }[]>();
    // A realtime service answers with the id itself, no token.
    expect(created!.service_request_id).toMatch(/^Q\d{13}$/);
    expect(created!.token).toBeUndefined();
    const back = await get(
      `/open311/v2/requests/${created!.service_request_id}.json?jurisdiction_id=DYVTC&api_key=${apiKey}`,
    );
    expect(back.statusCode).toBe(200);
    expect(back.json<object[]>()[0]).toMatchObject({
      service_request_id: created!.service_request_id,
      status: 'open',
      service_code: 'REPAIR',
      agency_responsible: '后勤管理处',
      address_id: room.code,
      extended_attributes: { external_status_code: 'open' },
    });
    const stored = await detail(
      centre,
      (await centre.call('GET', `/api/requests?q=${created!.service_request_id}`)).json<{
        items: { id: string }[];
      }>().items[0]!.id,
    );
    expect(stored).toMatchObject({ reporter: { identity: 'named', name: '李明' } });
    // A client that was handed a token (our request id) can still exchange it.
    const tok = await get(`/open311/v2/tokens/${stored.id}.json?api_key=${apiKey}`);
    expect(tok.json<{ service_request_id: string }[]>()[0]!.service_request_id).toBe(
      created!.service_request_id,
    );
    // Empty parameters are no parameters (the spec).
    const all = await get(
      `/open311/v2/requests.json?api_key=${apiKey}&service_request_id=&status=&start_date=`,
    );
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json<object[]>().length).toBeGreaterThan(0);
  });

  it('does the same in XML, and answers errors in the spec’s format', async () => {
    const services = await get('/open311/v2/services.xml?jurisdiction_id=DYVTC');
    expect(services.headers['content-type']).toContain('text/xml');
    const parsed = xml.parse(services.body) as { services: { service: { service_code: string }[] } };
    expect(parsed.services.service.map((s) => s.service_code)).toContain('DORM');
    const def = xml.parse((await get('/open311/v2/services/REPAIR.xml?jurisdiction_id=DYVTC')).body) as {
      service_definition: {
        attributes: { attribute: { code: string; values: { value: { key: string }[] } }[] };
      };
    };
    expect(def.service_definition.attributes.attribute[0]!.values.value.map((v) => v.key)).toContain(
      'network',
    );

    const posted = await post('/open311/v2/requests.xml', {
      api_key: apiKey,
      service_code: 'REPAIR',
      'attribute[ITEM]': 'network',
      lat: '37.4612',
      long: '118.4968',
      description: '宿舍网络连续两天断线',
      // Named: an anonymous request's position stays out of the public view (issue 13).
      first_name: '华',
      last_name: '张',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const sr = (
      xml.parse(posted.body) as {
        service_requests: { request: { service_request_id: string; token: string }[] };
      }
    ).service_requests.request[0]!;
    const back = xml.parse(
      (await get(`/open311/v2/requests/${sr.service_request_id}.xml?api_key=${apiKey}`)).body,
    ) as {
      service_requests: { request: { status: string; service_code: string; lat: number }[] };
    };
    expect(back.service_requests.request[0]).toMatchObject({
      status: 'open',
      service_code: 'REPAIR',
      lat: 37.4612,
    });
    const listed = xml.parse(
      (await get(`/open311/v2/requests.xml?api_key=${apiKey}&service_code=REPAIR&status=open`)).body,
    ) as {
      service_requests: { request: { service_request_id: string }[] };
    };
    expect(listed.service_requests.request.map((x) => x.service_request_id)).toContain(sr.service_request_id);

    const noKey = await post('/open311/v2/requests.xml', {
      jurisdiction_id: 'DYVTC',
      service_code: 'REPAIR',
      description: '无密钥的请求内容',
    });
    expect(noKey.statusCode).toBe(403);
    expect(
      (xml.parse(noKey.body) as { errors: { error: { code: number; description: string }[] } }).errors
        .error[0],
    ).toEqual({ code: 403, description: 'api_key is required' });
    // A revoked client's key stops at once.
    const spare = await admin.call('POST', `/api/schools/${school}/open311-clients`, { name: '临时客户端' });
    const spareKey = spare.json<{ apiKey: string; client: { id: string } }>();
    expect((await get(`/open311/v2/requests.json?api_key=${spareKey.apiKey}`)).statusCode).toBe(200);
    expect((await admin.call('DELETE', `/api/open311-clients/${spareKey.client.id}`)).statusCode).toBe(204);
    const revoked = await get(`/open311/v2/requests.json?api_key=${spareKey.apiKey}`);
    expect(revoked.statusCode).toBe(403);
    expect(revoked.json()).toEqual([{ code: 403, description: 'api_key is not valid' }]);
    const unknown = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      service_code: 'NOPE',
      lat: '1',
      long: '1',
      description: '不存在的服务',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual([{ code: 404, description: 'service_code NOPE not found' }]);
    const missingAttr = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      service_code: 'REPAIR',
      lat: '1',
      long: '1',
      description: '缺少必填属性的请求',
    });
    expect(missingAttr.statusCode).toBe(400);
  });

  it("publishes the handlers' public steps as mySociety's servicerequestupdates", async () => {
    await at(new Date('2026-11-06T09:00:00+08:00'));
    const posted = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      service_code: 'CANTEEN',
      address_string: '二食堂',
      description: '食堂餐具没洗干净',
    });
    const no = posted.json<{ service_request_id: string }[]>()[0]!;
    const id = (await centre.call('GET', `/api/requests?q=${no.service_request_id}`)).json<{
      items: { id: string }[];
    }>().items[0]!.id;
    await act(admin, id, 'sign');
    await centre.call('POST', `/api/requests/${id}/messages`, { body: '已通知食堂整改餐具消毒' });
    await at(new Date('2026-11-06T10:00:00+08:00'));
    const upd = await get(
      `/open311/v2/servicerequestupdates.json?api_key=${apiKey}&start_date=2026-11-06T00:00:00%2B08:00&end_date=2026-11-07T00:00:00%2B08:00`,
    );
    expect(upd.statusCode, upd.body).toBe(200);
    const mine = upd
      .json<{ service_request_id: string; status: string; external_status_code: string }[]>()
      .filter((u) => u.service_request_id === no.service_request_id);
    // mySociety's extended status in `status`; our own state as the external code. The handler's
    // message to the reporter is their conversation, not a public step (issue 13).
    expect(mine).toEqual([
      expect.objectContaining({ status: 'open', external_status_code: 'accepted', description: '已签收' }),
    ]);
  });
});

describe('who handles a department’s requests', () => {
  it('its staff by role, not whoever holds a grid position and belongs to it', async () => {
    const r = await centre.call('POST', '/api/requests/hotline', {
      idempotencyKey: key(),
      schoolId: school,
      categoryId: categories['OTHER'],
      description: '学院的实训室晚上没有锁门',
    });
    const f = r.json<Filed>();
    const college = await orgId(rt, 'DYVTC-C03');
    await act(centre, f.id, 'dispatch', { unitOrgId: college });
    const counselor = await rt.login('counselor');
    expect((await detail(counselor, f.id)).actions).toContain('sign');
    // The grid leader and worker belong to C03 too, but hold request rights only through their grid.
    for (const s of [leader, worker])
      expect((await s.call('GET', `/api/requests/${f.id}`)).statusCode).toBe(404);
    // The college returns it (退单): it goes back to the centre with no unit, and the answer is 200.
    const back = await act(counselor, f.id, 'return', { reason: '不属于本学院管理范围' });
    expect(back).toMatchObject({ status: 'triage', unit: null, actions: [] });
    const cats = await leader.call('GET', `/api/schools/${school}/request-categories`);
    expect(cats.statusCode).toBe(200);
  });
});

describe('the catalogue', () => {
  it('routes by the most specific rule, and a new rule takes effect at once', async () => {
    const routes = (await centre.call('GET', `/api/schools/${school}/request-routes`)).json<{
      items: { categoryName: string; unit: { name: string } }[];
    }>();
    expect(routes.items.filter((r) => r.categoryName === '宿舍问题').map((r) => r.unit.name)).toContain(
      '学生工作处',
    );
    const f = await file(student, { categoryId: categories['OTHER'], description: '建议图书馆延长开放时间' });
    expect(f.status).toBe('received');
    const hq = await orgId(rt, 'DYVTC-HQ');
    const add = await centre.call('POST', `/api/schools/${school}/request-routes`, {
      categoryId: categories['OTHER'],
      unitOrgId: hq,
    });
    expect(add.statusCode, add.body).toBe(201);
    const g = await file(student, { categoryId: categories['OTHER'], description: '希望增加校园巴士班次' });
    expect(g.status).toBe('dispatched');
    expect(
      (
        await leader.call('POST', `/api/schools/${school}/request-routes`, {
          categoryId: categories['OTHER'],
          unitOrgId: hq,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('prints a building’s QR codes as a PDF with a Chinese font', async () => {
    const [b] = await rt.kernel.db
      .select({ id: places.id })
      .from(places)
      .where(and(eq(places.kind, 'building'), eq(places.code, 'S03')));
    const pdf = await centre.call('GET', `/api/request-qr/${b!.id}`);
    expect(pdf.statusCode, pdf.body.slice(0, 200)).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain('NotoSansSC');
    expect(bytes.length).toBeGreaterThan(20_000);
    expect((await student.call('GET', `/api/request-qr/${b!.id}`)).statusCode).toBe(403);
  });
});
