import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWorkbook } from '../../src/kernel/sheets/index.js';
import { makeNationalId } from '../../src/modules/people/index.js';
import { uploadImport } from '../support/files.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

interface Import {
  id: string;
  status: string;
  phase: string;
  mode: string;
  done: number;
  total: number;
  summary: { rows: number; create: number; update: number; unchanged: number; invalid: number } | null;
  problems: { row: number; column: string; value: string; reason: { zh: string; en: string } }[] | null;
  problemCount: number;
  failure: { zh: string } | null;
}

let rt: TestRuntime;
let admin: Session;
let school: string;

const STUDENT_HEADERS = ['学号', '姓名', '性别', '班级', '手机号', '身份证号'];

async function sheet(headers: string[], rows: (string | number)[][]) {
  return writeWorkbook([
    { name: 'Sheet1', columns: headers.map((header) => ({ header, text: true })), rows },
  ]);
}

/** Upload, let the job run, and read the finished import. */
async function runImport(kind: string, data: Buffer): Promise<Import> {
  const res = await uploadImport(rt.app, admin, { kind, schoolId: school, data });
  expect(res.statusCode, res.body).toBe(202);
  await rt.kernel.jobs.tick();
  return (await admin.call('GET', `/api/imports/${res.json<Import>().id}`)).json<Import>();
}
async function apply(id: string): Promise<Import> {
  const res = await admin.call('POST', `/api/imports/${id}/apply`);
  expect(res.statusCode, res.body).toBe(202);
  await rt.kernel.jobs.tick();
  return (await admin.call('GET', `/api/imports/${res.json<Import>().id}`)).json<Import>();
}
const studentCount = async () =>
  (await admin.call('GET', `/api/students?schoolId=${school}&pageSize=1`)).json<{ total: number }>().total;

beforeAll(async () => {
  rt = await testRuntime();
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => rt.dispose());

describe('student import', () => {
  it('reports exactly the 5 bad rows of 1,000 with reasons, imports nothing on the dry run, and a second import changes nothing', async () => {
    const rows: (string | number)[][] = [];
    for (let i = 1; i <= 1000; i++) {
      const no = `2025${String(i).padStart(6, '0')}`;
      rows.push([
        no,
        `导入学生${i}`,
        i % 2 ? '男' : '女',
        'DYVTC-C03-2401',
        `139${String(i).padStart(8, '0')}`,
        makeNationalId(`37050220060101${String(i % 1000).padStart(3, '0')}`),
      ]);
    }
    // The five bad rows (Excel rows = index + 2, the header being row 1).
    rows[9]![3] = 'DYVTC-C03-9999'; // row 11: unknown class
    rows[99]![2] = '未知'; // row 101: gender
    rows[299]![0] = rows[298]![0]!; // row 301: same student number as row 300
    rows[499]![5] = '370502200601011230'; // row 501: wrong check digit
    rows[799]![1] = ''; // row 801: name missing
    const before = await studentCount();
    const dry = await runImport('students', await sheet(STUDENT_HEADERS, rows));
    expect(dry.status).toBe('done');
    expect(dry.summary).toEqual({ rows: 1000, create: 995, update: 0, unchanged: 0, invalid: 5 });
    expect(dry.problems!.map((p) => [p.row, p.column])).toEqual([
      [11, '班级'],
      [101, '性别'],
      [301, '学号'],
      [501, '身份证号'],
      [801, '姓名'],
    ]);
    expect(dry.problems!.map((p) => p.reason.zh)).toEqual([
      '班级「DYVTC-C03-9999」不存在',
      '应为以下之一：男、女',
      '与第 300 行重复',
      '身份证号不正确（应为 18 位，校验位不符）',
      '必填，不能为空',
    ]);
    expect(await studentCount()).toBe(before);

    const first = await apply(dry.id);
    expect(first).toMatchObject({ status: 'done', mode: 'apply', summary: { create: 995, invalid: 5 } });
    expect(await studentCount()).toBe(before + 995);

    // The applied sheet is deleted (issue 13 item 5): applying it again means uploading it again,
    // and that changes nothing.
    const again = await admin.call('POST', `/api/imports/${dry.id}/apply`);
    expect(again.json()).toMatchObject({ error: { code: 'imports.file_gone' } });
    const second = await apply((await runImport('students', await sheet(STUDENT_HEADERS, rows))).id);
    expect(second.summary).toEqual({ rows: 1000, create: 0, update: 0, unchanged: 995, invalid: 5 });
    expect(await studentCount()).toBe(before + 995);

    // The imported national IDs are stored encrypted and shown masked.
    const list = (await admin.call('GET', `/api/students?schoolId=${school}&q=2025000001`)).json<{
      items: { id: string; nationalIdMasked: string }[];
    }>();
    expect(list.items[0]!.nationalIdMasked).toMatch(/^370502\*{8}\d{3}[\dX]$/);
    const stored = await rt.kernel.db.execute(
      `select national_id_enc from students where student_no = '2025000001'`,
    );
    expect(JSON.stringify(stored)).not.toContain('37050220060101');
  });

  it('changes a row when the sheet changes, and reports it as an update', async () => {
    const row = ['2026000001', '改名前', '女', 'DYVTC-C03-2401', '', ''];
    await apply((await runImport('students', await sheet(STUDENT_HEADERS, [row]))).id);
    const dry = await runImport(
      'students',
      await sheet(STUDENT_HEADERS, [['2026000001', '改名后', '女', 'DYVTC-C03-2401', '', '']]),
    );
    expect(dry.summary).toMatchObject({ update: 1, create: 0 });
    await apply(dry.id);
    const found = (await admin.call('GET', `/api/students?schoolId=${school}&q=2026000001`)).json<{
      items: { name: string }[];
    }>();
    expect(found.items[0]!.name).toBe('改名后');
  });

  it('refuses a sheet without the required columns, naming them, and a file that is not a spreadsheet', async () => {
    const noClass = await runImport('students', await sheet(['学号', '姓名'], [['1', '甲']]));
    expect(noClass.status).toBe('failed');
    expect(noClass.failure!.zh).toContain('「班级」');
    const notXlsx = await uploadImport(rt.app, admin, {
      kind: 'students',
      schoolId: school,
      data: Buffer.from('学号,姓名\n1,甲'),
    });
    expect(notXlsx.statusCode).toBe(415);
  });

  it('offers a template with Chinese headers and the notes sheet', async () => {
    const res = await admin.call('GET', '/api/imports/templates/students');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('学生导入模板.xlsx'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const headers = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
    expect(headers).toEqual(STUDENT_HEADERS);
    expect(wb.worksheets[1]!.name).toBe('填写说明');
  });
});

describe('rooms, dorm assignments, equipment and grid members', () => {
  it('creates buildings and floors from a room sheet, assigns beds with the room limit, and re-imports change nothing', async () => {
    const rooms = await sheet(
      [
        '楼栋编号',
        '楼栋名称',
        '楼层',
        '房间编号',
        '房间名称',
        '用途',
        '床位/座位数',
        '重点部位',
        '重点部位原因',
      ],
      [
        ['N1', '新建公寓', 1, 'N1-0101', '', '宿舍', 2, '否', ''],
        ['N1', '新建公寓', 1, 'N1-0102', '', '宿舍', 2, '', ''],
        ['N1', '新建公寓', 2, 'N1-0201', '配电间', '设备用房', '', '是', '高压配电'],
      ],
    );
    const dry = await runImport('rooms', rooms);
    expect(dry.summary).toEqual({ rows: 3, create: 3, update: 0, unchanged: 0, invalid: 0 });
    await apply(dry.id);
    expect((await runImport('rooms', rooms)).summary).toMatchObject({ create: 0, update: 0, unchanged: 3 });
    const n1 = (await admin.call('GET', `/api/places?schoolId=${school}&q=N1&pageSize=50`)).json<{
      items: { code: string; kind: string; keyPart: boolean }[];
    }>().items;
    expect(
      n1
        .filter((p) => p.code.startsWith('N1'))
        .map((p) => `${p.kind}:${p.code}`)
        .sort(),
    ).toEqual(['building:N1', 'floor:N1-F1', 'floor:N1-F2', 'room:N1-0101', 'room:N1-0102', 'room:N1-0201']);

    const students = (await admin.call('GET', `/api/students?schoolId=${school}&pageSize=3`)).json<{
      items: { studentNo: string }[];
    }>().items;
    const beds = await sheet(
      ['学号', '房间编号', '床位号'],
      [
        [students[0]!.studentNo, 'N1-0101', '1'],
        [students[1]!.studentNo, 'N1-0101', '1'],
        [students[2]!.studentNo, 'N1-0102', '1'],
      ],
    );
    const bedDry = await runImport('dorm_assignments', beds);
    expect(bedDry.problems!.map((p) => [p.row, p.reason.zh])).toEqual([
      [3, `该床位已住学号 ${students[0]!.studentNo}`],
    ]);
    await apply(bedDry.id);
    const inRoom = (
      await admin.call('GET', `/api/students?schoolId=${school}&q=${students[0]!.studentNo}`)
    ).json<{ items: { roomCode: string; bedNo: string }[] }>();
    expect(inRoom.items[0]).toMatchObject({ roomCode: 'N1-0101', bedNo: '1' });
  });

  it('imports equipment with dates and places, and grid members by account', async () => {
    const eq = await runImport(
      'equipment',
      await sheet(
        ['设备编号', '名称', '类型', '型号规格', '数量', '位置编号', '状态', '上次检查日期', '下次检查日期'],
        [
          ['EQ-N1-1', '新建公寓灭火器', '灭火器', '干粉4kg', 2, 'N1-0101', '正常', '2026/3/1', '2026-04-01'],
          ['EQ-N1-2', '坏日期', '灭火器', '', '', 'N1-0101', '', '2026-13-01', ''],
          ['EQ-N1-3', '不存在的位置', '消火栓', '', '', 'NOPE', '', '', ''],
        ],
      ),
    );
    expect(eq.problems!.map((p) => [p.row, p.column])).toEqual([
      [3, '上次检查日期'],
      [4, '位置编号'],
    ]);
    await apply(eq.id);
    const list = (await admin.call('GET', `/api/equipment?schoolId=${school}&q=EQ-N1`)).json<{
      items: { code: string; lastInspectedOn: string; placeCode: string }[];
    }>();
    expect(list.items).toEqual([
      expect.objectContaining({ code: 'EQ-N1-1', lastInspectedOn: '2026-03-01', placeCode: 'N1-0101' }),
    ]);

    const members = await runImport(
      'grid_members',
      await sheet(
        ['网格编号', '账号', '岗位'],
        [
          ['G-S03', 'guard', '网格员'],
          ['G-S03', 'nobody', '网格员'],
        ],
      ),
    );
    expect(members.summary).toMatchObject({ create: 1, invalid: 1 });
    expect(members.problems![0]!.reason.zh).toBe('本校账号「nobody」不存在');
  });
});

describe('people: exports and the national ID', () => {
  it('exports the student list with the filters applied, national IDs masked', async () => {
    const cls = await orgId(rt, 'DYVTC-C03-2401');
    const list = { total: 0, items: [] as { studentNo: string }[] };
    for (let page = 1; page === 1 || list.items.length < list.total; page++) {
      const r = (
        await admin.call('GET', `/api/students?schoolId=${school}&orgId=${cls}&pageSize=500&page=${page}`)
      ).json<typeof list>();
      list.total = r.total;
      list.items.push(...r.items);
    }
    // The other classes' students are not in it.
    expect(list.total).toBeLessThan(await studentCount());
    const res = await admin.call('GET', `/api/students/export.xlsx?schoolId=${school}&orgId=${cls}`);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.rowCount - 1).toBe(list.total);
    const header = (ws.getRow(1).values as string[]).slice(1);
    expect(header).toContain('身份证号(脱敏)');
    const ids = ws.getColumn(header.indexOf('身份证号(脱敏)') + 1).values.slice(2) as string[];
    expect(ids.filter(Boolean).every((v) => /^\d{6}\*{8}\d{3}[\dX]$/.test(v))).toBe(true);
    expect((ws.getColumn(1).values.slice(2) as string[]).sort()).toEqual(
      list.items.map((s) => s.studentNo).sort(),
    );
  });

  it('reveals a full national ID only to whoever may, and audits each reveal', async () => {
    const [student] = (await admin.call('GET', `/api/students?schoolId=${school}&q=2025000002`)).json<{
      items: { id: string }[];
    }>().items;
    const shown = await admin.call('POST', `/api/students/${student!.id}/national-id`);
    expect(shown.json<{ nationalId: string }>().nationalId).toMatch(/^37050220060101\d{3}[\dX]$/);
    const center = await rt.login('grid.center');
    expect((await center.call('POST', `/api/students/${student!.id}/national-id`)).statusCode).toBe(403);
    const audit = (await admin.call('GET', `/api/audit?action=people.reveal_national_id&pageSize=10`)).json<{
      items: { targetId: string; sensitive: boolean }[];
    }>();
    expect(audit.items).toEqual([expect.objectContaining({ targetId: student!.id, sensitive: true })]);
  });
});

describe('who may import', () => {
  it('offers a grid leader no import: imports are per school, and a grid position is not the school', async () => {
    const leader = await rt.login('grid.leader');
    expect((await leader.call('GET', '/api/imports/kinds')).json<{ items: unknown[] }>().items).toEqual([]);
    const center = await rt.login('grid.center');
    const kinds = (await center.call('GET', '/api/imports/kinds')).json<{ items: { kind: string }[] }>()
      .items;
    expect(kinds.map((k) => k.kind)).toEqual(['grid_members']);
  });
});

describe('student organisations', () => {
  it('lists the members of an organisation, and a counselor only those of their college', async () => {
    const groups = (await admin.call('GET', `/api/student-groups?schoolId=${school}`)).json<{
      items: { id: string; orgName: string; members: number }[];
    }>().items;
    const schoolWide = groups.find((g) => g.orgName === '东营职业学院' && g.members > 0)!;
    const all = (await admin.call('GET', `/api/student-groups/${schoolWide.id}/members`)).json<{
      items: { studentNo: string; collegeName: string }[];
    }>();
    expect(all.items.length).toBe(schoolWide.members);
    const c03 = groups.find((g) => g.orgName === '信息工程学院' && g.members > 0)!;
    const counselor = await rt.login('counselor');
    const seen = (await counselor.call('GET', `/api/student-groups/${c03.id}/members`)).json<{
      items: { collegeName: string }[];
    }>();
    expect(seen.items.length).toBe(c03.members);
    expect(seen.items.every((m) => m.collegeName === '信息工程学院')).toBe(true);
    // A school-wide organisation is not the counselor's to list.
    expect((await counselor.call('GET', `/api/student-groups/${schoolWide.id}/members`)).statusCode).toBe(
      404,
    );
  });
});
