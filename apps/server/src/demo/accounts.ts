import { inArray, eq } from 'drizzle-orm';
import type { Role } from '../kernel/access/index.js';
import type { Db } from '../kernel/db.js';
import { users, memberships, type DemoAccount } from '../modules/identity/index.js';
import { orgs } from '../modules/orgs/index.js';

/**
 * The demo district's accounts, one per role. The password is public on purpose: it exists only
 * in demo mode (embedded database, ANXIAO_DEMO), is shown on the login page there, and nowhere else.
 */
export const DEMO_PASSWORD = 'anxiao2026';

export interface DemoUserSpec {
  username: string;
  displayName: string;
  role: Role;
  /** home organisation */
  orgCode: string;
  /** where the role is held, when not the home organisation (a school-wide duty) */
  roleOrgCode?: string;
}

export const DEMO_USERS: DemoUserSpec[] = [
  { username: 'sysadmin', displayName: '平台管理员', role: 'system_admin', orgCode: 'DY' },
  { username: 'school.admin', displayName: '刘建国（保卫处处长）', role: 'school_admin', orgCode: 'DYVTC' },
  {
    username: 'grid.center',
    displayName: '王晓燕（网格中心）',
    role: 'grid_center',
    orgCode: 'DYVTC-WGZX',
    roleOrgCode: 'DYVTC',
  },
  { username: 'grid.leader', displayName: '陈志强（网格长）', role: 'grid_leader', orgCode: 'DYVTC-C03' },
  { username: 'grid.worker', displayName: '赵磊（楼长）', role: 'grid_worker', orgCode: 'DYVTC-C03' },
  {
    username: 'guard',
    displayName: '孙海涛（保安队长）',
    role: 'guard',
    orgCode: 'DYVTC-BWC',
    roleOrgCode: 'DYVTC',
  },
  { username: 'counselor', displayName: '李静（辅导员）', role: 'counselor', orgCode: 'DYVTC-C03' },
  { username: 'police', displayName: '张警官（文汇派出所）', role: 'police', orgCode: 'DY-PS-WH' },
  { username: 'supervisor', displayName: '周敏（区教育局督导）', role: 'supervisor', orgCode: 'DY-EDU' },
  {
    username: 'primary.admin',
    displayName: '吴红梅（实验小学安全副校长）',
    role: 'school_admin',
    orgCode: 'DYSY-PS',
  },
  { username: 'kg.admin', displayName: '郑丽（幼儿园园长）', role: 'school_admin', orgCode: 'DYKG-1' },
  { username: 'student', displayName: '马欣怡（学生）', role: 'reporter', orgCode: 'DYVTC-C03-2401' },
];

export async function demoAccounts(db: Db): Promise<DemoAccount[]> {
  const names = DEMO_USERS.map((u) => u.username);
  const found = await db
    .select({
      username: users.username,
      displayName: users.displayName,
      orgName: orgs.name,
      role: memberships.role,
    })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(orgs, eq(orgs.id, memberships.orgId))
    .where(inArray(users.username, names));
  return DEMO_USERS.flatMap((spec) => {
    const f = found.find((x) => x.username === spec.username && x.role === spec.role);
    return f
      ? [
          {
            username: f.username,
            password: DEMO_PASSWORD,
            role: f.role,
            displayName: f.displayName,
            orgName: f.orgName,
          },
        ]
      : [];
  });
}
