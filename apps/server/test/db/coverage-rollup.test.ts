import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../src/kernel/sheets/index.js';
import { uploadImport } from '../support/files.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

interface Coverage {
  generatedAt: string;
  gaps: { kind: string; level: string; id: string; code: string }[];
  studentsWithoutBed: number;
}

let rt: TestRuntime;
let admin: Session;
let school: string;

const coverage = async (refresh = false) => {
  const r = await admin.call('GET', `/api/coverage?schoolId=${school}${refresh ? '&refresh=true' : ''}`);
  expect(r.statusCode).toBe(200);
  return r.json<Coverage>();
};
const minute = 60_000;
/**
 * The relay and the event consumers catch up. nudge() waits for a round already running (the bus
 * wakes the consumers on publication) and runs one more, where drainAll() would skip a consumer
 * that round holds.
 */
const settle = async () => {
  await rt.kernel.relay.nudge();
  await rt.kernel.consumers.nudge();
};
/** …then every due job runs */
const drain = async () => {
  await settle();
  while ((await rt.kernel.jobs.tick()) > 0);
};

beforeAll(async () => {
  rt = await testRuntime();
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => rt.dispose());

describe('the coverage report kept as a rollup', () => {
  it('is computed on the first read and read back while nothing changed', async () => {
    const first = await coverage();
    expect(new Date(first.generatedAt).getTime()).toBe(rt.clock.now().getTime());
    rt.clock.advance(5 * minute);
    await drain();
    const again = await coverage();
    expect(again.generatedAt).toBe(first.generatedAt);
    expect(again).toEqual(first);
  });

  it('after a student loses their bed, the background job computes it again; reads then return that report', async () => {
    const before = await coverage();
    const student = (
      await admin.call('GET', `/api/students?schoolId=${school}&bed=assigned&pageSize=1`)
    ).json<{ items: { id: string }[] }>().items[0]!;
    rt.clock.advance(minute);
    expect((await admin.call('PATCH', `/api/students/${student.id}`, { bedPlaceId: null })).statusCode).toBe(
      200,
    );
    // The change's event queues one job, run a little later so that a burst of changes is computed once.
    await settle();
    rt.clock.advance(minute);
    const jobRanAt = rt.clock.now().toISOString();
    while ((await rt.kernel.jobs.tick()) > 0);

    rt.clock.advance(minute);
    const after = await coverage();
    expect(after.generatedAt).toBe(jobRanAt);
    expect(after.studentsWithoutBed).toBe(before.studentsWithoutBed + 1);
    rt.clock.advance(minute);
    expect((await coverage()).generatedAt).toBe(jobRanAt);
  });

  it('a read right after a change, before any job ran, already shows it', async () => {
    const lib = (await admin.call('GET', `/api/places?schoolId=${school}&q=LIB&pageSize=50`))
      .json<{ items: { id: string; code: string }[] }>()
      .items.find((p) => p.code === 'LIB')!;
    rt.clock.advance(minute);
    const room = await admin.call('POST', '/api/places', {
      schoolId: school,
      parentId: lib.id,
      kind: 'room',
      code: 'LIB-STORE',
      name: '储藏室',
    });
    expect(room.statusCode).toBe(201);
    const now = await coverage();
    expect(now.generatedAt).toBe(rt.clock.now().toISOString());
    expect(now.gaps.filter((g) => g.code === 'LIB-STORE').map((g) => g.level)).toEqual(['floor']);
    // The job queued by that change finds the report up to date and leaves it alone.
    await settle();
    rt.clock.advance(minute);
    while ((await rt.kernel.jobs.tick()) > 0);
    expect((await coverage()).generatedAt).toBe(now.generatedAt);
  });

  it('rooms an applied import writes are in the next read (the import writes an event per batch)', async () => {
    const stored = await coverage();
    rt.clock.advance(minute);
    const data = await writeWorkbook([
      {
        name: 'Sheet1',
        columns: [
          '楼栋编号',
          '楼栋名称',
          '楼层',
          '房间编号',
          '房间名称',
          '用途',
          '床位/座位数',
          '重点部位',
          '重点部位原因',
        ].map((header) => ({ header, text: true })),
        rows: [['X1', '新建实验楼', 1, 'X1-0101', '配电间', '设备用房', '', '否', '']],
      },
    ]);
    const up = await uploadImport(rt.app, admin, { kind: 'rooms', schoolId: school, data });
    expect(up.statusCode, up.body).toBe(202);
    await rt.kernel.jobs.tick();
    const applied = await admin.call('POST', `/api/imports/${up.json<{ id: string }>().id}/apply`);
    expect(applied.statusCode, applied.body).toBe(202);
    await rt.kernel.jobs.tick();
    const after = await coverage();
    expect(after.generatedAt).not.toBe(stored.generatedAt);
    expect(stored.gaps.some((g) => g.code === 'X1-0101')).toBe(false);
    expect(after.gaps.filter((g) => g.code === 'X1-0101').map((g) => g.level)).toEqual(
      expect.arrayContaining(['building', 'floor']),
    );
  });

  it('重新检查 (refresh=true) computes it now', async () => {
    const stored = await coverage();
    rt.clock.advance(minute);
    const fresh = await coverage(true);
    expect(fresh.generatedAt).toBe(rt.clock.now().toISOString());
    expect(fresh.generatedAt).not.toBe(stored.generatedAt);
    expect({ ...fresh, generatedAt: stored.generatedAt }).toEqual(stored);
    expect((await admin.call('GET', `/api/coverage?schoolId=${school}&refresh=yes`)).statusCode).toBe(400);
  });
});
