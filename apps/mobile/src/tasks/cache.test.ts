import { describe, expect, it } from 'vitest';
import { DETAILS_MAX, DETAIL_KEEP_MS, parseDetails, parseToday, todayWithDetails, withDetail } from './cache';
import type { TaskBrief, TaskDetail, TasksToday } from './types';

const T0 = Date.parse('2026-11-30T08:00:00+08:00');
const USER = { id: '01a22bb6-c299-7567-b8d9-272a784a7a1b', displayName: '赵磊（楼长）' };

function brief(n: number, over: Partial<TaskBrief> = {}): TaskBrief {
  return {
    id: `01a22bb6-ce12-7529-9501-${String(n).padStart(12, '0')}`,
    schoolId: '01a22bb6-c217-71bb-8c3b-1d1bc8790024',
    templateId: '01a22bb6-cd07-738d-80c1-7f97debb9581',
    templateName: '宿舍安全检查表',
    kind: 'hazard_inspection',
    domain: 'dorm',
    gridId: '01a22bb6-cb12-7043-b385-67004264ebce',
    gridName: '学生公寓3号楼网格',
    periodKey: '2026-11-30',
    cadence: { kind: 'daily', everyDays: null, weekdays: [] },
    dueAt: '2026-11-30T15:59:59.000Z',
    status: 'open',
    overdue: false,
    escalatedAt: null,
    completedAt: null,
    completedByName: null,
    failedCount: 0,
    itemCount: 8,
    equipment: null,
    ...over,
  };
}

function detail(n: number, over: Partial<TaskDetail> = {}): TaskDetail {
  return {
    ...brief(n),
    items: [{ code: 'SIGN', type: 'signature', prompt: '检查人签名', required: true }],
    answers: [],
    failed: [],
    score: null,
    location: null,
    hazards: [],
    canDo: true,
    ...over,
  };
}

const today = (...items: TaskBrief[]): TasksToday => ({ date: '2026-11-30', items });

describe("today's list kept on the phone", () => {
  it('reads back for the account that read it, and for nobody else', () => {
    const raw = JSON.stringify({ user: USER, savedAt: T0, today: today(brief(1), brief(2)) });
    expect(parseToday(raw, USER.id)).toMatchObject({ user: USER, savedAt: T0 });
    expect(parseToday(raw, USER.id)?.today.items).toHaveLength(2);
    expect(parseToday(raw, 'someone-else')).toBeNull();
    // Without an account (the page opened offline): whose it is, to open it for them.
    expect(parseToday(raw)?.user).toEqual(USER);
  });

  it('drops what does not read', () => {
    expect(parseToday(null)).toBeNull();
    expect(parseToday('not json')).toBeNull();
    expect(parseToday(JSON.stringify({ user: USER, savedAt: T0 }))).toBeNull();
    expect(
      parseToday(JSON.stringify({ user: USER, savedAt: T0, today: { date: 'x', items: [{ id: 1 }] } })),
    ).toBeNull();
    expect(parseToday(JSON.stringify({ user: {}, savedAt: T0, today: today() }))).toBeNull();
  });

  it('shows a task done when its checklist was recorded after the list was read', () => {
    const list = today(brief(1), brief(2));
    const done = detail(1, { status: 'done', completedAt: '2026-11-30T01:00:00Z', failedCount: 1 });
    const details = withDetail(null, USER.id, done, T0 + 60_000);
    const shown = todayWithDetails(list, details, T0);
    expect(shown.items.map((i) => i.status)).toEqual(['done', 'open']);
    expect(shown.items[0]).not.toHaveProperty('items');
    expect(shown.items[0]?.failedCount).toBe(1);
    // A detail read before the list changes nothing.
    expect(todayWithDetails(list, withDetail(null, USER.id, done, T0 - 1), T0).items[0]?.status).toBe('open');
  });
});

describe('tasks opened once, kept for doing them offline', () => {
  it('keeps the latest DETAILS_MAX, the newest read first to stay', () => {
    let cache = withDetail(null, USER.id, detail(0), T0);
    for (let n = 1; n < DETAILS_MAX + 5; n++) cache = withDetail(cache, USER.id, detail(n), T0 + n);
    expect(Object.keys(cache.items)).toHaveLength(DETAILS_MAX);
    expect(cache.items[detail(0).id]).toBeUndefined();
    expect(cache.items[detail(DETAILS_MAX + 4).id]).toBeDefined();
  });

  it("starts afresh for another account, and reads back only the account's own, recent ones", () => {
    const mine = withDetail(null, USER.id, detail(1), T0);
    expect(Object.keys(withDetail(mine, 'other', detail(2), T0).items)).toEqual([detail(2).id]);
    const withOld = withDetail(mine, USER.id, detail(3), T0 - DETAIL_KEEP_MS - 1);
    const raw = JSON.stringify(withOld);
    expect(Object.keys(parseDetails(raw, USER.id, T0)!.items)).toEqual([detail(1).id]);
    expect(parseDetails(raw, 'other', T0)).toBeNull();
    expect(parseDetails('{', USER.id, T0)).toBeNull();
    const broken = JSON.stringify({
      userId: USER.id,
      items: { [detail(1).id]: { savedAt: T0, detail: { id: 'x' } } },
    });
    expect(parseDetails(broken, USER.id, T0)?.items).toEqual({});
  });
});
