import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/kernel/db.js';
import { files } from '../../src/kernel/files/files.tables.js';
import { IMPORT_FILES_SWEEP_JOB, imports, writeWorkbook } from '../../src/kernel/sheets/index.js';
import { makeNationalId } from '../../src/modules/people/index.js';
import { uploadImport } from '../support/files.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';
import { xlsxBomb } from '../support/xlsx-bomb.js';

/**
 * Issue 13, items 1, 5 and 13a for imports: a crafted spreadsheet is refused while it streams and
 * never takes the alarm path down; an import's sheet (national IDs in clear) is read only by its
 * importer and school admins, audited, and deleted when the import is over; a refused upload
 * leaves nothing behind.
 */

interface Import {
  id: string;
  status: string;
  summary: { rows: number; create: number; invalid: number } | null;
  problems: { row: number; column: string; value: string }[] | null;
  failure: { code?: string; zh: string; en: string } | null;
}

let rt: TestRuntime;
let admin: Session;
let school: string;

const STUDENT_HEADERS = ['学号', '姓名', '性别', '班级', '手机号', '身份证号'];
const sheet = (headers: string[], rows: string[][]) =>
  writeWorkbook([{ name: 'Sheet1', columns: headers.map((header) => ({ header, text: true })), rows }]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const finished = (s: Session, id: string) =>
  until(`import ${id}`, async () => {
    const r = (await s.call('GET', `/api/imports/${id}`)).json<Import>();
    return r.status === 'done' || r.status === 'failed' ? r : undefined;
  });

async function upload(s: Session, kind: string, data: Buffer): Promise<string> {
  const res = await uploadImport(rt.app, s, { kind, schoolId: school, data });
  expect(res.statusCode, res.body).toBe(202);
  return res.json<Import>().id;
}

const fileOf = async (importId: string) =>
  (await rt.kernel.db.select().from(imports).where(eq(imports.id, importId)))[0]!.fileId;

function filesOnDisk(): string[] {
  const root = path.join(rt.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) =>
    fs.statSync(path.join(root, f)).isFile(),
  );
}
const fileRows = async () =>
  Number((await rt.kernel.db.select({ n: sql<number>`count(*)` }).from(files))[0]!.n);

beforeAll(async () => {
  rt = await testRuntime({ env: { JOBS_POLL_MS: '100' } });
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => {
  await rt.kernel.jobs.stop();
  await rt.dispose();
});

describe('a spreadsheet bomb (item 1)', () => {
  it('is refused while it streams, as a student and as a grid-member import, while an alarm raised meanwhile escalates on time', async () => {
    // ~400 KB that inflate to 400 MB in one shared string; the student one lies about its size
    // in the zip directory, so only counting while inflating can catch it.
    const studentBomb = await xlsxBomb({
      headers: STUDENT_HEADERS,
      row: ['2025990001', '', '男', 'DYVTC-C03-2401', '', ''],
      bombColumn: 1,
      megabytes: 400,
      lie: true,
    });
    const gridBomb = await xlsxBomb({
      headers: ['网格编号', '账号', '岗位'],
      row: ['G-S03', '', '网格员'],
      bombColumn: 1,
      megabytes: 400,
    });
    expect(studentBomb.length).toBeLessThan(1024 * 1024);
    expect(gridBomb.length).toBeLessThan(1024 * 1024);

    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 10);
    const filesBefore = await fileRows();
    rt.kernel.jobs.start();
    try {
      const center = await rt.login('grid.center');
      const studentImport = await upload(admin, 'students', studentBomb);
      const gridImport = await upload(center, 'grid_members', gridBomb);

      // An alarm while the imports run: stored at once, escalated as soon as it is due.
      const student = await rt.login('student');
      // The chain's first step calls the guards on duty.
      const guard = await rt.login('guard');
      const sos = await student.call('POST', '/api/alarms/sos', {
        idempotencyKey: 'sos-during-import-0001',
        alarmClass: 'staff_assist',
      });
      expect(sos.statusCode, sos.body).toBe(201);
      const incidentId = sos.json<{ id: string }>().id;
      rt.clock.advance(31_000);
      const due = Date.now();
      await until(
        'the escalation',
        async () => {
          const items = (await guard.call('GET', '/api/notifications')).json<{
            items: { title: string; link: string | null }[];
          }>().items;
          return items.find((n) => n.link?.endsWith(incidentId) && n.title === '一键报警 30 秒无人确认');
        },
        10_000,
      );
      const escalatedAfterMs = Date.now() - due;
      expect(escalatedAfterMs).toBeLessThan(3_000);

      const refused = await finished(admin, studentImport);
      expect(refused.status).toBe('failed');
      expect(refused.failure).toMatchObject({ code: 'sheets.too_large' });
      expect(refused.failure!.zh).toContain('有单元格超过 32,767 个字符');
      expect(refused.failure!.en).toContain('a cell holds more than 32,767 characters');
      const refusedGrid = await finished(center, gridImport);
      expect(refusedGrid.status).toBe('failed');
      expect(refusedGrid.failure).toMatchObject({ code: 'sheets.too_large' });
      expect(refusedGrid.failure!.zh).toContain('其中一个部件解压后超过 128 MB');

      // Nothing of either is kept: a failed import's sheet is deleted at once.
      expect(await fileRows()).toBe(filesBefore);
      // The incident is stored and still ringing for the console.
      const inc = await center.call('GET', `/api/incidents/${incidentId}`);
      expect(inc.json<{ status: string }>().status).toBe('raised');
      console.log(
        `zip bomb: RSS at start ${Math.round(rssStart / 2 ** 20)} MB, peak ${Math.round(rssPeak / 2 ** 20)} MB; escalation ${escalatedAfterMs} ms after due`,
      );
      expect(rssPeak).toBeLessThan(1.5 * 2 ** 30);
      expect(rssPeak - rssStart).toBeLessThan(400 * 2 ** 20);
    } finally {
      clearInterval(sampler);
      await rt.kernel.jobs.stop();
    }
  });

  it('leaves an ordinary import working, read in the worker and applied', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => [
      `20259800${String(i).padStart(2, '0')}`,
      `普通导入${i}`,
      '女',
      'DYVTC-C03-2401',
      '',
      '',
    ]);
    const id = await upload(admin, 'students', await sheet(STUDENT_HEADERS, lines));
    await rt.kernel.jobs.tick();
    const dry = (await admin.call('GET', `/api/imports/${id}`)).json<Import>();
    expect(dry).toMatchObject({ status: 'done', summary: { rows: 30, create: 30, invalid: 0 } });
    const applied = await admin.call('POST', `/api/imports/${id}/apply`);
    await rt.kernel.jobs.tick();
    const done = (await admin.call('GET', `/api/imports/${applied.json<Import>().id}`)).json<Import>();
    expect(done).toMatchObject({ status: 'done', summary: { create: 30 } });
    const found = (await admin.call('GET', `/api/students?schoolId=${school}&q=2025980029`)).json<{
      items: { name: string }[];
    }>();
    expect(found.items.map((s) => s.name)).toEqual(['普通导入29']);
  });
});

describe('an import whose worker died every time (item 1)', () => {
  it('is given up after its attempts instead of being claimed again and again, and says why', async () => {
    admin = await rt.login('school.admin');
    const id = await upload(
      admin,
      'students',
      await sheet(STUDENT_HEADERS, [['2025960001', '己', '男', 'DYVTC-C03-2401', '', '']]),
    );
    // As after the third crash: the job is running on a dead worker whose lease has run out.
    const past = new Date(rt.clock.now().getTime() - 1_000).toISOString();
    await rt.kernel.db.execute(
      sql`update jobs set status = 'running', attempts = max_attempts, locked_by = 'dead',
            locked_until = ${past}::timestamptz
          where queue = 'imports.run' and payload->>'importId' = ${id}`,
    );
    await rt.kernel.db.update(imports).set({ status: 'running', phase: 'reading' }).where(eq(imports.id, id));
    await rt.kernel.jobs.tick();
    const gaveUp = (await admin.call('GET', `/api/imports/${id}`)).json<Import>();
    expect(gaveUp.status).toBe('failed');
    expect(gaveUp.failure).toMatchObject({ code: 'imports.gave_up' });
    expect(gaveUp.failure!.en).toContain('lease expired 3 times: the worker died while running it');
    const [jobRow] = await rows<{ status: string; last_error: string }>(
      rt.kernel.db,
      sql`select status, last_error from jobs where queue = 'imports.run' and payload->>'importId' = ${id}`,
    );
    expect(jobRow).toMatchObject({ status: 'failed' });
    expect(jobRow!.last_error).toContain('lease expired on attempt 3 of 3');
    expect((await admin.call('GET', `/api/files/${await fileOf(id)}`)).statusCode).toBe(404);
  });
});

describe("an import's sheet (item 5)", () => {
  it('is read only by its importer and school admins, each read audited, and deleted once applied', async () => {
    const id = await upload(
      admin,
      'students',
      await sheet(STUDENT_HEADERS, [
        ['2025970001', '甲', '男', 'DYVTC-C03-2401', '13812345678', makeNationalId('37050220060101001')],
      ]),
    );
    const fileId = await fileOf(id);
    for (const who of ['police', 'supervisor', 'guard', 'grid.center', 'primary.admin', 'counselor']) {
      const s = await rt.login(who);
      expect((await s.call('GET', `/api/files/${fileId}`)).statusCode, who).toBe(404);
    }
    const read = await admin.call('GET', `/api/files/${fileId}`);
    expect(read.statusCode).toBe(200);
    const audit = (await admin.call('GET', `/api/audit?action=file.read_import&pageSize=10`)).json<{
      items: { targetId: string; sensitive: boolean; actorName: string }[];
    }>();
    expect(audit.items).toEqual([expect.objectContaining({ targetId: fileId, sensitive: true })]);

    await rt.kernel.jobs.tick();
    const apply = await admin.call('POST', `/api/imports/${id}/apply`);
    expect(apply.statusCode).toBe(202);
    await rt.kernel.jobs.tick();
    expect((await admin.call('GET', `/api/imports/${apply.json<Import>().id}`)).json<Import>().status).toBe(
      'done',
    );
    expect(await rt.kernel.db.select().from(files).where(eq(files.id, fileId))).toEqual([]);
    expect(filesOnDisk().some((f) => f.includes(fileId))).toBe(false);
    expect((await admin.call('GET', `/api/files/${fileId}`)).statusCode).toBe(404);
  });

  it('of a dry run never applied is kept for IMPORTS_FILE_RETENTION_HOURS (24), then swept by the job', async () => {
    const id = await upload(
      admin,
      'students',
      await sheet(STUDENT_HEADERS, [['2025970002', '乙', '女', 'DYVTC-C03-2401', '', '']]),
    );
    await rt.kernel.jobs.tick();
    const fileId = await fileOf(id);
    const sweep = async () => {
      await rt.kernel.jobs.enqueue(rt.kernel.db, IMPORT_FILES_SWEEP_JOB, {});
      await rt.kernel.jobs.tick();
      // a day later the session has expired
      admin = await rt.login('school.admin');
    };
    rt.clock.advance(23 * 3_600_000);
    await sweep();
    expect((await admin.call('GET', `/api/files/${fileId}`)).statusCode).toBe(200);
    rt.clock.advance(2 * 3_600_000);
    await sweep();
    expect((await admin.call('GET', `/api/files/${fileId}`)).statusCode).toBe(404);
    expect(filesOnDisk().some((f) => f.includes(fileId))).toBe(false);
    const late = await admin.call('POST', `/api/imports/${id}/apply`);
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ error: { code: 'imports.file_gone' } });
  });

  it('reports problems with national IDs and phones masked and long cells cut short', async () => {
    admin = await rt.login('school.admin');
    const badId = '370502200601011230';
    const id = await upload(
      admin,
      'students',
      await sheet(STUDENT_HEADERS, [
        ['2025970003', '丙', '男', 'DYVTC-C03-2401', '1381234567', badId],
        ['2025970004', '丁'.repeat(5000), '男', 'DYVTC-C03-2401', '', ''],
        ['2025970005', '戊', '男', `班${'级'.repeat(3000)}`, '', ''],
      ]),
    );
    await rt.kernel.jobs.tick();
    const dry = (await admin.call('GET', `/api/imports/${id}`)).json<Import>();
    const values = Object.fromEntries(dry.problems!.map((p) => [`${p.row}:${p.column}`, p.value]));
    expect(values['2:身份证号']).toBe('370502********1230');
    expect(values['2:手机号']).toBe('138****4567');
    expect(values['3:姓名']).toBe(`${'丁'.repeat(100)}…`);
    expect(values['4:班级']).toBe(`班${'级'.repeat(99)}…`);
    expect(JSON.stringify(dry)).not.toContain(badId);
    expect(JSON.stringify(dry)).not.toContain('1381234567');
    expect(JSON.stringify(dry).length).toBeLessThan(5_000);
  });
});

describe('a refused import upload (item 13a)', () => {
  it('leaves no file row and no file on disk', async () => {
    admin = await rt.login('school.admin');
    const rowsBefore = await fileRows();
    const diskBefore = filesOnDisk().length;
    for (const data of [
      Buffer.from('学号,姓名\n1,甲'),
      Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF'),
    ]) {
      const res = await uploadImport(rt.app, admin, { kind: 'students', schoolId: school, data });
      expect(res.statusCode).toBe(415);
    }
    expect(await fileRows()).toBe(rowsBefore);
    expect(filesOnDisk().length).toBe(diskBefore);
  });
});
