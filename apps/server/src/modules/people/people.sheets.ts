import type { WriteSheet } from '../../kernel/sheets/index.js';
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
