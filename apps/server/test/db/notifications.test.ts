import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { events } from '../../src/kernel/events/index.js';
import { notifications } from '../../src/kernel/notify/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';
import { WsClient } from '../support/ws.js';

interface Item {
  id: string;
  kind: string;
  title: string;
  link: string | null;
  alarm: boolean;
  createdAt: string;
  readAt: string | null;
}
interface Page {
  items: Item[];
  nextCursor: string | null;
  unread: number;
  unreadAlarms: number;
}

const clock = new ManualClock(new Date('2026-12-07T12:00:00Z'));
let rt: TestRuntime;
let me: Session;
let other: Session;
let school: string;

/** One notification to `userIds`, as a module would send it, at the clock's time. */
async function tell(userIds: string[], kind: string, title: string) {
  await rt.kernel.notify.notify(rt.kernel.db, {
    userIds,
    orgId: school,
    kind,
    title,
    body: `${title}的详情`,
    link: `/${kind.split('.')[0]}s/${title}`,
  });
}

const list = async (s: Session, query = '') => {
  const res = await s.call('GET', `/api/notifications${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Page>();
};
const titles = (p: Page) => p.items.map((n) => n.title);
const count = async (s: Session) =>
  (await s.call('GET', '/api/notifications/unread-count')).json<{ unread: number; unreadAlarms: number }>();

beforeAll(async () => {
  rt = await testRuntime({ clock, students: 10 });
  me = await rt.login('grid.center');
  other = await rt.login('grid.leader');
  school = await orgId(rt, 'DYVTC');
  // The demo's normal day told them things already; these tests count from nothing.
  await rt.kernel.db.delete(notifications).where(inArray(notifications.userId, [me.userId, other.userId]));
  // 07:00 … 07:06 China time, one a minute; the last two are for both of them.
  const sent: [string, string][] = [
    ['hazard.found', '新隐患 H1'],
    ['request.update', '诉求 R1 有新进展'],
    ['incident.escalated', '一键报警 30 秒无人确认'],
    ['hazard.overdue', '隐患 H1 已超期'],
    ['task.overdue', '任务 T1 超时'],
  ];
  for (const [i, [kind, title]] of sent.entries()) {
    clock.set(new Date(Date.UTC(2026, 11, 6, 23, i)));
    await tell([me.userId], kind, title);
  }
  clock.set(new Date(Date.UTC(2026, 11, 6, 23, 5)));
  await tell([me.userId, other.userId], 'incident.escalated', '一键报警 60 秒无人确认');
  clock.set(new Date(Date.UTC(2026, 11, 6, 23, 6)));
  await tell([me.userId, other.userId], 'hazard.supervise', '隐患 H2 挂牌督办');
});
afterAll(async () => rt?.dispose());

describe('the inbox', () => {
  it('lists only your own, newest first, with the unread counts and alarms marked', async () => {
    const p = await list(me);
    expect(titles(p)).toEqual([
      '隐患 H2 挂牌督办',
      '一键报警 60 秒无人确认',
      '任务 T1 超时',
      '隐患 H1 已超期',
      '一键报警 30 秒无人确认',
      '诉求 R1 有新进展',
      '新隐患 H1',
    ]);
    expect(p).toMatchObject({ unread: 7, unreadAlarms: 2, nextCursor: null });
    expect(p.items.filter((n) => n.alarm).map((n) => n.kind)).toEqual([
      'incident.escalated',
      'incident.escalated',
    ]);
    expect(p.items[0]!.link).toBe('/hazards/隐患 H2 挂牌督办');
    const theirs = await list(other);
    expect(titles(theirs)).toEqual(['隐患 H2 挂牌督办', '一键报警 60 秒无人确认']);
    expect(theirs.items.map((n) => n.id).some((id) => p.items.some((m) => m.id === id))).toBe(false);
    expect(await count(me)).toEqual({ unread: 7, unreadAlarms: 2 });
    expect(await count(other)).toEqual({ unread: 2, unreadAlarms: 1 });
  });

  it('filters by kind family, exact kind and time', async () => {
    expect(titles(await list(me, '?kind=incident'))).toEqual([
      '一键报警 60 秒无人确认',
      '一键报警 30 秒无人确认',
    ]);
    expect(titles(await list(me, '?kind=hazard.'))).toEqual([
      '隐患 H2 挂牌督办',
      '隐患 H1 已超期',
      '新隐患 H1',
    ]);
    expect(titles(await list(me, '?kind=hazard.overdue'))).toEqual(['隐患 H1 已超期']);
    // "hazard" is the family, not every kind that starts with those letters
    expect(titles(await list(me, '?kind=hazar'))).toEqual([]);
    const from = encodeURIComponent('2026-12-07T07:02:00+08:00');
    const to = encodeURIComponent('2026-12-07T07:05:00+08:00');
    expect(titles(await list(me, `?from=${from}&to=${to}`))).toEqual([
      '任务 T1 超时',
      '隐患 H1 已超期',
      '一键报警 30 秒无人确认',
    ]);
  });

  it('pages by cursor without losing or repeating one, even when several share an instant', async () => {
    clock.set(new Date('2026-12-07T00:10:00Z'));
    for (let i = 0; i < 5; i++) await tell([me.userId], 'request.mine', `同一时刻 ${i}`);
    const all = (await list(me, '?limit=100')).items.map((n) => n.id);
    expect(all).toHaveLength(12);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const p: Page = await list(me, `?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(p.items.length).toBeLessThanOrEqual(5);
      seen.push(...p.items.map((n) => n.id));
      cursor = p.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
    // A page of the filtered list carries the filter on.
    const first = await list(me, '?kind=request&limit=3');
    expect(first.items).toHaveLength(3);
    const second = await list(me, `?kind=request&limit=3&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect([...titles(first), ...titles(second)].filter((t) => t.startsWith('同一时刻'))).toHaveLength(5);
    expect(titles(second).at(-1)).toBe('诉求 R1 有新进展');
    expect(second.nextCursor).toBeNull();
  });

  it('marks one read: the count drops, the unread filter leaves it out, and another user cannot touch it', async () => {
    const before = await count(me);
    const [alarm] = (await list(me, '?kind=incident&limit=1')).items;
    expect((await other.call('POST', `/api/notifications/${alarm!.id}/read`)).statusCode).toBe(404);
    expect((await me.call('POST', `/api/notifications/${alarm!.id}/read`)).statusCode).toBe(204);
    // Again: nothing changes, still fine.
    expect((await me.call('POST', `/api/notifications/${alarm!.id}/read`)).statusCode).toBe(204);
    expect(await count(me)).toEqual({ unread: before.unread - 1, unreadAlarms: before.unreadAlarms - 1 });
    const unread = await list(me, '?unread=true&limit=100');
    expect(unread.items.map((n) => n.id)).not.toContain(alarm!.id);
    expect(unread.items).toHaveLength(before.unread - 1);
    expect((await list(me, '?kind=incident&limit=1')).items[0]!.readAt).toBe(clock.now().toISOString());
    // The other user's copy of the same alarm is still unread.
    expect(await count(other)).toEqual({ unread: 2, unreadAlarms: 1 });
    // The reader's other consoles hear of it (a personal event: only theirs).
    const told = await rt.kernel.db
      .select()
      .from(events)
      .where(and(eq(events.type, 'notification.read'), eq(events.userId, me.userId)));
    expect(told.map((e) => e.payload)).toEqual([{ id: alarm!.id, kind: 'incident.escalated', count: 1 }]);
  });

  it('marks all read, of one family or up to what the user saw, never another user’s', async () => {
    const hazardsBefore = (await list(me, '?kind=hazard&unread=true')).items.length;
    expect(hazardsBefore).toBe(3);
    const byKind = await me.call('POST', '/api/notifications/read-all', { kind: 'hazard' });
    expect(byKind.json()).toEqual({ marked: 3 });
    expect((await list(me, '?kind=hazard&unread=true')).items).toEqual([]);
    expect((await count(me)).unread).toBe(12 - 1 - 3);
    // Up to the newest the user saw: one arriving meanwhile stays unread.
    const seen = (await list(me, '?limit=1')).items[0]!.createdAt;
    clock.set(new Date('2026-12-07T00:20:00Z'));
    await tell([me.userId], 'incident.escalated', '一键报警 90 秒无人确认');
    const all = await me.call('POST', '/api/notifications/read-all', { before: seen });
    expect(all.json()).toEqual({ marked: 8 });
    expect(await count(me)).toEqual({ unread: 1, unreadAlarms: 1 });
    expect(titles(await list(me, '?unread=true'))).toEqual(['一键报警 90 秒无人确认']);
    expect((await me.call('POST', '/api/notifications/read-all', {})).json()).toEqual({ marked: 1 });
    expect((await me.call('POST', '/api/notifications/read-all', {})).json()).toEqual({ marked: 0 });
    expect(await count(me)).toEqual({ unread: 0, unreadAlarms: 0 });
    // Untouched: the other user's.
    expect(await count(other)).toEqual({ unread: 2, unreadAlarms: 1 });
  });

  it('refuses bad input with a 400 and a signed-out caller with a 401', async () => {
    for (const q of [
      '?limit=0',
      '?limit=101',
      '?limit=ten',
      '?unread=yes',
      '?kind=Hazard',
      '?kind=hazard%25',
      `?kind=${'a'.repeat(65)}`,
      '?cursor=abc',
      '?cursor=2026-02-30T00:00:00.000000Z~01900000-0000-7000-8000-000000000001',
      '?cursor=1999-12-31T00:00:00.000000Z~01900000-0000-7000-8000-000000000001',
      '?from=2026-13-01',
    ]) {
      const res = await me.call('GET', `/api/notifications${q}`);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code, q).toBe('common.validation');
    }
    expect((await me.call('POST', '/api/notifications/read-all', { kind: 'x y' })).statusCode).toBe(400);
    expect((await me.call('POST', '/api/notifications/read-all', { userId: other.userId })).statusCode).toBe(
      400,
    );
    expect((await me.call('POST', '/api/notifications/not-an-id/read')).statusCode).toBe(400);
    const anon = await rt.app.inject({ method: 'GET', url: '/api/notifications/unread-count' });
    expect(anon.statusCode).toBe(401);
  });

  it("pushes a new one and its reading to the reader's own consoles only", async () => {
    await rt.start();
    const base = await rt.app.listen({ port: 0, host: '127.0.0.1' });
    const [mine, theirs] = await Promise.all([
      WsClient.connect(base, me.cookie),
      WsClient.connect(base, other.cookie),
    ]);
    try {
      await Promise.all(
        [mine, theirs].map((c) => c.waitFor((x) => x.messages.some((m) => m.type === 'ready'))),
      );
      clock.set(new Date('2026-12-07T00:30:00Z'));
      await tell([me.userId, other.userId], 'incident.escalated', '一键报警 120 秒无人确认');
      await mine.waitFor((c) => c.events('notification.created').length === 1);
      await theirs.waitFor((c) => c.events('notification.created').length === 1);
      const [created] = mine.events('notification.created');
      expect(created!.payload).toMatchObject({
        kind: 'incident.escalated',
        title: '一键报警 120 秒无人确认',
      });
      // Each hears of their own copy, not the other's.
      expect(theirs.events('notification.created')[0]!.payload['id']).not.toBe(created!.payload['id']);
      expect(
        (await me.call('POST', `/api/notifications/${String(created!.payload['id'])}/read`)).statusCode,
      ).toBe(204);
      await mine.waitFor((c) => c.events('notification.read').length === 1);
      expect(mine.events('notification.read')[0]!.payload).toEqual({
        id: created!.payload['id'],
        kind: 'incident.escalated',
        count: 1,
      });
      await rt.settle();
      expect(theirs.events('notification.read')).toEqual([]);
    } finally {
      await Promise.all([mine.close(), theirs.close()]);
    }
  });
});
