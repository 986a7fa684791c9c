import type { FieldCrypto } from '../../kernel/crypto.js';
import { newId } from '../../kernel/ids.js';
import { issue, masks, type Importer, type RowIssue } from '../../kernel/sheets/index.js';
import { listOrgSubtree, type OrgRow } from '../orgs/index.js';
import { gender, nameOf, numberOf, orgLookup, phoneOf } from './people.import-checks.js';
import { maskNationalId, validNationalId } from './people.model.js';
import * as repo from './people.repository.js';

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
