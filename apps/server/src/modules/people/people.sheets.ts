import type { FieldCrypto } from '../../kernel/crypto.js';
import { newId } from '../../kernel/ids.js';
import { issue, masks, type Importer, type RowIssue, type WriteSheet } from '../../kernel/sheets/index.js';
import { listOrgSubtree, type OrgRow } from '../orgs/index.js';
import { placesOfSchool, type PlaceRow } from '../places/index.js';
import { maskNationalId, validNationalId, validPhone } from './people.model.js';
import * as repo from './people.repository.js';
import type { presentStudent } from './people.service.js';
import { type STAFF_KINDS } from './people.tables.js';

const GENDER_LABELS = { male: '男', female: '女' } as const;
const STATUS_LABELS = { enrolled: '在校', suspended: '休学', graduated: '毕业', withdrawn: '退学' } as const;
export const STAFF_KIND_LABELS: Record<(typeof STAFF_KINDS)[number], string> = {
  teacher: '教师',
  staff: '职工',
  guard: '保安',
  volunteer: '志愿者',
};

export function studentSheet(rows: ReturnType<typeof presentStudent>[]): WriteSheet {
  return {
    name: '学生',
    columns: [
      { header: '学号', text: true, width: 14 },
      { header: '姓名' },
      { header: '性别' },
      { header: '学院', width: 18 },
      { header: '班级', width: 18 },
      { header: '手机号', text: true, width: 14 },
      { header: '身份证号(脱敏)', text: true, width: 22 },
      { header: '宿舍', text: true, width: 14 },
      { header: '床位号', text: true },
      { header: '状态' },
    ],
    rows: rows.map((s) => [
      s.studentNo,
      s.name,
      s.gender ? GENDER_LABELS[s.gender] : '',
      s.collegeName,
      s.className,
      s.phone,
      s.nationalIdMasked,
      s.roomCode,
      s.bedNo,
      STATUS_LABELS[s.status],
    ]),
  };
}

export function staffSheet(
  rows: {
    staffNo: string;
    name: string;
    gender: 'male' | 'female' | null;
    orgName: string;
    kind: keyof typeof STAFF_KIND_LABELS;
    title: string | null;
    phone: string | null;
  }[],
): WriteSheet {
  return {
    name: '教职工',
    columns: [
      { header: '工号', text: true, width: 14 },
      { header: '姓名' },
      { header: '性别' },
      { header: '部门', width: 18 },
      { header: '类别' },
      { header: '职务', width: 14 },
      { header: '手机号', text: true, width: 14 },
    ],
    rows: rows.map((s) => [
      s.staffNo,
      s.name,
      s.gender ? GENDER_LABELS[s.gender] : '',
      s.orgName,
      STAFF_KIND_LABELS[s.kind],
      s.title,
      s.phone,
    ]),
  };
}

const GROUP_KIND_LABELS = {
  club: '社团',
  association: '协会',
  union: '学生会',
  volunteer: '志愿服务',
  other: '其他',
} as const;

export function groupSheet(
  rows: {
    name: string;
    kind: keyof typeof GROUP_KIND_LABELS;
    orgName: string;
    advisor: string | null;
    members: number;
  }[],
): WriteSheet {
  return {
    name: '学生组织',
    columns: [
      { header: '名称', width: 28 },
      { header: '类别' },
      { header: '所属', width: 18 },
      { header: '指导教师' },
      { header: '成员数' },
    ],
    rows: rows.map((g) => [g.name, GROUP_KIND_LABELS[g.kind], g.orgName, g.advisor, g.members]),
  };
}

function gender(column: string, v: string, issues: RowIssue[]): 'male' | 'female' | null {
  if (!v) return null;
  if (v === '男' || v.toLowerCase() === 'm' || v.toLowerCase() === 'male') return 'male';
  if (v === '女' || v.toLowerCase() === 'f' || v.toLowerCase() === 'female') return 'female';
  issues.push(issue.oneOf(column, ['男', '女']));
  return null;
}

function phoneOf(column: string, v: string, issues: RowIssue[]): string | null {
  if (!v) return null;
  const p = v.replace(/\s/g, '');
  if (!validPhone(p))
    issues.push(
      issue.custom(
        column,
        '手机号应为 11 位数字（座机如 0546-8060110）',
        'an 11-digit mobile or a landline such as 0546-8060110',
      ),
    );
  return p;
}

const NUMBER_RE = /^[A-Za-z0-9-]{1,30}$/;
function numberOf(column: string, v: string, issues: RowIssue[]) {
  if (!v) issues.push(issue.required(column));
  else if (!NUMBER_RE.test(v))
    issues.push(
      issue.custom(column, '只能包含字母、数字和 -，最长 30 位', 'letters, digits and - only, up to 30'),
    );
}

function nameOf(column: string, v: string, issues: RowIssue[]) {
  if (!v) issues.push(issue.required(column));
  else if (v.length > 50) issues.push(issue.tooLong(column, 50));
}

/** Organisations of the school by code and by name (a name counts only if it is unique). */
function orgLookup(list: OrgRow[], kinds: string[]) {
  const byCode = new Map<string, OrgRow>();
  const byName = new Map<string, OrgRow | null>();
  for (const o of list) {
    if (!kinds.includes(o.kind)) continue;
    byCode.set(o.code, o);
    byName.set(o.name, byName.has(o.name) ? null : o);
  }
  return (v: string) => byCode.get(v) ?? byName.get(v) ?? undefined;
}

interface StudentIn {
  studentNo: string;
  name: string;
  gender: 'male' | 'female' | null;
  orgId: string;
  phone: string | null;
  nationalId: string | null;
}
interface StudentPrep {
  classOf: (v: string) => OrgRow | undefined;
  existing: Map<string, repo.StudentRow>;
}

/** 学生导入 (upsert by 学号). A national ID given is encrypted; left blank keeps the stored one. */
export function studentsImporter(crypto: FieldCrypto): Importer<StudentPrep, StudentIn> {
  return {
    kind: 'students',
    tables: ['students'],
    title: { zh: '学生', en: 'Students' },
    permission: 'people.manage',
    keyColumn: 'studentNo',
    columns: [
      {
        key: 'studentNo',
        header: '学号',
        headerEn: 'Student number',
        required: true,
        note: '全校唯一',
        example: '2024000001',
      },
      { key: 'name', header: '姓名', headerEn: 'Name', required: true, example: '张小明' },
      { key: 'gender', header: '性别', headerEn: 'Gender', note: '男 / 女' },
      {
        key: 'class',
        header: '班级',
        headerEn: 'Class',
        required: true,
        note: '班级代码（如 DYVTC-C03-2401）或本校唯一的班级名称',
      },
      { key: 'phone', header: '手机号', headerEn: 'Phone', note: '11 位', mask: masks.phone },
      {
        key: 'nationalId',
        header: '身份证号',
        headerEn: 'National ID',
        note: '18 位，请设为文本格式；加密保存，页面只显示脱敏号码',
        mask: masks.nationalId,
      },
    ],
    async prepare(ex, ctx) {
      const [orgList, existing] = await Promise.all([
        listOrgSubtree(ex, ctx.school.path),
        repo.studentsOfSchool(ex, ctx.school.id),
      ]);
      return {
        classOf: orgLookup(orgList, ['class']),
        existing: new Map(existing.map((s) => [s.studentNo, s])),
      };
    },
    parse(c, prep) {
      const issues: RowIssue[] = [];
      numberOf('studentNo', c.studentNo!, issues);
      nameOf('name', c.name!, issues);
      const g = gender('gender', c.gender!, issues);
      const cls = c.class ? prep.classOf(c.class) : undefined;
      if (!c.class) issues.push(issue.required('class'));
      else if (!cls) issues.push(issue.notFound('class', { zh: '班级', en: 'class' }, c.class));
      const phone = phoneOf('phone', c.phone!, issues);
      let nationalId: string | null = null;
      if (c.nationalId) {
        nationalId = c.nationalId.replace(/\s/g, '').toUpperCase();
        if (/e\+/i.test(c.nationalId) || /^\d{15,17}$/.test(nationalId))
          issues.push(
            issue.custom(
              'nationalId',
              '身份证号被 Excel 当作数字截断了，请把该列设为文本后重新填写',
              'Excel stored the ID as a number and lost digits; format the column as text',
            ),
          );
        else if (!validNationalId(nationalId))
          issues.push(
            issue.custom(
              'nationalId',
              '身份证号不正确（应为 18 位，校验位不符）',
              'not a valid 18-character ID (check digit)',
            ),
          );
      }
      if (issues.length) return { ok: false, issues };
      return {
        ok: true,
        key: c.studentNo!,
        value: { studentNo: c.studentNo!, name: c.name!, gender: g, orgId: cls!.id, phone, nationalId },
      };
    },
    compare(v, prep) {
      const s = prep.existing.get(v.studentNo);
      if (!s) return 'create';
      const same =
        s.name === v.name &&
        s.gender === v.gender &&
        s.orgId === v.orgId &&
        s.phone === v.phone &&
        (!v.nationalId || s.nationalIdHash === crypto.lookupHash(v.nationalId));
      return same ? 'unchanged' : 'update';
    },
    async apply(tx, ctx, values) {
      await repo.upsertStudents(
        tx,
        values.map((v) => ({
          id: newId(),
          schoolId: ctx.school.id,
          orgId: v.orgId,
          studentNo: v.studentNo,
          name: v.name,
          gender: v.gender,
          phone: v.phone,
          ...(v.nationalId
            ? {
                nationalIdEnc: crypto.encrypt(v.nationalId),
                nationalIdHash: crypto.lookupHash(v.nationalId),
                nationalIdMasked: maskNationalId(v.nationalId),
              }
            : {}),
          createdAt: ctx.now,
          updatedAt: ctx.now,
        })),
      );
    },
  };
}

interface StaffIn {
  staffNo: string;
  name: string;
  gender: 'male' | 'female' | null;
  orgId: string;
  kind: (typeof STAFF_KINDS)[number];
  title: string | null;
  phone: string | null;
}
interface StaffPrep {
  orgOf: (v: string) => OrgRow | undefined;
  existing: Map<string, repo.StaffRow>;
}

export const staffImporter: Importer<StaffPrep, StaffIn> = {
  kind: 'staff',
  tables: ['staff'],
  title: { zh: '教职工', en: 'Staff' },
  permission: 'people.manage',
  keyColumn: 'staffNo',
  columns: [
    { key: 'staffNo', header: '工号', headerEn: 'Staff number', required: true, example: 'T2024001' },
    { key: 'name', header: '姓名', headerEn: 'Name', required: true, example: '李华' },
    { key: 'gender', header: '性别', headerEn: 'Gender', note: '男 / 女' },
    {
      key: 'org',
      header: '部门',
      headerEn: 'Department',
      required: true,
      note: '部门或学院的代码或名称，如 保卫处',
    },
    {
      key: 'kind',
      header: '类别',
      headerEn: 'Kind',
      required: true,
      note: Object.values(STAFF_KIND_LABELS).join('、'),
    },
    { key: 'title', header: '职务', headerEn: 'Title', note: '如 辅导员、楼长' },
    { key: 'phone', header: '手机号', headerEn: 'Phone', mask: masks.phone },
  ],
  async prepare(ex, ctx) {
    const [orgList, existing] = await Promise.all([
      listOrgSubtree(ex, ctx.school.path),
      repo.staffOfSchool(ex, ctx.school.id),
    ]);
    return {
      orgOf: orgLookup(orgList, ['school', 'campus', 'college', 'department']),
      existing: new Map(existing.map((s) => [s.staffNo, s])),
    };
  },
  parse(c, prep) {
    const issues: RowIssue[] = [];
    numberOf('staffNo', c.staffNo!, issues);
    nameOf('name', c.name!, issues);
    const g = gender('gender', c.gender!, issues);
    const org = c.org ? prep.orgOf(c.org) : undefined;
    if (!c.org) issues.push(issue.required('org'));
    else if (!org) issues.push(issue.notFound('org', { zh: '部门', en: 'department' }, c.org));
    const kind = (Object.entries(STAFF_KIND_LABELS) as [StaffIn['kind'], string][]).find(
      ([k, l]) => l === c.kind || k === c.kind,
    )?.[0];
    if (!c.kind) issues.push(issue.required('kind'));
    else if (!kind) issues.push(issue.oneOf('kind', Object.values(STAFF_KIND_LABELS)));
    if ((c.title ?? '').length > 50) issues.push(issue.tooLong('title', 50));
    const phone = phoneOf('phone', c.phone!, issues);
    if (issues.length) return { ok: false, issues };
    return {
      ok: true,
      key: c.staffNo!,
      value: {
        staffNo: c.staffNo!,
        name: c.name!,
        gender: g,
        orgId: org!.id,
        kind: kind!,
        title: c.title || null,
        phone,
      },
    };
  },
  compare(v, prep) {
    const s = prep.existing.get(v.staffNo);
    if (!s) return 'create';
    const same =
      s.name === v.name &&
      s.gender === v.gender &&
      s.orgId === v.orgId &&
      s.kind === v.kind &&
      s.title === v.title &&
      s.phone === v.phone;
    return same ? 'unchanged' : 'update';
  },
  async apply(tx, ctx, values) {
    await repo.upsertStaff(
      tx,
      values.map((v) => ({
        id: newId(),
        schoolId: ctx.school.id,
        ...v,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })),
    );
  },
};

interface DormIn {
  studentNo: string;
  roomId: string;
  bedNo: string | null;
}
interface DormPrep {
  rooms: Map<string, PlaceRow>;
  students: Map<string, repo.StudentRow>;
  /** beds taken: room id → bed no → student number */
  beds: Map<string, Map<string, string>>;
  occupancy: Map<string, number>;
}

/** 住宿分配: student → room and bed; a bed holds one student, a room no more than its beds. */
export const dormImporter: Importer<DormPrep, DormIn> = {
  kind: 'dorm_assignments',
  tables: ['students'],
  title: { zh: '住宿分配', en: 'Dormitory assignments' },
  permission: 'people.manage',
  keyColumn: 'studentNo',
  columns: [
    { key: 'studentNo', header: '学号', headerEn: 'Student number', required: true, example: '2024000001' },
    { key: 'room', header: '房间编号', headerEn: 'Room code', required: true, note: '如 S03-0212' },
    { key: 'bedNo', header: '床位号', headerEn: 'Bed', note: '如 1–6', example: '1' },
  ],
  async prepare(ex, ctx) {
    const [ps, ss] = await Promise.all([
      placesOfSchool(ex, ctx.school.id),
      repo.studentsOfSchool(ex, ctx.school.id),
    ]);
    const beds = new Map<string, Map<string, string>>();
    const occupancy = new Map<string, number>();
    for (const s of ss) {
      if (!s.bedPlaceId) continue;
      occupancy.set(s.bedPlaceId, (occupancy.get(s.bedPlaceId) ?? 0) + 1);
      if (s.bedNo) {
        const m = beds.get(s.bedPlaceId) ?? new Map<string, string>();
        m.set(s.bedNo, s.studentNo);
        beds.set(s.bedPlaceId, m);
      }
    }
    return {
      rooms: new Map(ps.filter((p) => p.kind === 'room').map((p) => [p.code, p])),
      students: new Map(ss.map((s) => [s.studentNo, s])),
      beds,
      occupancy,
    };
  },
  parse(c, prep) {
    const issues: RowIssue[] = [];
    const s = c.studentNo ? prep.students.get(c.studentNo) : undefined;
    if (!c.studentNo) issues.push(issue.required('studentNo'));
    else if (!s) issues.push(issue.notFound('studentNo', { zh: '学号', en: 'student number' }, c.studentNo));
    const room = c.room ? prep.rooms.get(c.room) : undefined;
    if (!c.room) issues.push(issue.required('room'));
    else if (!room) issues.push(issue.notFound('room', { zh: '房间', en: 'room' }, c.room));
    const bedNo = c.bedNo || null;
    if (bedNo && bedNo.length > 10) issues.push(issue.tooLong('bedNo', 10));
    if (s && room && s.bedPlaceId !== room.id) {
      // A move into this room: check the bed and the room's beds, counting earlier rows of the file.
      const taken = bedNo ? prep.beds.get(room.id)?.get(bedNo) : undefined;
      if (taken && taken !== s.studentNo)
        issues.push(issue.custom('bedNo', `该床位已住学号 ${taken}`, `bed already taken by ${taken}`));
      const n = prep.occupancy.get(room.id) ?? 0;
      if (room.capacity !== null && n >= room.capacity)
        issues.push(
          issue.custom('room', `房间已满（${room.capacity} 个床位）`, `room is full (${room.capacity} beds)`),
        );
      if (!issues.length) {
        prep.occupancy.set(room.id, n + 1);
        if (s.bedPlaceId) prep.occupancy.set(s.bedPlaceId, (prep.occupancy.get(s.bedPlaceId) ?? 1) - 1);
        if (bedNo) {
          const m = prep.beds.get(room.id) ?? new Map<string, string>();
          m.set(bedNo, s.studentNo);
          prep.beds.set(room.id, m);
        }
      }
    }
    if (issues.length) return { ok: false, issues };
    return { ok: true, key: c.studentNo!, value: { studentNo: c.studentNo!, roomId: room!.id, bedNo } };
  },
  compare(v, prep) {
    const s = prep.students.get(v.studentNo)!;
    return s.bedPlaceId === v.roomId && s.bedNo === v.bedNo ? 'unchanged' : 'update';
  },
  async apply(tx, ctx, values) {
    await repo.setBeds(
      tx,
      ctx.school.id,
      values.map((v) => ({ studentNo: v.studentNo, bedPlaceId: v.roomId, bedNo: v.bedNo })),
      ctx.now,
    );
  },
};
