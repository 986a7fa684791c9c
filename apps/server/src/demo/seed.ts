import { eq } from 'drizzle-orm';
import { districtFeatures } from '../modules/places/index.js';
import { demoDistrictRows } from './district.js';
import type { Kernel } from '../kernel/kernel.js';
import { newId } from '../kernel/ids.js';
import { analyzeTables } from '../kernel/db.js';
import { systemActor } from '../kernel/access/index.js';
import { audit } from '../kernel/audit/audit.js';
import { hashPassword, memberships, users } from '../modules/identity/index.js';
import { childPath, orgLinks, orgs, type OrgKind } from '../modules/orgs/index.js';
import { DEMO_PASSWORD, DEMO_USERS } from './accounts.js';
import { seedRequests } from './requests-seed.js';
import { seedTasksAndHazards } from './hazards-seed.js';
import { seedCampus } from './campus-seed.js';
import { seedWarnings } from './warnings-seed.js';
import { chineseName, seededRandom } from './random.js';

type SchoolType = 'university' | 'vocational' | 'secondary' | 'primary' | 'kindergarten';
interface OrgSpec {
  code: string;
  name: string;
  kind: OrgKind;
  schoolType?: SchoolType;
  address?: string;
  phone?: string;
  /** a school's security duty number (保卫处值班电话), shown on the SOS page */
  dutyPhone?: string;
  /** [lon, lat] of the school or station, for the police station's jurisdiction map */
  at?: [number, number];
  children?: OrgSpec[];
}

const COLLEGES = [
  '石油化工学院',
  '机电工程学院',
  '信息工程学院',
  '经济管理学院',
  '建筑工程学院',
  '教育学院',
  '医学院',
  '艺术与传媒学院',
];
const MAJORS = [
  ['化工', '石油工程', '应用化工'],
  ['机电一体化', '数控技术', '汽车检测'],
  ['软件技术', '计算机网络', '大数据'],
  ['会计', '电子商务', '物流管理'],
  ['建筑工程', '工程造价', '建筑设计'],
  ['学前教育', '小学教育', '英语教育'],
  ['护理', '药学', '康复治疗'],
  ['视觉传达', '数字媒体', '播音主持'],
];
const STUDENTS_PER_CLASS = 42;

export interface SeedResult {
  orgs: number;
  users: number;
  students: number;
  /** places, rooms, staff, grids, equipment and student organisations of the demo college */
  campus?: Awaited<ReturnType<typeof seedCampus>>;
  alreadySeeded: boolean;
}

/** The demo district (see DOMAIN.md): a bureau, a 综治办, a police station and three schools. */
export async function seedDemo(
  k: Kernel,
  opts: { students?: number; onProgress?: (msg: string) => void } = {},
): Promise<SeedResult> {
  const say = opts.onProgress ?? (() => undefined);
  const existing = await k.db.select({ id: orgs.id }).from(orgs).where(eq(orgs.code, 'DY')).limit(1);
  if (existing.length) return { orgs: 0, users: 0, students: 0, alreadySeeded: true };
  const studentTarget = Math.max(1, opts.students ?? 2000);
  const rnd = seededRandom(20260302);
  const now = k.clock.now();

  // Classes of the vocational college: grades 2022–2024 spread over the 8 colleges.
  // At least one class per college, so every demo account has its class.
  const classCount = Math.max(COLLEGES.length, Math.ceil(studentTarget / STUDENTS_PER_CLASS));
  const perClass = Math.ceil(studentTarget / classCount);
  const classesPerCollege = COLLEGES.map(() => [] as OrgSpec[]);
  for (let i = 0; i < classCount; i++) {
    const c = i % COLLEGES.length;
    const n = Math.floor(i / COLLEGES.length);
    const grade = 2024 - (n % 3);
    const majors = MAJORS[c]!;
    const major = majors[Math.floor(n / 3) % majors.length]!;
    const seq = Math.floor(n / (3 * majors.length)) + 1;
    classesPerCollege[c]!.push({
      code: `DYVTC-C${String(c + 1).padStart(2, '0')}-${String(grade).slice(2)}${String(n + 1).padStart(2, '0')}`,
      name: `${major}${String(grade).slice(2)}${seq}班`,
      kind: 'class',
    });
  }

  const tree: OrgSpec = {
    code: 'DY',
    name: '东营市',
    kind: 'region',
    children: [
      {
        code: 'DY-DYQ',
        name: '东营区',
        kind: 'region',
        children: [
          { code: 'DY-EDU', name: '东营区教育局', kind: 'education_bureau', phone: '0546-8221001' },
          { code: 'DY-ZZB', name: '东营区综治办', kind: 'stability_office', phone: '0546-8221101' },
          {
            code: 'DY-PS-WH',
            name: '文汇派出所',
            kind: 'police_station',
            phone: '0546-8332110',
            address: '东营区府前大街 88 号',
            at: [118.5405, 37.4618],
          },
          {
            code: 'DYVTC',
            name: '东营职业学院',
            kind: 'school',
            schoolType: 'vocational',
            address: '东营区府前大街 129 号',
            phone: '0546-8060110',
            dutyPhone: '0546-8060999',
            at: [118.552, 37.456],
            children: [
              { code: 'DYVTC-BWC', name: '保卫处', kind: 'department' },
              { code: 'DYVTC-WGZX', name: '网格化管理中心', kind: 'department' },
              { code: 'DYVTC-XGC', name: '学生工作处', kind: 'department' },
              { code: 'DYVTC-HQ', name: '后勤管理处', kind: 'department' },
              { code: 'DYVTC-XLZX', name: '心理健康教育中心', kind: 'department' },
              ...COLLEGES.map((name, i) => ({
                code: `DYVTC-C${String(i + 1).padStart(2, '0')}`,
                name,
                kind: 'college' as const,
                children: classesPerCollege[i],
              })),
            ],
          },
          {
            code: 'DYSY-PS',
            name: '东营区实验小学',
            kind: 'school',
            schoolType: 'primary',
            address: '东营区淄博路 56 号',
            at: [118.5268, 37.4702],
            children: [1, 2, 3, 4, 5, 6].flatMap((g) =>
              [1, 2].map((c) => ({
                code: `DYSY-PS-${g}${c}`,
                name: `${'一二三四五六'[g - 1]}年级${c}班`,
                kind: 'class' as const,
              })),
            ),
          },
          {
            code: 'DYKG-1',
            name: '东营区第一幼儿园',
            kind: 'school',
            schoolType: 'kindergarten',
            address: '东营区黄河路 20 号',
            at: [118.5631, 37.4489],
            children: ['小班', '中班', '大班'].flatMap((g, gi) =>
              [1, 2].map((c) => ({
                code: `DYKG-1-${gi + 1}${c}`,
                name: `${g}（${c}）`,
                kind: 'class' as const,
              })),
            ),
          },
        ],
      },
    ],
  };

  const orgRows: (typeof orgs.$inferInsert)[] = [];
  const byCode = new Map<string, { id: string; path: string }>();
  const walk = (spec: OrgSpec, parent: { id: string; path: string } | null, sort: number) => {
    const id = newId();
    const path = parent ? childPath(parent.path, id) : `/${id}/`;
    byCode.set(spec.code, { id, path });
    orgRows.push({
      id,
      parentId: parent?.id ?? null,
      path,
      kind: spec.kind,
      schoolType: spec.schoolType ?? null,
      name: spec.name,
      code: spec.code,
      sort,
      address: spec.address ?? null,
      phone: spec.phone ?? null,
      dutyPhone: spec.dutyPhone ?? null,
      lon: spec.at?.[0] ?? null,
      lat: spec.at?.[1] ?? null,
      createdAt: now,
      updatedAt: now,
    });
    spec.children?.forEach((c, i) => walk(c, { id, path }, i));
  };
  walk(tree, null, 0);
  const classes = orgRows.filter((o) => o.kind === 'class' && o.code.startsWith('DYVTC'));

  say(`organisations: ${orgRows.length}`);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let studentCount = 0;
  let campus: Awaited<ReturnType<typeof seedCampus>> | undefined;
  await k.transaction(async (tx) => {
    for (let i = 0; i < orgRows.length; i += 500) await tx.insert(orgs).values(orgRows.slice(i, i + 500));
    const id = (code: string) => byCode.get(code)!.id;
    const schools = ['DYVTC', 'DYSY-PS', 'DYKG-1'];
    const links: (typeof orgLinks.$inferInsert)[] = schools.flatMap((s) => [
      {
        id: newId(),
        kind: 'jurisdiction' as const,
        fromOrgId: id('DY-PS-WH'),
        toOrgId: id(s),
        createdAt: now,
      },
      { id: newId(), kind: 'supervision' as const, fromOrgId: id('DY-EDU'), toOrgId: id(s), createdAt: now },
      { id: newId(), kind: 'supervision' as const, fromOrgId: id('DY-ZZB'), toOrgId: id(s), createdAt: now },
    ]);
    await tx.insert(orgLinks).values(links);
    await tx.insert(districtFeatures).values(demoDistrictRows(id('DY-DYQ'), now));

    const demoUserIds: Record<string, string> = {};
    for (const spec of DEMO_USERS) {
      const userId = newId();
      demoUserIds[spec.username] = userId;
      await tx.insert(users).values({
        id: userId,
        username: spec.username,
        displayName: spec.displayName,
        phone: `138${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`,
        orgId: id(spec.orgCode),
        passwordHash,
        createdAt: now,
        updatedAt: now,
      });
      await tx.insert(memberships).values({
        id: newId(),
        userId,
        orgId: id(spec.roleOrgCode ?? spec.orgCode),
        role: spec.role,
        createdAt: now,
      });
    }

    // Students: accounts without a password (they activate them later), role reporter in their class.
    const batch: { user: typeof users.$inferInsert; m: typeof memberships.$inferInsert }[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await tx.insert(users).values(batch.map((b) => b.user));
      await tx.insert(memberships).values(batch.map((b) => b.m));
      batch.length = 0;
    };
    const studentUsers: Parameters<typeof seedCampus>[1]['studentUsers'] = [];
    const demoStudent = DEMO_USERS.find((u) => u.username === 'student')!;
    studentUsers.push({
      id: demoUserIds[demoStudent.username]!,
      username: '2024000001',
      name: demoStudent.displayName.replace(/（.*）/, ''),
      gender: 'F',
      classId: id(demoStudent.orgCode),
    });
    for (const [ci, cls] of classes.entries()) {
      const year = cls.code.slice(-4, -2);
      for (let s = 0; s < perClass && studentCount < studentTarget; s++) {
        studentCount++;
        const userId = newId();
        const { name, gender } = chineseName(rnd);
        const username = `20${year}${String(ci + 1).padStart(4, '0')}${String(s + 1).padStart(2, '0')}`;
        studentUsers.push({ id: userId, username, name, gender, classId: cls.id });
        batch.push({
          user: {
            id: userId,
            username,
            displayName: name,
            orgId: cls.id,
            createdAt: now,
            updatedAt: now,
          },
          m: { id: newId(), userId, orgId: cls.id, role: 'reporter', createdAt: now },
        });
        if (batch.length >= 1000) {
          await flush();
          say(`students: ${studentCount}/${studentTarget}`);
        }
      }
    }
    await flush();
    const ref = (code: string) => {
      const o = orgRows.find((r) => r.code === code)!;
      return { id: o.id, path: o.path, code: o.code, name: o.name };
    };
    say('campus: places, people, equipment, grids');
    campus = await seedCampus(tx, {
      school: ref('DYVTC'),
      colleges: orgRows
        .filter((o) => o.kind === 'college' && o.code.startsWith('DYVTC'))
        .map((o) => ref(o.code)),
      classes: classes.map((c) => ({ ...ref(c.code), collegeCode: c.code.slice(0, 9) })),
      departments: {
        BWC: ref('DYVTC-BWC'),
        WGZX: ref('DYVTC-WGZX'),
        XGC: ref('DYVTC-XGC'),
        HQ: ref('DYVTC-HQ'),
        XLZX: ref('DYVTC-XLZX'),
      },
      studentUsers,
      demoUserIds,
      rnd,
      now,
      crypto: k.crypto,
    });
    say('requests: catalogue, routing, calendar, history');
    const requestsSeeded = await seedRequests(tx, {
      school: ref('DYVTC'),
      departments: {
        BWC: ref('DYVTC-BWC'),
        WGZX: ref('DYVTC-WGZX'),
        XGC: ref('DYVTC-XGC'),
        HQ: ref('DYVTC-HQ'),
        XLZX: ref('DYVTC-XLZX'),
      },
      students: studentUsers.map((u) => ({ id: u.id, name: u.name })),
      crypto: k.crypto,
      jobs: k.jobs,
      rnd,
      now,
    });
    say('grid tasks and hazards: checklists, schedules, three months of hazards');
    const hazardsSeeded = await seedTasksAndHazards(k, tx, {
      school: ref('DYVTC'),
      rnd,
      now,
      office: { id: demoUserIds['grid.center']!, name: '王晓燕' },
      guardUserId: demoUserIds['guard'] ?? null,
    });
    const warningsSeeded = await seedWarnings(tx, {
      school: ref('DYVTC'),
      senderId: demoUserIds['school.admin']!,
      senderName: '刘建国',
      now,
    });
    await audit(tx, k.clock, systemActor('seed'), {
      action: 'system.seed_demo',
      details: {
        orgs: orgRows.length,
        students: studentCount,
        ...campus,
        requests: requestsSeeded,
        ...hazardsSeeded,
        ...warningsSeeded,
      },
    });
  });
  // The seed wrote nearly every table: fresh planner statistics for all of them.
  say('statistics: ANALYZE');
  await analyzeTables(k.db);
  return {
    orgs: orgRows.length,
    users: DEMO_USERS.length + studentCount,
    students: studentCount,
    ...(campus ? { campus } : {}),
    alreadySeeded: false,
  };
}
