import { and, asc, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/kernel/audit/audit.tables.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { events } from '../../src/kernel/events/events.tables.js';
import { notifications } from '../../src/kernel/notify/notify.tables.js';
import { findOrgByCode } from '../../src/modules/orgs/index.js';
import { grids } from '../../src/modules/grids/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';
import {
  drainJobs,
  recipientIds,
  sendWarning,
  warningBody,
  warningEventPayload,
  type WarningView,
} from '../support/warnings.js';

const clock = new ManualClock(new Date('2026-12-07T14:00:00+08:00'));
let rt: TestRuntime;
let school: string;
const s: Record<string, Session> = {};
/** a second person at the bureau, and a college's own administrator */
let bureau2: Session;
let collegeAdmin: Session;

const view = async (who: Session, id: string) => {
  const r = await who.call('GET', `/api/warnings/${id}`);
  expect(r.statusCode).toBe(200);
  return r.json<{ warning: WarningView }>().warning;
};
const eventsOf = (id: string) =>
  rt.kernel.db
    .select()
    .from(events)
    .where(like(events.type, 'warning.%'))
    .orderBy(asc(events.seq))
    .then((es) => es.filter((e) => (e.payload as { id?: string }).id === id));

beforeAll(async () => {
  rt = await testRuntime({ clock, students: 84 });
  school = await orgId(rt, 'DYVTC');
  for (const u of [
    'school.admin',
    'grid.center',
    'supervisor',
    'primary.admin',
    'kg.admin',
    'student',
    'grid.leader',
    'grid.worker',
    'guard',
    'counselor',
    'police',
    'sysadmin',
  ])
    s[u] = await rt.login(u);
  const newUser = async (by: Session, username: string, org: string, role: string) => {
    const r = await by.call('POST', '/api/users', {
      username,
      displayName: username,
      orgId: org,
      password: 'Warning2026a',
      roles: [{ orgId: org, role }],
    });
    expect(r.statusCode).toBe(201);
    const first = await rt.login(username, 'Warning2026a');
    const changed = await first.call('POST', '/api/auth/password', {
      currentPassword: 'Warning2026a',
      newPassword: 'Warning2026a-own',
    });
    expect(changed.statusCode).toBe(204);
    return first;
  };
  bureau2 = await newUser(s.sysadmin!, 'bureau.second', await orgId(rt, 'DY-EDU'), 'supervisor');
  collegeAdmin = await newUser(
    s['school.admin']!,
    'college.admin',
    await orgId(rt, 'DYVTC-C03'),
    'school_admin',
  );
}, 120_000);
afterAll(async () => rt.dispose());

describe('warnings: the audience', () => {
  it('the whole school: every member of staff and student, nobody of another school or the police', async () => {
    const w = await sendWarning(s['school.admin']!, school, { orgIds: [school] });
    expect(w).toMatchObject({ state: 'sent', version: 1, approval: 'none', hasPolygon: true });
    const ids = new Set(await recipientIds(s['school.admin']!, w.id));
    for (const u of [
      'student',
      'grid.worker',
      'grid.leader',
      'guard',
      'counselor',
      'grid.center',
      'school.admin',
    ])
      expect({ u, in: ids.has(s[u]!.userId) }).toEqual({ u, in: true });
    for (const u of ['primary.admin', 'police', 'supervisor'])
      expect({ u, in: ids.has(s[u]!.userId) }).toEqual({ u, in: false });
    expect(ids.size).toBeGreaterThan(84);
    // Everyone gets the notice once the hand-out job ran; it opens their own page.
    await drainJobs(rt);
    const [n] = await rt.kernel.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, s.student!.userId), eq(notifications.kind, 'warning.published')));
    expect(n).toMatchObject({
      title: '预警：今天下午有特大暴雨，暂停一切户外活动',
      link: `/my-warnings/${w.id}`,
    });
    const [published] = await eventsOf(w.id);
    expect(published!.type).toBe('warning.published');
    expect(published!.orgId).toBe(school);
    const payload = warningEventPayload.parse(published!.payload);
    expect(payload).toMatchObject({
      version: 1,
      schoolIds: [school],
      senderName: '东营职业学院',
      status: 'Actual',
    });
    expect(payload.polygon!.length).toBeGreaterThan(3);
    const [row] = await rt.kernel.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'warning.send'), eq(auditLog.targetId, w.id)));
    expect(row).toBeDefined();
  });

  it('a college: its staff and its classes’ students; not the security office', async () => {
    const c03 = await orgId(rt, 'DYVTC-C03');
    const w = await sendWarning(s['school.admin']!, school, { orgIds: [c03] });
    const ids = new Set(await recipientIds(s['school.admin']!, w.id));
    expect(['student', 'counselor', 'grid.leader', 'grid.worker'].every((u) => ids.has(s[u]!.userId))).toBe(
      true,
    );
    expect(ids.has(s.guard!.userId)).toBe(false);
  });

  it('a grid: its leader and members, and those of the grids under it', async () => {
    const [g] = await rt.kernel.db
      .select()
      .from(grids)
      .where(eq(grids.leaderUserId, s['grid.leader']!.userId));
    const preview = await s['grid.center']!.call('POST', '/api/warnings/preview', {
      orgId: school,
      audience: { gridIds: [g!.id] },
    });
    expect(preview.json()).toMatchObject({ needsApproval: false, schools: [{ id: school }] });
    const w = await sendWarning(s['grid.center']!, school, { gridIds: [g!.id] });
    const ids = new Set(await recipientIds(s['grid.center']!, w.id));
    expect(ids.has(s['grid.leader']!.userId) && ids.has(s['grid.worker']!.userId)).toBe(true);
    expect(ids.has(s.student!.userId)).toBe(false);
    expect(ids.size).toBe(preview.json<{ persons: number }>().persons);
  });

  it('a role within the school: only the guards', async () => {
    const w = await sendWarning(s['school.admin']!, school, { orgIds: [school], roles: ['guard'] });
    const ids = await recipientIds(s['school.admin']!, w.id);
    expect(ids).toContain(s.guard!.userId);
    expect(ids).not.toContain(s.student!.userId);
    expect(ids).not.toContain(s['school.admin']!.userId);
  });
});

describe('warnings: approval beyond one’s own organisation', () => {
  it('the bureau to the district’s schools: approved by a second person, never by the sender', async () => {
    const edu = await orgId(rt, 'DY-EDU');
    const schools = [school, await orgId(rt, 'DYSY-PS'), await orgId(rt, 'DYKG-1')];
    const w = await sendWarning(s.supervisor!, edu, { orgIds: schools }, { severity: 'Severe' });
    expect(w).toMatchObject({ state: 'pending', approval: 'pending', version: 0, hasPolygon: false });
    expect(w.actions).not.toContain('approve');
    const self = await s.supervisor!.call('POST', `/api/warnings/${w.id}/approve`);
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ error: { code: 'warnings.self_approval' } });
    // The bureau's second person sees it in the queue and approves it.
    const queue = await bureau2.call('GET', '/api/warnings?state=pending');
    const queued = queue.json<{ items: WarningView[] }>().items.find((x) => x.id === w.id)!;
    expect(queued.actions).toEqual(expect.arrayContaining(['approve', 'reject']));
    const ok = await bureau2.call('POST', `/api/warnings/${w.id}/approve`);
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ warning: WarningView }>().warning).toMatchObject({
      state: 'sent',
      approval: 'approved',
    });
    const ids = await recipientIds(s.supervisor!, w.id);
    expect(ids).toEqual(
      expect.arrayContaining([s['primary.admin']!.userId, s['kg.admin']!.userId, s.student!.userId]),
    );
    // Counted by school.
    const detail = await s.supervisor!.call('GET', `/api/warnings/${w.id}`);
    const units = detail
      .json<{ summary: { units: { unitName: string }[] } }>()
      .summary.units.map((u) => u.unitName);
    expect(units.sort()).toEqual(['东营区实验小学', '东营区第一幼儿园', '东营职业学院'].sort());
    const [published] = await eventsOf(w.id);
    expect(warningEventPayload.parse(published!.payload)).toMatchObject({
      senderName: '东营区教育局',
      schoolIds: expect.arrayContaining(schools),
      severity: 'Severe',
      polygon: null,
    });
    const [audited] = await rt.kernel.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'warning.approve'), eq(auditLog.targetId, w.id)));
    expect(audited!.actorId).toBe(bureau2.userId);
  });

  it('a college to the whole school: waits for the school’s administrator; a reject goes back with its reason', async () => {
    const c03 = await orgId(rt, 'DYVTC-C03');
    const own = await sendWarning(collegeAdmin, c03, { orgIds: [c03] });
    expect(own.state).toBe('sent');
    const w = await sendWarning(collegeAdmin, c03, { orgIds: [school] });
    expect(w.state).toBe('pending');
    // Another college administrator cannot approve beyond the college.
    const rejected = await s['school.admin']!.call('POST', `/api/warnings/${w.id}/reject`, {
      reason: '请改为只发本学院',
    });
    expect(rejected.json<{ warning: WarningView }>().warning).toMatchObject({
      state: 'draft',
      approval: 'rejected',
      rejectReason: '请改为只发本学院',
    });
    const again = await collegeAdmin.call('POST', `/api/warnings/${w.id}/submit`);
    expect(again.json<{ warning: WarningView }>().warning.state).toBe('pending');
    const approved = await s['school.admin']!.call('POST', `/api/warnings/${w.id}/approve`);
    expect(approved.json<{ warning: WarningView }>().warning.state).toBe('sent');
    expect(await recipientIds(s['school.admin']!, w.id)).toContain(s.guard!.userId);
  });

  it('a school cannot reach another school, and a college admin cannot approve for the school', async () => {
    const ps = await orgId(rt, 'DYSY-PS');
    const out = await s['school.admin']!.call('POST', '/api/warnings', warningBody(school, { orgIds: [ps] }));
    expect(out.json()).toMatchObject({ error: { code: 'warnings.out_of_reach' } });
    const c03 = await orgId(rt, 'DYVTC-C03');
    const w = await s['school.admin']!.call('POST', '/api/warnings', warningBody(c03, { orgIds: [school] }));
    const id = w.json<{ warning: { id: string } }>().warning.id;
    await s['school.admin']!.call('POST', `/api/warnings/${id}/submit`);
    expect((await view(s['school.admin']!, id)).state).toBe('pending');
    const r = await collegeAdmin.call('POST', `/api/warnings/${id}/approve`);
    expect(r.json()).toMatchObject({ error: { code: 'warnings.cannot_approve' } });
  });
});

describe('warnings: scope', () => {
  it('another school’s administrator gets 404 and does not see it listed', async () => {
    const w = await sendWarning(
      s['school.admin']!,
      school,
      { orgIds: [school] },
      { headline: '仅本校可见的预警' },
    );
    expect((await s['primary.admin']!.call('GET', `/api/warnings/${w.id}`)).statusCode).toBe(404);
    expect((await s['primary.admin']!.call('GET', `/api/warnings/${w.id}/recipients`)).statusCode).toBe(404);
    expect((await s['primary.admin']!.call('POST', `/api/warnings/${w.id}/cancel`, {})).statusCode).toBe(404);
    const list = await s['primary.admin']!.call('GET', '/api/warnings');
    expect(list.body).not.toContain(w.id);
    // A person it was not sent to cannot open it as a recipient either.
    expect((await s['primary.admin']!.call('GET', `/api/my-warnings/${w.id}`)).statusCode).toBe(404);
    expect((await s.police!.call('POST', `/api/my-warnings/${w.id}/acknowledge`)).statusCode).toBe(404);
  });
});

describe('warnings: update and cancel after sending', () => {
  it('each raises the version by one, emits its event with the contract payload, and tells the recipients', async () => {
    const w = await sendWarning(s['school.admin']!, school, { orgIds: [school], roles: ['guard'] });
    await drainJobs(rt);
    const upd = await s['school.admin']!.call('PATCH', `/api/warnings/${w.id}`, {
      headline: '暴雨持续，延长停课至明天',
      expires: '2026-12-08T18:00:00+08:00',
    });
    expect(upd.json<{ warning: WarningView }>().warning).toMatchObject({ version: 2, state: 'sent' });
    const refused = await s['school.admin']!.call('PATCH', `/api/warnings/${w.id}`, {
      audience: { orgIds: [school] },
    });
    expect(refused.statusCode).toBe(409);
    await drainJobs(rt);
    const cancelled = await s['school.admin']!.call('POST', `/api/warnings/${w.id}/cancel`, {
      reason: '暴雨已停',
    });
    expect(cancelled.json<{ warning: WarningView }>().warning).toMatchObject({
      version: 3,
      state: 'cancelled',
    });
    await drainJobs(rt);
    const es = await eventsOf(w.id);
    expect(es.map((e) => [e.type, (e.payload as { version: number }).version])).toEqual([
      ['warning.published', 1],
      ['warning.updated', 2],
      ['warning.cancelled', 3],
    ]);
    for (const e of es) warningEventPayload.parse(e.payload);
    expect((es[1]!.payload as { headline: string }).headline).toBe('暴雨持续，延长停课至明天');
    const guardNotes = await rt.kernel.db
      .select({ kind: notifications.kind, title: notifications.title })
      .from(notifications)
      .where(and(eq(notifications.userId, s.guard!.userId), like(notifications.link, `%${w.id}`)))
      .orderBy(asc(notifications.createdAt));
    // One notice each (the test clock gives them one instant: their order is the events' above).
    expect(guardNotes.map((n) => n.kind).sort()).toEqual([
      'warning.cancelled',
      'warning.published',
      'warning.updated',
    ]);
    expect(guardNotes.find((n) => n.kind === 'warning.cancelled')!.title).toContain('预警解除');
    const audits = await rt.kernel.db.select().from(auditLog).where(eq(auditLog.targetId, w.id));
    expect(audits.map((a) => a.action).sort()).toEqual(['warning.cancel', 'warning.send', 'warning.update']);
    const org = await findOrgByCode(rt.kernel.db, 'DYVTC');
    expect(org!.id).toBe(school);
  });
});
