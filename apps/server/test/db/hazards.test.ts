import ExcelJS from 'exceljs';
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/kernel/audit/audit.tables.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { notifications } from '../../src/kernel/notify/notify.tables.js';
import { readFirstSheet } from '../../src/kernel/sheets/index.js';
import { hazards } from '../../src/modules/hazards/index.js';
import { equipment, places } from '../../src/modules/places/index.js';
import { taskInstances, taskSchedules } from '../../src/modules/tasks/index.js';
import { uploadFile } from '../support/files.js';
import { pdfText, squash } from '../support/pdf.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

// Monday 30 November 2026, 08:00 in China.
const clock = new ManualClock(new Date('2026-11-30T08:00:00+08:00'));
let rt: TestRuntime;
let school: string;
let worker: Session;
let leader: Session;
let centre: Session;

interface Brief {
  id: string;
  gridName: string;
  templateName: string;
  status: string;
}
interface Detail {
  id: string;
  no: string;
  status: string;
  version: number;
  actions: string[];
  photos: string[];
  events: { kind: string; photos: string[]; phase: string | null; data: Record<string, unknown> | null }[];
  deadline: string;
  supervised: boolean;
  contactPhone: string | null;
  noticeNo: string | null;
  rejections: number;
  closedAt: string | null;
}

const photo = async (s: Session) => {
  const r = await uploadFile(rt.app, s);
  expect(r.statusCode).toBe(201);
  return r.json<{ id: string }>().id;
};
const act = (s: Session, id: string, body: Record<string, unknown>) =>
  s.call('POST', `/api/hazards/${id}/actions`, body);
const detail = async (s: Session, id: string) => {
  const r = await s.call('GET', `/api/hazards/${id}`);
  expect(r.statusCode).toBe(200);
  return r.json<Detail>();
};

/** Run every job that is due (a tick runs ten at a time when the runner is not started). */
async function drainJobs() {
  while ((await rt.kernel.jobs.tick()) > 0);
}

/** Sign in again after the clock moved on by a day (sessions last 24 hours). */
async function fresh() {
  worker = await rt.login('grid.worker');
  leader = await rt.login('grid.leader');
  centre = await rt.login('grid.center');
}

/** A room of 学生公寓3号楼 (the worker's and leader's grid). */
async function dormPlace() {
  const rooms = await rt.kernel.db
    .select({ id: places.id, path: places.path })
    .from(places)
    .where(eq(places.name, '学生公寓3号楼'));
  const building = rooms[0]!;
  const [room] = await rt.kernel.db
    .select({ id: places.id })
    .from(places)
    .where(and(like(places.path, `${building.path}%`), eq(places.kind, 'room')))
    .limit(1);
  return room!.id;
}

/** The demo's daily dormitory check of the worker's building, as the phone sees it today. */
async function dormTask() {
  const today = await worker.call('GET', '/api/tasks/today');
  expect(today.statusCode).toBe(200);
  const items = today.json<{ items: Brief[] }>().items;
  const t = items.find((i) => i.templateName === '宿舍安全检查表' && i.gridName === '学生公寓3号楼网格');
  expect(t).toBeDefined();
  return t!;
}

beforeAll(async () => {
  rt = await testRuntime({ clock });
  school = await orgId(rt, 'DYVTC');
  await rt.services.tasks.generate();
  worker = await rt.login('grid.worker');
  leader = await rt.login('grid.leader');
  centre = await rt.login('grid.center');
});
afterAll(async () => rt.dispose());

describe('from a failed checklist item to a closed hazard', () => {
  let hazardId: string;
  let no: string;
  const photos: string[] = [];

  it('records a checklist once however often the phone sends it', async () => {
    clock.set(new Date('2026-11-30T10:00:00+08:00'));
    const t = await dormTask();
    const evidence = await photo(worker);
    photos.push(evidence);
    const body = {
      key: 'phone-completion-0001',
      doneAt: '2026-11-30T09:15:00+08:00',
      location: { lat: 29.29, lng: 120.24, accuracy: 12 },
      answers: [
        { code: 'APPLIANCE', value: 'no', photoIds: [evidence], note: '302 室发现热得快' },
        { code: 'SMOKE', value: 'yes' },
        { code: 'EXIT', value: 'yes' },
        { code: 'NIGHT', value: 'yes' },
        { code: 'DUTY', value: 'na' },
        { code: 'HYGIENE', value: 'good' },
        { code: 'SIGN', value: '赵磊' },
      ],
    };
    // A failing answer without its photo is refused, and nothing is recorded.
    const bad = await worker.call('POST', `/api/tasks/${t.id}/complete`, {
      ...body,
      answers: body.answers.map((a) => (a.code === 'APPLIANCE' ? { ...a, photoIds: [] } : a)),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('tasks.bad_answers');

    const first = await worker.call('POST', `/api/tasks/${t.id}/complete`, body);
    expect(first.statusCode).toBe(200);
    const done = first.json<{
      status: string;
      failed: string[];
      completedAt: string;
      score: { score: number };
    }>();
    expect(done.status).toBe('done');
    expect(done.failed).toEqual(['APPLIANCE']);
    // Done offline before it reached the server: the time on the phone counts, not the time sent.
    expect(new Date(done.completedAt).toISOString()).toBe('2026-11-30T01:15:00.000Z');
    // The phone retries (it never saw the answer): the same task, nothing twice.
    const replay = await worker.call('POST', `/api/tasks/${t.id}/complete`, body);
    expect(replay.statusCode).toBe(200);
    expect(replay.json().completedAt).toBe(done.completedAt);
    // Someone else's completion of the same task is a conflict.
    const other = await leader.call('POST', `/api/tasks/${t.id}/complete`, {
      ...body,
      key: 'leader-completion-01',
    });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('tasks.already_done');
    const [row] = await rt.kernel.db.select().from(taskInstances).where(eq(taskInstances.id, t.id));
    expect(row!.completionKey).toBe('phone-completion-0001');
  });

  it('turns the failed item into a hazard in one tap, once', async () => {
    const t = await dormTask();
    expect(t.status).toBe('done');
    const passed = await worker.call('POST', `/api/tasks/${t.id}/hazards`, { itemCode: 'SMOKE' });
    expect(passed.statusCode).toBe(400);
    const r = await worker.call('POST', `/api/tasks/${t.id}/hazards`, {
      itemCode: 'APPLIANCE',
      grade: 'serious',
    });
    expect(r.statusCode).toBe(201);
    const h = r.json<{
      hazard: {
        id: string;
        no: string;
        title: string;
        gridName: string;
        unit: { name: string };
        photos: string[];
        deadline: string;
      };
    }>().hazard;
    hazardId = h.id;
    no = h.no;
    expect(h.no).toMatch(/^YH20261130\d{4}$/);
    expect(h.title).toBe('不符合：宿舍内无违规电器（热得快、电热锅、电热毯等）');
    expect(h.unit.name).toBe('学生公寓3号楼网格');
    expect(h.photos).toEqual(photos);
    // 较大: three days, to the end of Thursday 3 December, China time.
    expect(new Date(h.deadline).toISOString()).toBe('2026-12-03T15:59:59.000Z');
    const again = await worker.call('POST', `/api/tasks/${t.id}/hazards`, { itemCode: 'APPLIANCE' });
    expect(again.statusCode).toBe(200);
    expect(again.json().hazard.id).toBe(hazardId);
    const task = await worker.call('GET', `/api/tasks/${t.id}`);
    expect(task.json().hazards).toEqual([{ itemCode: 'APPLIANCE', id: hazardId, no, status: 'open' }]);
    // The unit's leader is told.
    const told = await rt.kernel.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, leader.userId), eq(notifications.kind, 'hazard.found')));
    expect(told.some((n) => n.title.includes(no))).toBe(true);
  });

  it('issues a numbered rectification notice whose PDF says what the unit must do', async () => {
    expect((await leader.call('POST', `/api/hazards/${hazardId}/notice`)).statusCode).toBe(403);
    expect((await leader.call('GET', `/api/hazards/${hazardId}/notice.pdf`)).statusCode).toBe(404);
    const issued = await centre.call('POST', `/api/hazards/${hazardId}/notice`);
    expect(issued.statusCode).toBe(200);
    expect(issued.json<Detail>().noticeNo).toBe('2026-0001');
    const pdf = await leader.call('GET', `/api/hazards/${hazardId}/notice.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = squash((await pdfText(pdf.rawPayload)).join(''));
    for (const s of [
      '东营职业学院',
      '隐患整改通知书',
      '安整〔2026〕第1号',
      '学生公寓3号楼网格',
      no,
      '宿舍内无违规电器',
      '较大隐患',
      '2026年12月3日前',
      '检查人（签字）',
      '被检查单位负责人（签字）',
    ])
      expect(text, s).toContain(squash(s));
  });

  it('goes through 五定, progress, a failed verification, rework and a signed pass', async () => {
    let h = await detail(leader, hazardId);
    expect(h.actions).toEqual(['plan', 'comment']);
    // A unit's own deadline may not be later than the hazard's.
    const late = await act(leader, hazardId, {
      action: 'plan',
      version: h.version,
      plan: { person: '陈志强', measures: '收缴热得快', funds: 0, deadline: '2026-12-10', interim: '' },
    });
    expect(late.statusCode).toBe(400);
    let r = await act(leader, hazardId, {
      action: 'plan',
      version: h.version,
      plan: {
        person: '陈志强',
        measures: '收缴违规电器，通报班级，开展用电安全教育',
        funds: 0,
        deadline: '2026-12-02',
        interim: '',
      },
    });
    expect(r.statusCode).toBe(200);
    h = r.json<Detail>();
    expect(h.status).toBe('rectifying');
    const before = await photo(leader);
    r = await act(leader, hazardId, {
      action: 'progress',
      version: h.version,
      photos: [before],
      phase: 'before',
      body: '已收缴',
    });
    expect(r.statusCode).toBe(200);
    h = r.json<Detail>();
    // Submitting without "after" photos is refused.
    r = await act(leader, hazardId, { action: 'submit', version: h.version });
    expect(r.statusCode).toBe(400);
    const after1 = await photo(leader);
    r = await act(leader, hazardId, {
      action: 'submit',
      version: h.version,
      photos: [after1],
      body: '已整改',
    });
    expect(r.json<Detail>().status).toBe('submitted');
    h = r.json<Detail>();
    // The rectifier cannot verify (and a grid leader is not a verifier at all).
    expect(
      (await act(leader, hazardId, { action: 'pass', version: h.version, signature: '陈志强' })).statusCode,
    ).toBe(403);
    // A stale version is a conflict.
    expect(
      (
        await act(centre, hazardId, {
          action: 'reject',
          version: h.version - 1,
          reason: 'x',
          signature: '王晓燕',
        })
      ).statusCode,
    ).toBe(409);
    // Unsigned, no.
    expect(
      (await act(centre, hazardId, { action: 'reject', version: h.version, reason: '仍有插排' })).statusCode,
    ).toBe(400);
    r = await act(centre, hazardId, {
      action: 'reject',
      version: h.version,
      reason: '302 室仍有违规插排',
      signature: '王晓燕',
    });
    expect(r.statusCode).toBe(200);
    h = r.json<Detail>();
    expect(h.status).toBe('rectifying');
    expect(h.rejections).toBe(1);
    clock.set(new Date('2026-12-01T07:00:00+08:00'));
    await fresh();
    const after2 = await photo(leader);
    r = await act(leader, hazardId, {
      action: 'submit',
      version: h.version,
      photos: [after2],
      body: '插排已收缴',
    });
    h = r.json<Detail>();
    expect(h.status).toBe('submitted');
    r = await act(centre, hazardId, { action: 'pass', version: h.version, signature: '王晓燕' });
    expect(r.statusCode).toBe(200);
    h = r.json<Detail>();
    expect(h.status).toBe('closed');
    expect(new Date(h.closedAt!).toISOString()).toBe('2026-11-30T23:00:00.000Z');
    // The timeline keeps every photo: the finding's, before, both "after"s.
    const all = h.events.flatMap((e) => e.photos);
    for (const p of [...photos, before, after1, after2]) expect(all).toContain(p);
    expect(h.events.map((e) => e.kind)).toEqual([
      'found',
      'notice',
      'plan',
      'progress',
      'submit',
      'reject',
      'submit',
      'pass',
    ]);
    expect(h.events.find((e) => e.kind === 'pass')!.data).toEqual({ signature: '王晓燕' });
    expect(h.events.find((e) => e.kind === 'progress')!.phase).toBe('before');
    // Each photo can be fetched through the hazard by whoever may read it.
    const img = await worker.call('GET', `/api/hazards/${hazardId}/photos/${after2}`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
  });

  it('puts it in the ledger with the right dates', async () => {
    const x = await centre.call('GET', `/api/hazards/export?q=${no}`);
    expect(x.statusCode).toBe(200);
    const sheet = await readFirstSheet(x.rawPayload, { maxRows: 100 });
    expect(sheet.rows).toHaveLength(1);
    const cell = (header: string) => sheet.rows[0]!.cells[sheet.headers.indexOf(header)];
    expect(cell('隐患编号')).toBe(no);
    expect(cell('隐患等级')).toBe('较大');
    expect(cell('状态')).toBe('已销号');
    expect(cell('发现时间')).toBe('2026-11-30 10:00');
    expect(cell('整改期限')).toBe('2026-12-03');
    expect(cell('销号时间')).toBe('2026-12-01 07:00');
    expect(cell('整改责任人')).toBe('陈志强');
    expect(cell('验收人')).toBe('王晓燕');
    expect(cell('退回次数')).toBe('1');
    expect(cell('是否逾期')).toBe('');
    expect(cell('通知书编号')).toBe('2026-0001');
  });
});

describe('who may see and do what', () => {
  it('shows a grid worker only their grid’s tasks and hazards', async () => {
    const tasks = await worker.call('GET', '/api/tasks?pageSize=200');
    expect(tasks.statusCode).toBe(200);
    const list = tasks.json<{ items: { gridName: string; id: string }[]; total: number }>();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((t) => t.gridName.startsWith('学生公寓3号楼'))).toBe(true);
    const all = await centre.call('GET', '/api/tasks?pageSize=200');
    const elsewhere = all
      .json<{ items: { gridName: string; id: string }[] }>()
      .items.find((t) => !t.gridName.startsWith('学生公寓3号楼'));
    expect(elsewhere).toBeDefined();
    expect((await worker.call('GET', `/api/tasks/${elsewhere!.id}`)).statusCode).toBe(404);

    const mine = await worker.call('GET', '/api/hazards?pageSize=200');
    const ours = mine.json<{
      items: { gridName: string | null; unit: { name: string } | null }[];
      total: number;
    }>();
    expect(ours.total).toBeGreaterThan(0);
    expect(
      ours.items.every((h) => h.gridName === '学生公寓3号楼网格' || h.unit?.name.startsWith('学生公寓3号楼')),
    ).toBe(true);
    const office = await centre.call('GET', '/api/hazards?pageSize=200');
    const others = office.json<{ items: { id: string; gridName: string | null }[]; total: number }>();
    expect(others.total).toBeGreaterThan(ours.total);
    const foreign = others.items.find((h) => h.gridName && h.gridName !== '学生公寓3号楼网格');
    expect((await worker.call('GET', `/api/hazards/${foreign!.id}`)).statusCode).toBe(404);
    // A student has no hazard list at all.
    const student = await rt.login('student');
    expect((await student.call('GET', '/api/hazards')).statusCode).toBe(403);
    expect((await student.call('GET', '/api/tasks/today')).statusCode).toBe(403);
  });

  it('lets a supervisor see the flagged hazards of every school they supervise', async () => {
    const primary = await rt.login('primary.admin');
    const r = await primary.call('POST', '/api/hazards', {
      key: 'primary-major-0001',
      domain: 'facilities',
      grade: 'major',
      title: '教学楼外墙瓷砖空鼓脱落',
      description: '南侧外墙三层以上瓷砖大面积空鼓',
    });
    expect(r.statusCode).toBe(201);
    const major = r.json<{ hazard: { id: string; supervised: boolean; schoolName: string } }>().hazard;
    expect(major.supervised).toBe(true);
    const supervisor = await rt.login('supervisor');
    const flagged = await supervisor.call('GET', '/api/hazards/supervised');
    expect(flagged.statusCode).toBe(200);
    const items = flagged.json<{ id: string; schoolName: string; status: string }[]>();
    expect(items.map((h) => h.id)).toContain(major.id);
    const schools = new Set(items.map((h) => h.schoolName));
    expect(schools.has('东营职业学院')).toBe(true);
    expect(schools.size).toBeGreaterThanOrEqual(2);
    expect(items.every((h) => h.status !== 'closed')).toBe(true);
    // The supervisor was told of the new major hazard.
    const told = await rt.kernel.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, supervisor.userId), eq(notifications.kind, 'hazard.found')));
    expect(told.length).toBe(1);
    // But does not act on it.
    const d = await detail(supervisor, major.id);
    expect(d.actions).toEqual(['comment']);
    // The grid worker of the college does not see the primary school's list.
    const w = await worker.call('GET', '/api/hazards/supervised');
    expect(w.json<{ id: string }[]>().map((h) => h.id)).not.toContain(major.id);
  });

  it('never lets someone who worked on a hazard verify it', async () => {
    const r = await centre.call('POST', '/api/hazards', {
      key: 'centre-adhoc-0001',
      domain: 'fire',
      grade: 'general',
      title: '图书馆二楼安全出口堆放杂物',
    });
    const id = r.json<{ hazard: { id: string } }>().hazard.id;
    let h = await detail(centre, id);
    // The office may act for a unit without accounts …
    h = (
      await act(centre, id, {
        action: 'plan',
        version: h.version,
        plan: { person: '王晓燕', measures: '清理', funds: 0, deadline: '2026-12-02', interim: '' },
      })
    ).json();
    const p = await photo(centre);
    h = (await act(centre, id, { action: 'submit', version: h.version, photos: [p] })).json();
    expect(h.actions).not.toContain('pass');
    // … but then someone else signs it off.
    const own = await act(centre, id, { action: 'pass', version: h.version, signature: '王晓燕' });
    expect(own.statusCode).toBe(403);
    expect(own.json().error.code).toBe('hazards.verifier_is_rectifier');
    const admin = await rt.login('school.admin');
    const ok = await act(admin, id, { action: 'pass', version: h.version, signature: '刘建国' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<Detail>().status).toBe('closed');
  });
});

describe('clocks', () => {
  it('tells the unit when the deadline passes and flags it for supervision days later', async () => {
    clock.set(new Date('2026-12-01T09:00:00+08:00'));
    await fresh();
    const general = await centre.call('POST', '/api/hazards', {
      key: 'late-hazard-000002',
      domain: 'dorm',
      grade: 'general',
      title: '宿舍楼道灯不亮',
      placeId: await dormPlace(),
    });
    expect(general.statusCode).toBe(201);
    const g = general.json<{
      hazard: { id: string; deadline: string; unit: { name: string } | null; supervised: boolean };
    }>().hazard;
    expect(g.supervised).toBe(false);
    expect(g.unit?.name).toBe('学生公寓3号楼网格');
    // 一般: seven days, to the end of 8 December.
    expect(new Date(g.deadline).toISOString()).toBe('2026-12-08T15:59:59.000Z');
    clock.set(new Date('2026-12-09T00:00:05+08:00'));
    await fresh();
    await drainJobs();
    let h = await detail(centre, g.id);
    expect(h.events.map((e) => e.kind)).toContain('overdue');
    expect(h.supervised).toBe(false);
    const told = await rt.kernel.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, leader.userId), eq(notifications.kind, 'hazard.overdue')));
    expect(told.map((n) => n.body)).toContain('宿舍楼道灯不亮，期限 2026-12-08，请立即整改。');
    // Three days' grace, then 挂牌督办.
    clock.set(new Date('2026-12-11T23:59:00+08:00'));
    await fresh();
    await drainJobs();
    expect((await detail(centre, g.id)).supervised).toBe(false);
    clock.set(new Date('2026-12-12T00:00:05+08:00'));
    await fresh();
    await drainJobs();
    h = await detail(centre, g.id);
    expect(h.supervised).toBe(true);
    expect(h.events.map((e) => e.kind)).toContain('supervise');
  });
});

describe('随手拍 without an account', () => {
  it('files a hazard with a photo and a phone number only the office sees', async () => {
    await fresh();
    const placeId = await dormPlace();
    const heading = await rt.app.inject({ method: 'GET', url: `/api/public/hazard-places/${placeId}` });
    expect(heading.statusCode).toBe(200);
    expect(heading.json().schoolName).toBe('东营职业学院');
    const boundary = '----snap';
    const field = (k: string, v: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
    const { PNG } = await import('../support/files.js');
    const payload = Buffer.concat([
      Buffer.from(
        field('placeId', placeId) +
          field('description', '一楼消防通道被电动车堵住') +
          field('phone', '13800001234') +
          field('key', 'snap-key-00000001'),
      ),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      PNG,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const send = () =>
      rt.app.inject({
        method: 'POST',
        url: '/api/public/hazards',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    const r = await send();
    expect(r.statusCode).toBe(201);
    const receipt = r.json<{ no: string }>();
    expect(receipt.no).toMatch(/^YH\d{12}$/);
    // A retry from the same page files nothing new.
    const again = await send();
    expect(again.statusCode).toBe(200);
    expect(again.json().no).toBe(receipt.no);
    const [row] = await rt.kernel.db.select().from(hazards).where(eq(hazards.no, receipt.no));
    expect(row!.origin).toBe('public');
    expect(row!.photos).toHaveLength(1);
    expect(row!.contactPhone).not.toContain('13800001234');
    const forOffice = await detail(centre, row!.id);
    expect(forOffice.contactPhone).toBe('13800001234');
    const read = await rt.kernel.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, row!.id), eq(auditLog.action, 'hazard.reporter_phone_read')));
    expect(read[0]!.sensitive).toBe(true);
    const forUnit = await detail(leader, row!.id);
    expect(forUnit.contactPhone).toBeNull();
    // Not an image: refused.
    const bad = await rt.app.inject({
      method: 'POST',
      url: '/api/public/hazards',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(field('placeId', placeId) + field('description', '测试')),
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
        ),
        Buffer.from('%PDF-1.4 not an image'),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    expect(bad.statusCode).toBe(415);
  });
});

describe('equipment and the monthly report', () => {
  it('makes a check for each extinguisher falling due, and moves its next date when done', async () => {
    clock.set(new Date('2026-12-12T08:00:00+08:00'));
    await fresh();
    const due = await rt.kernel.db
      .select({ id: equipment.id, next: equipment.nextInspectionDue })
      .from(equipment)
      .where(and(eq(equipment.schoolId, school), eq(equipment.kind, 'fire_extinguisher')));
    const [s] = await rt.kernel.db
      .select()
      .from(taskSchedules)
      .where(and(eq(taskSchedules.schoolId, school), eq(taskSchedules.equipmentKind, 'fire_extinguisher')));
    await rt.services.tasks.generate(s!.id);
    const made = await rt.kernel.db
      .select()
      .from(taskInstances)
      .where(and(eq(taskInstances.scheduleId, s!.id)));
    const today = '2026-12-12';
    const expected = due.filter((d) => d.next && d.next <= '2026-12-15');
    expect(made.length).toBeGreaterThanOrEqual(expected.length);
    expect(made.length).toBeGreaterThan(0);
    // Running again makes none.
    expect(await rt.services.tasks.generate(s!.id)).toBe(0);
    const mine = (await worker.call('GET', '/api/tasks/today'))
      .json<{ items: (Brief & { equipment: { id: string } | null })[] }>()
      .items.find((i) => i.equipment && i.status === 'open');
    expect(mine).toBeDefined();
    {
      const items = ['PLACE', 'PRESSURE', 'SEAL', 'BODY', 'VALID'].map((code) => ({ code, value: 'yes' }));
      const r = await worker.call('POST', `/api/tasks/${mine!.id}/complete`, {
        key: 'eq-check-000000001',
        answers: [...items, { code: 'SIGN', value: '赵磊' }],
      });
      expect(r.statusCode).toBe(200);
      const [e] = await rt.kernel.db.select().from(equipment).where(eq(equipment.id, mine!.equipment!.id));
      expect(e!.lastInspectedOn).toBe(today);
      expect(e!.nextInspectionDue).toBe('2027-01-11');
      expect(e!.status).toBe('normal');
    }
  });

  it('reports a month and sends it to the supervising authorities', async () => {
    const month = await centre.call('GET', `/api/hazard-reports/monthly?schoolId=${school}&month=2026-11`);
    expect(month.statusCode).toBe(200);
    const m = month.json<{
      found: number;
      byDomain: { key: string; total: number; serious: number }[];
      rectificationRate: number | null;
      sent: unknown[];
    }>();
    expect(m.found).toBeGreaterThan(0);
    expect(m.byDomain.find((d) => d.key === 'dorm')!.serious).toBeGreaterThanOrEqual(1);
    expect(m.byDomain.reduce((s, d) => s + d.total, 0)).toBe(m.found);
    const pdf = await centre.call('GET', `/api/hazard-reports/monthly.pdf?schoolId=${school}&month=2026-11`);
    expect(pdf.statusCode).toBe(200);
    const text = squash((await pdfText(pdf.rawPayload)).join(''));
    expect(text).toContain(squash('2026年11月安全隐患排查整改月报'));
    expect(text).toContain(squash(`本月共排查发现安全隐患${m.found}处`));
    const xlsx = await centre.call(
      'GET',
      `/api/hazard-reports/monthly.xlsx?schoolId=${school}&month=2026-11`,
    );
    // Read whole (the streaming reader needs workbook.xml before the sheets, and exceljs' own
    // writer does not always put it first when it writes several sheets).
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['月报汇总', '按领域与等级', '逾期未整改', '重复发生']);
    const summary = wb.getWorksheet('月报汇总')!;
    const found = summary.getColumn(1).values.indexOf('排查发现隐患（处）');
    expect(summary.getRow(found).getCell(2).value).toBe(m.found);
    // The grid leader may not send it; the office does.
    expect(
      (await leader.call('POST', '/api/hazard-reports/monthly/send', { schoolId: school, month: '2026-11' }))
        .statusCode,
    ).toBe(403);
    const sent = await centre.call('POST', '/api/hazard-reports/monthly/send', {
      schoolId: school,
      month: '2026-11',
    });
    expect(sent.statusCode).toBe(200);
    expect(sent.json<{ sent: { to: string[] }[] }>().sent[0]!.to).toContain('东营区教育局');
    const supervisor = await rt.login('supervisor');
    const inbox = await supervisor.call('GET', '/api/hazard-reports');
    expect(inbox.json<{ month: string; schoolName: string }[]>()).toEqual([
      expect.objectContaining({ month: '2026-11', schoolName: '东营职业学院' }),
    ]);
    const told = await rt.kernel.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, supervisor.userId), eq(notifications.kind, 'hazard.monthly')));
    expect(told).toHaveLength(1);
  });
});
