import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/kernel/db.js';
import { writeWorkbook } from '../../src/kernel/sheets/index.js';
import { uploadImport } from '../support/files.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

/**
 * Bulk writes leave the planner with fresh statistics (ANALYZE): the seed and an applied import.
 * pg_class.reltuples is what the planner believes a table holds; only VACUUM, ANALYZE or an index
 * build set it, never an INSERT, so it matches count(*) only if ANALYZE ran after the write.
 */
let rt: TestRuntime;
let admin: Session;
let school: string;

async function planned(table: string) {
  const [r] = await rows<{ reltuples: number; actual: number }>(
    rt.kernel.db,
    sql.raw(
      `select (select reltuples::int from pg_class where oid = '${table}'::regclass) as reltuples,
              (select count(*)::int from ${table}) as actual`,
    ),
  );
  return r!;
}

async function lastAnalyze(table: string): Promise<Date | null> {
  const [r] = await rows<{ at: string | Date | null }>(
    rt.kernel.db,
    sql`select last_analyze as at from pg_stat_user_tables where relname = ${table}`,
  );
  return r?.at ? new Date(r.at) : null;
}

beforeAll(async () => {
  rt = await testRuntime();
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => rt.dispose());

describe('planner statistics after bulk writes', () => {
  it('the demo seed leaves every table it filled analyzed', async () => {
    for (const table of ['students', 'places', 'grids', 'grid_bindings', 'requests']) {
      const p = await planned(table);
      expect(p.actual, table).toBeGreaterThan(0);
      expect(p.reltuples, table).toBe(p.actual);
    }
    if (rt.kernel.dbKind === 'postgres') expect(await lastAnalyze('students')).not.toBeNull();
  });

  it('an applied student import analyzes the students table; a dry run does not', async () => {
    const before = await planned('students');
    const stamp = rt.kernel.dbKind === 'postgres' ? await lastAnalyze('students') : null;
    const rowsIn: string[][] = [];
    for (let i = 1; i <= 300; i++)
      rowsIn.push([
        `2026${String(i).padStart(6, '0')}`,
        `统计学生${i}`,
        i % 2 ? '男' : '女',
        'DYVTC-C03-2401',
      ]);
    const data = await writeWorkbook([
      {
        name: 'Sheet1',
        columns: ['学号', '姓名', '性别', '班级'].map((header) => ({ header, text: true })),
        rows: rowsIn,
      },
    ]);
    const dry = await uploadImport(rt.app, admin, { kind: 'students', schoolId: school, data });
    expect(dry.statusCode, dry.body).toBe(202);
    while ((await rt.kernel.jobs.tick()) > 0);
    expect((await planned('students')).reltuples).toBe(before.actual);

    const res = await admin.call('POST', `/api/imports/${dry.json<{ id: string }>().id}/apply`);
    expect(res.statusCode, res.body).toBe(202);
    while ((await rt.kernel.jobs.tick()) > 0);
    const after = await planned('students');
    expect(after.actual).toBe(before.actual + 300);
    expect(after.reltuples).toBe(after.actual);
    if (rt.kernel.dbKind === 'postgres') {
      const now = await lastAnalyze('students');
      expect(now).not.toBeNull();
      expect(now!.getTime()).toBeGreaterThan(stamp?.getTime() ?? 0);
    }
  });
});
