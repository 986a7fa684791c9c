import { and, eq, sql } from 'drizzle-orm';
import { newId } from '../../kernel/ids.js';
import { issue, masks, type Importer, type RowIssue, type WriteSheet } from '../../kernel/sheets/index.js';
import { users } from '../identity/index.js';
import { orgs } from '../orgs/index.js';
import * as repo from './grids.repository.js';
import type { GridsService } from './grids.service.js';
import { MEMBER_POSITIONS, type GridLevel, type MemberPosition } from './grids.tables.js';

export const LEVEL_LABELS: Record<GridLevel, string> = {
  campus: '校区',
  zone: '片区',
  building: '楼栋',
  floor: '楼层',
  room: '房间',
  college: '学院',
  class: '班级',
  dorm_room: '宿舍',
};
export const POSITION_LABELS: Record<MemberPosition, string> = {
  grid_worker: '网格员',
  building_head: '楼长',
  dorm_head: '宿舍长',
  student_cadre: '学生干部',
  volunteer: '志愿者',
};

export function gridSheet(items: Awaited<ReturnType<GridsService['list']>>['items']): WriteSheet {
  return {
    name: '网格',
    columns: [
      { header: '网格编号', text: true, width: 16 },
      { header: '网格名称', width: 22 },
      { header: '类型' },
      { header: '层级' },
      { header: '所属机构', width: 18 },
      { header: '网格长' },
      { header: '网格长电话', text: true, width: 14 },
      { header: '成员数' },
      { header: '下级网格数' },
      { header: '职责清单', width: 60 },
    ],
    rows: items.map((g) => [
      g.code,
      g.name,
      g.kind === 'physical' ? '实体网格' : '虚拟网格',
      LEVEL_LABELS[g.level],
      g.orgName,
      g.leaderName,
      g.leaderPhone,
      g.memberCount,
      g.childCount,
      g.responsibilities.join('；'),
    ]),
  };
}

interface MemberIn {
  gridId: string;
  userId: string;
  position: MemberPosition;
}
interface MemberPrep {
  grids: Map<string, string>;
  users: Map<string, string>;
  existing: Map<string, MemberPosition>;
}

/** 网格成员导入: grid code + account (username or phone) + position; upsert by (grid, account). */
export const gridMembersImporter: Importer<MemberPrep, MemberIn> = {
  kind: 'grid_members',
  tables: ['grid_members'],
  title: { zh: '网格成员', en: 'Grid members' },
  permission: 'grid.manage',
  keyColumn: 'account',
  columns: [
    { key: 'grid', header: '网格编号', headerEn: 'Grid code', required: true, note: '如 G-S03' },
    {
      key: 'account',
      header: '账号',
      headerEn: 'Account',
      required: true,
      note: '登录名（工号/学号）或手机号',
      example: 'T2024001',
      mask: masks.phoneLike,
    },
    {
      key: 'position',
      header: '岗位',
      headerEn: 'Position',
      required: true,
      note: Object.values(POSITION_LABELS).join('、'),
    },
  ],
  async prepare(ex, ctx) {
    const [gs, us, ms] = await Promise.all([
      repo.gridsOfSchool(ex, ctx.school.id),
      ex
        .select({ id: users.id, username: users.username, phone: users.phone })
        .from(users)
        .innerJoin(orgs, eq(orgs.id, users.orgId))
        .where(and(sql`${orgs.path} like ${ctx.school.path} || '%'`, eq(users.status, 'active'))),
      repo.membersOfSchool(ex, ctx.school.id),
    ]);
    const byAccount = new Map<string, string>();
    for (const u of us) {
      byAccount.set(u.username, u.id);
      if (u.phone && !byAccount.has(u.phone)) byAccount.set(u.phone, u.id);
    }
    return {
      grids: new Map(gs.map((g) => [g.code, g.id])),
      users: byAccount,
      existing: new Map(ms.map((m) => [`${m.gridId}:${m.userId}`, m.position])),
    };
  },
  parse(c, prep) {
    const issues: RowIssue[] = [];
    const gridId = c.grid ? prep.grids.get(c.grid) : undefined;
    if (!c.grid) issues.push(issue.required('grid'));
    else if (!gridId) issues.push(issue.notFound('grid', { zh: '网格', en: 'grid' }, c.grid));
    const account = (c.account ?? '').toLowerCase();
    const userId = account ? (prep.users.get(account) ?? prep.users.get(c.account!)) : undefined;
    if (!c.account) issues.push(issue.required('account'));
    else if (!userId)
      issues.push(
        issue.notFound(
          'account',
          { zh: '本校账号', en: 'account of the school' },
          masks.phoneLike(c.account),
        ),
      );
    const position = (Object.entries(POSITION_LABELS) as [MemberPosition, string][]).find(
      ([k, l]) => l === c.position || k === c.position,
    )?.[0];
    if (!c.position) issues.push(issue.required('position'));
    else if (!position || !MEMBER_POSITIONS.includes(position))
      issues.push(issue.oneOf('position', Object.values(POSITION_LABELS)));
    if (issues.length) return { ok: false, issues };
    return {
      ok: true,
      key: `${gridId}:${userId}`,
      value: { gridId: gridId!, userId: userId!, position: position! },
    };
  },
  compare(v, prep) {
    const cur = prep.existing.get(`${v.gridId}:${v.userId}`);
    return cur === undefined ? 'create' : cur === v.position ? 'unchanged' : 'update';
  },
  async apply(tx, ctx, values) {
    await repo.upsertMembers(
      tx,
      values.map((v) => ({ id: newId(), ...v, createdAt: ctx.now })),
    );
  },
};
