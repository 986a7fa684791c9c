import { newId } from '../../kernel/ids.js';
import { issue, masks, type Importer, type RowIssue } from '../../kernel/sheets/index.js';
import { listOrgSubtree, type OrgRow } from '../orgs/index.js';
import { gender, nameOf, numberOf, orgLookup, phoneOf } from './people.import-checks.js';
import * as repo from './people.repository.js';
import { STAFF_KIND_LABELS } from './people.sheets.js';
import { type STAFF_KINDS } from './people.tables.js';

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
