import { and, count, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAppConfig } from '../../src/app/config.js';
import { createRuntime } from '../../src/app/runtime.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { notifications } from '../../src/kernel/notify/notify.tables.js';
import { grids } from '../../src/modules/grids/index.js';
import { taskInstances, taskSchedules } from '../../src/modules/tasks/index.js';
import { orgId, TEST_SECRET, testRuntime, type TestRuntime } from '../support/runtime.js';

// Monday 30 November 2026, 08:00 in China.
const clock = new ManualClock(new Date('2026-11-30T08:00:00+08:00'));
let rt: TestRuntime;
let school: string;
let buildings: number;

const instances = async () => (await rt.kernel.db.select({ n: count() }).from(taskInstances))[0]!.n;

beforeAll(async () => {
  rt = await testRuntime({ clock });
  school = await orgId(rt, 'DYVTC');
  await rt.kernel.transaction(async (tx) => {
    // The demo college has the library and its own schedules: this test counts one schedule's.
    expect(await rt.services.tasks.installLibrary(tx, school)).toBe(0);
    await tx.update(taskSchedules).set({ active: false });
    await rt.services.tasks.addSchedule(tx, {
      schoolId: school,
      templateCode: 'DOMAIN-FIRE',
      recurrence: 'daily',
      gridLevel: 'building',
    });
  });
  buildings = (
    await rt.kernel.db
      .select({ n: count() })
      .from(grids)
      .where(and(eq(grids.schoolId, school), eq(grids.level, 'building')))
  )[0]!.n;
  expect(buildings).toBeGreaterThan(5);
});
afterAll(async () => rt.dispose());

describe('scheduled grid tasks', () => {
  it('make exactly one instance per grid per day, across runs and a restart', async () => {
    expect(await rt.services.tasks.generate()).toBe(buildings);
    expect(await rt.services.tasks.generate()).toBe(0);
    // A second process on the same database (a restart, or another worker) makes none either.
    const config = loadAppConfig({
      DATA_DIR: rt.dataDir,
      ANXIAO_DEMO: 'true',
      ANXIAO_SECRET_KEY: TEST_SECRET,
      LOG_LEVEL: 'silent',
    });
    const again = await createRuntime({ config, clock, database: rt.database });
    try {
      expect(await again.services.tasks.generate()).toBe(0);
    } finally {
      await again.close();
    }
    expect(await instances()).toBe(buildings);
    // The next day brings the next day's tasks, once.
    clock.set(new Date('2026-12-01T00:05:00+08:00'));
    expect(await rt.services.tasks.generate()).toBe(buildings);
    expect(await rt.services.tasks.generate()).toBe(0);
    expect(await instances()).toBe(2 * buildings);
    const days = await rt.kernel.db.selectDistinct({ p: taskInstances.periodKey }).from(taskInstances);
    expect(days.map((d) => d.p).sort()).toEqual(['2026-11-30', '2026-12-01']);
  });

  it("escalates the tasks left open past their day to the grid's leader and the one above", async () => {
    const leader = await rt.login('grid.leader');
    // 30 November's tasks were due at 23:59:59; the clock is past it: their jobs run.
    clock.set(new Date('2026-12-01T00:10:00+08:00'));
    // A runner that is not started takes one batch per lane a tick: run until nothing is due.
    while ((await rt.kernel.jobs.tick()) > 0);
    const escalated = await rt.kernel.db
      .select({ n: count() })
      .from(taskInstances)
      .where(and(eq(taskInstances.periodKey, '2026-11-30'), isNotNull(taskInstances.escalatedAt)));
    expect(escalated[0]!.n).toBe(buildings);
    const today = await rt.kernel.db
      .select({ n: count() })
      .from(taskInstances)
      .where(and(eq(taskInstances.periodKey, '2026-12-01'), isNotNull(taskInstances.escalatedAt)));
    expect(today[0]!.n).toBe(0);
    const told = await rt.kernel.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, leader.userId));
    expect(told.map((n) => n.title)).toContain('网格任务逾期未完成');
    expect(told.find((n) => n.title === '网格任务逾期未完成')!.body).toContain(
      '消防安全检查表（2026-11-30）',
    );
  });

  it('makes a custom schedule’s tasks only on its weekdays', async () => {
    const centre = await rt.login('grid.center');
    const templates = (await centre.call('GET', `/api/task-templates?schoolId=${school}`)).json<
      { id: string; code: string }[]
    >();
    const surroundings = templates.find((t) => t.code === 'DOMAIN-SURROUNDINGS')!;
    const [campus] = await rt.kernel.db
      .select({ id: grids.id })
      .from(grids)
      .where(and(eq(grids.schoolId, school), eq(grids.level, 'campus')));
    const missing = await centre.call('POST', '/api/task-schedules', {
      schoolId: school,
      templateId: surroundings.id,
      recurrence: 'custom',
      gridIds: [campus!.id],
    });
    expect(missing.statusCode).toBe(400);
    // Tuesday 1 December: a Monday-and-Thursday schedule makes nothing today …
    const r = await centre.call('POST', '/api/task-schedules', {
      schoolId: school,
      templateId: surroundings.id,
      recurrence: 'custom',
      weekdays: [4, 1],
      gridIds: [campus!.id],
    });
    expect(r.statusCode).toBe(201);
    const s = r.json<{ id: string; weekdays: number[] }>();
    expect(s.weekdays).toEqual([1, 4]);
    const made = () =>
      rt.kernel.db
        .select({ p: taskInstances.periodKey })
        .from(taskInstances)
        .where(eq(taskInstances.scheduleId, s.id));
    expect(await made()).toEqual([]);
    // … and on Thursday one task, due at the end of Thursday.
    clock.set(new Date('2026-12-03T06:00:00+08:00'));
    await rt.services.tasks.generate(s.id);
    await rt.services.tasks.generate(s.id);
    expect(await made()).toEqual([{ p: '2026-12-03' }]);
  });

  it('lists exactly the tasks a board row counts', async () => {
    const centre = await rt.login('grid.center');
    const day = '2026-12-03';
    const board = (await centre.call('GET', `/api/task-board?schoolId=${school}&date=${day}`)).json<{
      rows: { gridId: string; due: number }[];
    }>();
    expect(board.rows.length).toBeGreaterThan(0);
    for (const row of board.rows.slice(0, 3)) {
      const list = await centre.call(
        'GET',
        `/api/tasks?gridId=${row.gridId}&on=${day}&exactGrid=true&pageSize=200`,
      );
      expect(list.json<{ total: number }>().total).toBe(row.due);
    }
  });
});
