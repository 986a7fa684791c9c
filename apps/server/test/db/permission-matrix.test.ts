/**
 * The permission matrix: every route × every role × a record of the caller's own school and of a
 * school outside their reach. Expectations are written out by hand (not derived from the grant
 * table they test). A route missing here fails the first test, so a new route must join the matrix.
 */
import { and, eq } from 'drizzle-orm';
import { notifyDeliveries } from '../../src/kernel/notify/index.js';
import { TestProvider } from '../support/notify-adapters.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/kernel/access/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';
import { WsClient } from '../support/ws.js';
import { uploadFile, uploadImport } from '../support/files.js';
import { writeWorkbook } from '../../src/kernel/sheets/index.js';
import { newId } from '../../src/kernel/ids.js';
import { studentGroups } from '../../src/modules/people/index.js';
import { taskInstances } from '../../src/modules/tasks/index.js';
import { chinaDate } from '../../src/kernel/calendar/index.js';
import { grids } from '../../src/modules/grids/index.js';
import { appendEvent } from '../../src/kernel/events/index.js';
import { warningCases } from '../support/warnings-matrix.js';

const USERS: Record<Role, string> = {
  system_admin: 'sysadmin',
  school_admin: 'school.admin',
  grid_center: 'grid.center',
  grid_leader: 'grid.leader',
  grid_worker: 'grid.worker',
  guard: 'guard',
  counselor: 'counselor',
  police: 'police',
  supervisor: 'supervisor',
  reporter: 'student',
};
const ROLES = Object.keys(USERS) as Role[];

type Expect = Partial<Record<Role, number>> & { rest: number };
/** statuses per role: named roles get their status, all others `rest` */
const only = (
  ok: number,
  roles: Role[],
  rest: number,
  extra: Partial<Record<Role, number>> = {},
): Expect => ({
  rest,
  ...Object.fromEntries(roles.map((r) => [r, ok])),
  ...extra,
});
const statusFor = (e: Expect, r: Role) => e[r] ?? e.rest;

interface Records {
  buildingId: string;
  equipmentId: string;
  studentId: string;
  staffId: string;
  gridId: string;
  importId: string;
  /** a student organisation (own: one of the C03 college's) */
  groupId: string;
  incidentId: string;
  deviceId: string;
  drillId: string;
  /** a class (own: in C03, the counselor's college) and a department for new people */
  classId: string;
  deptId: string;
  /**
   * a request category and a request of the school with its photo (own: filed sealed by the student
   * at S03 and dispatched by the catalogue to G-S03; other: filed by the other school's account)
   */
  categoryId: string;
  requestId: string;
  photoId: string;
  /**
   * grid tasks: the school's dormitory checklist (宿舍安全检查表), a schedule of it, and an open task
   * of it (own: the demo's daily check of G-S03; other: a daily check of its building grid)
   */
  templateId: string;
  scheduleId: string;
  taskId: string;
  /**
   * a hazard of the school with its photo and its rectification notice issued (own: found at S03,
   * answered by G-S03; other: major, so 挂牌督办, answered by its building grid), and the school's
   * monthly hazard report sent up
   */
  hazardId: string;
  hazardPhotoId: string;
  reportId: string;
}
interface Fixture {
  own: {
    userId: string;
    orgId: string;
    fileId: string;
    parentId: string;
    /** OTHER: no routing rule, so a request of it waits for the centre (待分拨) */
    unroutedCategoryId: string;
  } & Records;
  other: { userId: string; orgId: string; fileId: string } & Records;
  linkSchoolId: string;
  /** the month of the hazard reports (China time, YYYY-MM) */
  month: string;
}

interface Case {
  /** METHOD and path as in the OpenAPI document */
  route: string;
  public?: boolean;
  run?: (
    s: Session,
    role: Role,
    target: 'own' | 'other',
    f: Fixture,
  ) => Promise<{ statusCode: number; body?: string }>;
  own?: Expect;
  other?: Expect;
  /** for lists: the other school's record must not be in the answer (except for these roles) */
  listHidesOther?: (body: string, f: Fixture) => boolean;
}

let rt: TestRuntime;
let sessions: Record<Role, Session>;
let fx: Fixture;
let seq = 0;
/** a worker of the other school's building grid: completes its checklists (no demo account does) */
let otherWorker: Session;

const upload = (s: Session, org: string) => uploadFile(rt.app, s, { orgId: org });

const MANAGERS: Role[] = ['system_admin', 'school_admin'];
const PLACE_READERS: Role[] = [
  'system_admin',
  'school_admin',
  'grid_center',
  'guard',
  'police',
  'supervisor',
];
const PEOPLE_READERS: Role[] = ['system_admin', 'school_admin', 'grid_center', 'counselor', 'supervisor'];
/** read grids through the organisation (the counselor only their college's virtual grids) */
const GRID_ORG_READERS: Role[] = [
  'system_admin',
  'school_admin',
  'grid_center',
  'guard',
  'police',
  'supervisor',
];
/** read G-S03: the org-wide readers and the grid's own leader and worker */
const GRID_READERS: Role[] = [...GRID_ORG_READERS, 'grid_leader', 'grid_worker', 'counselor'];
const GRID_MANAGERS: Role[] = ['system_admin', 'school_admin', 'grid_center', 'grid_leader'];
const ALARM_RAISERS: Role[] = ['system_admin', 'school_admin', 'grid_center', 'guard'];
const ALARM_READERS: Role[] = [...ALARM_RAISERS, 'police', 'supervisor'];
const ALARM_HANDLERS: Role[] = [...ALARM_RAISERS, 'police'];
const DRILLERS: Role[] = ['system_admin', 'school_admin', 'grid_center'];
/** cap.read: the office (保卫处, 网格中心) */
const CAP_READERS: Role[] = ['system_admin', 'school_admin', 'grid_center'];
const OTHER_MANAGE: Expect = only(404, ['school_admin'], 403, { system_admin: 0 });
/** the centre's side of requests (分拨中心), and who keeps the catalogue */
const REQUEST_CENTRE: Role[] = ['system_admin', 'school_admin', 'grid_center'];
/** read requests school-wide: the centre and the supervisors of linked schools */
const REQUEST_READERS: Role[] = [...REQUEST_CENTRE, 'supervisor'];
/** the unit the matrix's requests are dispatched to: G-S03's leader and worker */
const REQUEST_UNIT: Role[] = ['grid_leader', 'grid_worker'];
/** read requests only over the grids they hold: the school itself is out of their reach (404) */
const GRID_REQUEST_READERS: Role[] = ['grid_leader', 'grid_worker', 'counselor'];
/** accounts outside any school (platform, police, bureau): they file nowhere */
const NO_SCHOOL: Role[] = ['system_admin', 'police', 'supervisor'];
/**
 * task.do: the holders of a grid. The demo's school.admin leads the campus grid (G-CAMPUS, above
 * G-S03) and the counselor their college's class grids; the platform admin holds it everywhere.
 */
const TASK_DOERS: Role[] = ['system_admin', 'school_admin', 'grid_leader', 'grid_worker', 'counselor'];
/** task.read over the school (the office, supervisors of linked schools) or over grids held */
const TASK_READERS: Role[] = [...TASK_DOERS, 'grid_center', 'supervisor'];
/** read G-S03's tasks: over the school, or G-S03's own leader and worker (not the class grids) */
const S03_TASK_READERS: Role[] = TASK_READERS.filter((r) => r !== 'counselor');
/** task.manage and hazard.verify: the office (保卫处, 网格中心) */
const OFFICE: Role[] = ['system_admin', 'school_admin', 'grid_center'];
/** hazard.read anywhere: all but the guard (who rectifies for their department) and students */
const HAZARD_READERS: Role[] = ROLES.filter((r) => r !== 'guard' && r !== 'reporter');
/** hazard.read over the whole school: the office, the police and supervisors of linked schools */
const SCHOOL_HAZARD_READERS: Role[] = [...OFFICE, 'police', 'supervisor'];
/** read a hazard of G-S03: over the school, or as a holder of the grid answering for it */
const S03_HAZARD_READERS: Role[] = [...SCHOOL_HAZARD_READERS, 'grid_leader', 'grid_worker'];

/** 发送记录: the platform, the school's office (over the school), the bureau (over its own staff) */
const NOTIFY_RECORDS: Role[] = ['system_admin', 'school_admin', 'supervisor'];
const smsRecords = new Map<string, Promise<string>>();
/** an alarm's SMS delivery to the school's user (own) or the other school's (other), made once */
function smsRecord(f: Fixture, t: 'own' | 'other'): Promise<string> {
  const made =
    smsRecords.get(t) ??
    rt.kernel
      .transaction((tx) =>
        rt.kernel.notify.notify(tx, {
          userIds: [f[t].userId],
          orgId: f[t].orgId,
          kind: 'matrix.test',
          title: '测试',
          body: '测试',
          severity: 'alarm',
        }),
      )
      .then(async (r) => {
        const [d] = await rt.kernel.db
          .select({ id: notifyDeliveries.id })
          .from(notifyDeliveries)
          .where(
            and(
              eq(notifyDeliveries.notificationId, r.notificationIds[0]!),
              eq(notifyDeliveries.channel, 'sms'),
            ),
          );
        return d!.id;
      });
  smsRecords.set(t, made);
  return made;
}

const CASES: Case[] = [
  { route: 'GET /api/health', public: true },
  { route: 'GET /api/ready', public: true },
  { route: 'GET /api/health/live', public: true },
  { route: 'GET /api/health/ready', public: true },
  {
    // installation-wide: only the platform's administrators (audit.read over everything)
    route: 'GET /api/system/queues',
    run: (s) => s.call('GET', '/api/system/queues'),
    own: only(200, ['system_admin'], 403),
  },
  { route: 'POST /api/auth/login', public: true },
  { route: 'GET /api/auth/demo-accounts', public: true },
  // Devices authenticate by their signature (test/db/alarms.test.ts), not by a session.
  { route: 'POST /api/devices/{code}/alarm', public: true },
  { route: 'POST /api/devices/{code}/heartbeat', public: true },
  {
    route: 'GET /api/auth/me',
    run: (s) => s.call('GET', '/api/auth/me'),
    own: only(200, ROLES, 200),
  },
  {
    route: 'POST /api/auth/logout',
    run: async (_s, role) => (await rt.login(USERS[role])).call('POST', '/api/auth/logout'),
    own: only(204, ROLES, 204),
  },
  {
    route: 'POST /api/auth/password',
    run: (s) =>
      s.call('POST', '/api/auth/password', { currentPassword: 'not-it-123', newPassword: 'Whatever2026' }),
    own: only(400, ROLES, 400),
  },
  {
    route: 'PUT /api/auth/lang',
    run: (s) => s.call('PUT', '/api/auth/lang', { lang: 'zh-CN' }),
    own: only(204, ROLES, 204),
  },
  {
    route: 'GET /api/orgs',
    run: (s) => s.call('GET', '/api/orgs'),
    own: only(
      200,
      ROLES.filter((r) => r !== 'reporter'),
      403,
    ),
    listHidesOther: (body, f) => !body.includes(f.other.orgId),
  },
  {
    route: 'POST /api/orgs',
    run: (s, _r, t, f) =>
      s.call('POST', '/api/orgs', {
        parentId: t === 'own' ? f.own.parentId : f.other.orgId,
        kind: 'department',
        name: '矩阵测试部门',
        code: `MX-${++seq}`,
      }),
    own: only(201, MANAGERS, 403),
    other: { ...OTHER_MANAGE, system_admin: 201 },
  },
  {
    route: 'PATCH /api/orgs/{id}',
    run: (s, _r, t, f) =>
      s.call('PATCH', `/api/orgs/${t === 'own' ? f.own.orgId : f.other.orgId}`, { sort: 3 }),
    own: only(200, MANAGERS, 403),
    other: { ...OTHER_MANAGE, system_admin: 200 },
  },
  {
    route: 'GET /api/org-links',
    run: (s) => s.call('GET', '/api/org-links'),
    own: only(
      200,
      ROLES.filter((r) => r !== 'reporter'),
      403,
    ),
  },
  {
    route: 'POST /api/org-links',
    run: async (s) => {
      const police = await orgId(rt, 'DY-PS-WH');
      return s.call('POST', '/api/org-links', {
        kind: 'jurisdiction',
        fromOrgId: police,
        toOrgId: fx.linkSchoolId,
      });
    },
    own: only(204, ['system_admin'], 403),
  },
  {
    route: 'GET /api/users',
    run: (s) => s.call('GET', '/api/users?pageSize=200'),
    own: only(
      200,
      ['system_admin', 'school_admin', 'grid_center', 'grid_leader', 'counselor', 'police', 'supervisor'],
      403,
    ),
    listHidesOther: (body, f) => !body.includes(f.other.userId),
  },
  {
    route: 'GET /api/users/{id}',
    run: (s, _r, t, f) => s.call('GET', `/api/users/${t === 'own' ? f.own.userId : f.other.userId}`),
    own: only(
      200,
      ['system_admin', 'school_admin', 'grid_center', 'grid_leader', 'counselor', 'supervisor'],
      403,
      { police: 404 },
    ),
    other: only(
      404,
      ['school_admin', 'grid_center', 'grid_leader', 'counselor', 'supervisor', 'police'],
      403,
      { system_admin: 200 },
    ),
  },
  {
    route: 'POST /api/users',
    run: (s, _r, t, f) => {
      const org = t === 'own' ? f.own.classId : f.other.orgId;
      return s.call('POST', '/api/users', {
        username: `mx.user.${++seq}`,
        displayName: '矩阵用户',
        orgId: org,
        password: 'Matrix2026a',
        roles: [{ orgId: org, role: 'grid_worker' }],
      });
    },
    own: only(201, MANAGERS, 403),
    other: { ...OTHER_MANAGE, system_admin: 201 },
  },
  {
    route: 'PATCH /api/users/{id}',
    run: (s, _r, t, f) =>
      s.call('PATCH', `/api/users/${t === 'own' ? f.own.userId : f.other.userId}`, { phone: '13800000000' }),
    own: only(200, MANAGERS, 403),
    other: { ...OTHER_MANAGE, system_admin: 200 },
  },
  {
    route: 'PUT /api/users/{id}/roles',
    run: (s, _r, t, f) => {
      const id = t === 'own' ? f.own.userId : f.other.userId;
      const org = t === 'own' ? f.own.classId : f.other.orgId;
      return s.call('PUT', `/api/users/${id}/roles`, { roles: [{ orgId: org, role: 'grid_worker' }] });
    },
    own: only(200, MANAGERS, 403),
    other: { ...OTHER_MANAGE, system_admin: 200 },
  },
  {
    route: 'POST /api/users/{id}/reset-password',
    run: (s, _r, t, f) =>
      s.call('POST', `/api/users/${t === 'own' ? f.own.userId : f.other.userId}/reset-password`, {
        newPassword: 'Reset2026ab',
      }),
    own: only(204, MANAGERS, 403),
    other: { ...OTHER_MANAGE, system_admin: 204 },
  },
  {
    route: 'POST /api/users/{id}/unlock',
    run: (s, _r, t, f) => s.call('POST', `/api/users/${t === 'own' ? f.own.userId : f.other.userId}/unlock`),
    own: only(200, MANAGERS, 403),
    other: { ...OTHER_MANAGE, system_admin: 200 },
  },
  {
    route: 'GET /api/users/role-proposals',
    run: (s) => s.call('GET', '/api/users/role-proposals'),
    own: only(200, MANAGERS, 403),
  },
  {
    route: 'POST /api/users/{id}/role-proposals',
    run: async (s, _r, t, f) => {
      const org = t === 'own' ? f.own.classId : f.other.orgId;
      const id = await freshUser(org);
      return s.call('POST', `/api/users/${id}/role-proposals`, { orgId: org, role: 'grid_center' });
    },
    own: only(201, MANAGERS, 403),
    other: only(404, ['school_admin'], 403, { system_admin: 201 }),
  },
  {
    route: 'POST /api/users/role-proposals/{id}/confirm',
    run: async (s, r, t, f) =>
      s.call('POST', `/api/users/role-proposals/${await freshProposal(r, t, f)}/confirm`),
    // Another administrator of the school confirms; the platform operator is outside its chain.
    own: only(200, ['school_admin'], 403),
    other: only(404, ['school_admin'], 403),
  },
  {
    route: 'POST /api/users/role-proposals/{id}/reject',
    run: async (s, r, t, f) =>
      s.call('POST', `/api/users/role-proposals/${await freshProposal(r, t, f)}/reject`),
    own: only(204, ['school_admin'], 403),
    // In the other school the platform administrator proposed it, and a proposer may withdraw.
    other: only(404, ['school_admin'], 403, { system_admin: 204 }),
  },
  {
    route: 'GET /api/audit',
    run: (s) => s.call('GET', '/api/audit?pageSize=200'),
    own: only(200, ['system_admin', 'school_admin', 'supervisor'], 403),
    listHidesOther: (body, f) => !body.includes(f.other.orgId),
  },
  {
    route: 'POST /api/files',
    run: async (s, role, t, f) => {
      const home = (await s.call('GET', '/api/auth/me')).json<{
        user: { memberships: { orgId: string }[] };
      }>().user.memberships[0]!.orgId;
      void role;
      return upload(s, t === 'own' ? home : f.other.orgId);
    },
    own: only(201, ROLES, 201),
    other: only(404, ROLES, 404, { system_admin: 201 }),
  },
  {
    route: 'GET /api/files/{id}',
    run: (s, _r, t, f) => s.call('GET', `/api/files/${t === 'own' ? f.own.fileId : f.other.fileId}`),
    own: only(200, ['system_admin', 'school_admin', 'grid_center', 'guard', 'police', 'supervisor'], 404),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  // ---- places and equipment: read by the school's staff on duty, police and supervisors; managed by admins
  ...readCases('GET /api/places', PLACE_READERS, (f) => f.buildingId),
  ...readCases('GET /api/equipment', PLACE_READERS, (f) => f.equipmentId),
  ...oneCase('GET /api/places/{id}', PLACE_READERS, (s, f) => s.call('GET', `/api/places/${f.buildingId}`)),
  ...manageCases('POST /api/places', MANAGERS, 201, (s, f) =>
    s.call('POST', '/api/places', {
      schoolId: f.schoolId,
      kind: 'building',
      code: `MXB-${++seq}`,
      name: '矩阵楼',
    }),
  ),
  ...manageCases('PATCH /api/places/{id}', MANAGERS, 200, (s, f) =>
    s.call('PATCH', `/api/places/${f.buildingId}`, { name: `矩阵楼${++seq}` }),
  ),
  ...manageCases('POST /api/places/geojson', MANAGERS, 200, (s, f) =>
    s.call('POST', '/api/places/geojson', {
      schoolId: f.schoolId,
      featureCollection: { type: 'FeatureCollection', features: [] },
    }),
  ),
  ...manageCases('POST /api/equipment', MANAGERS, 201, (s, f) =>
    s.call('POST', '/api/equipment', {
      schoolId: f.schoolId,
      kind: 'fire_extinguisher',
      code: `MXE-${++seq}`,
      name: '灭火器',
    }),
  ),
  ...manageCases('PATCH /api/equipment/{id}', MANAGERS, 200, (s, f) =>
    s.call('PATCH', `/api/equipment/${f.equipmentId}`, { status: 'normal' }),
  ),
  // ---- people: read by the school's staff who need it (the counselor: their college), changed by admins
  ...readCases('GET /api/students', PEOPLE_READERS, (f) => f.studentId),
  ...readCases('GET /api/staff', PEOPLE_READERS, (f) => f.staffId),
  ...oneCase('GET /api/students/{id}', PEOPLE_READERS, (s, f) =>
    s.call('GET', `/api/students/${f.studentId}`),
  ),
  // The police map's GeoJSON: whoever reads places (police and supervisors through their links).
  {
    route: 'GET /api/district-map',
    run: (s) => s.call('GET', '/api/district-map'),
    own: only(200, PLACE_READERS, 403),
  },
  // The district's roads and areas: only the platform administrator manages the district.
  {
    route: 'POST /api/district-map/geojson',
    run: async (s) =>
      s.call('POST', '/api/district-map/geojson', {
        orgId: await orgId(rt, 'DY-DYQ'),
        featureCollection: { type: 'FeatureCollection', features: [] },
      }),
    own: only(200, ['system_admin'], 403, { school_admin: 404 }),
  },
  // A masked phone (the supervisor's view) revealed by anyone who reads the person, audited.
  ...oneCase('POST /api/students/{id}/phone', PEOPLE_READERS, (s, f) =>
    s.call('POST', `/api/students/${f.studentId}/phone`),
  ),
  // The fixture's staff member is outside the counselor's college.
  ...oneCase(
    'POST /api/staff/{id}/phone',
    PEOPLE_READERS,
    (s, f) => s.call('POST', `/api/staff/${f.staffId}/phone`),
    { counselor: 404 },
  ),
  {
    route: 'GET /api/student-groups',
    run: (s) => s.call('GET', '/api/student-groups'),
    own: only(200, PEOPLE_READERS, 403),
  },
  ...oneCase('GET /api/student-groups/{id}/members', PEOPLE_READERS, (s, f) =>
    s.call('GET', `/api/student-groups/${f.groupId}/members`),
  ),
  {
    route: 'GET /api/student-groups/export.xlsx',
    run: (s) => s.call('GET', '/api/student-groups/export.xlsx'),
    own: only(200, PEOPLE_READERS, 403),
  },
  ...manageCases('POST /api/students', MANAGERS, 201, (s, f) =>
    s.call('POST', '/api/students', { orgId: f.classId, studentNo: `MX${++seq}`, name: '矩阵学生' }),
  ),
  ...manageCases('PATCH /api/students/{id}', MANAGERS, 200, (s, f) =>
    s.call('PATCH', `/api/students/${f.studentId}`, { phone: '13900000000' }),
  ),
  ...manageCases('POST /api/students/{id}/national-id', MANAGERS, 200, (s, f) =>
    s.call('POST', `/api/students/${f.studentId}/national-id`),
  ),
  ...manageCases('POST /api/staff', MANAGERS, 201, (s, f) =>
    s.call('POST', '/api/staff', {
      orgId: f.deptId,
      staffNo: `MXS${++seq}`,
      name: '矩阵职工',
      kind: 'staff',
    }),
  ),
  ...manageCases('PATCH /api/staff/{id}', MANAGERS, 200, (s, f) =>
    s.call('PATCH', `/api/staff/${f.staffId}`, { title: '保安员' }),
  ),
  // ---- grids: org-wide readers, plus the leader and the worker of the grid itself (G-S03)
  ...readCases(
    'GET /api/grids',
    [...GRID_ORG_READERS, 'counselor', 'grid_leader', 'grid_worker'],
    (f) => f.gridId,
  ),
  // The grid tree read lazily (its top, one page) and a search with the matches' ancestors: the
  // same readers, and nothing of the other school, not even as an ancestor.
  ...[
    'GET /api/grids?roots=true&pageSize=50',
    'GET /api/grids?q=G-&withAncestors=true&page=1&pageSize=200',
  ].map((route): Case => ({
    route,
    run: (s) => s.call('GET', route.split(' ')[1]!),
    own: only(200, [...GRID_ORG_READERS, 'counselor', 'grid_leader', 'grid_worker'], 403),
    listHidesOther: (body, f) => !body.includes(f.other.gridId),
  })),
  ...oneCase('GET /api/grids/{id}', GRID_READERS, (s, f) => s.call('GET', `/api/grids/${f.gridId}`), {
    counselor: 404,
  }),
  ...oneCase(
    'GET /api/grids/{id}/students',
    GRID_READERS,
    (s, f) => s.call('GET', `/api/grids/${f.gridId}/students`),
    {
      counselor: 404,
    },
  ),
  ...oneCase(
    'GET /api/grids/{id}/places',
    GRID_READERS,
    (s, f) => s.call('GET', `/api/grids/${f.gridId}/places`),
    {
      counselor: 404,
    },
  ),
  ...gridManageCases('PATCH /api/grids/{id}', 200, (s, f) =>
    s.call('PATCH', `/api/grids/${f.gridId}`, { responsibilities: ['楼内每日安全巡查', `矩阵 ${++seq}`] }),
  ),
  ...gridManageCases('POST /api/grids', 201, (s, f) =>
    s.call('POST', '/api/grids', {
      schoolId: f.schoolId,
      parentId: f.gridId,
      level: 'floor',
      code: `MXG-${++seq}`,
      name: '矩阵网格',
    }),
  ),
  ...gridManageCases('DELETE /api/grids/{id}', 204, async (s, f) =>
    s.call('DELETE', `/api/grids/${await leafGrid(f)}`),
  ),
  ...gridManageCases('PUT /api/grids/{id}/bindings', 200, async (s, f) =>
    s.call('PUT', `/api/grids/${await leafGrid(f)}/bindings`, { orgIds: [], placeIds: [] }),
  ),
  ...gridManageCases('POST /api/grids/{id}/members', 200, (s, f, t) =>
    s.call('POST', `/api/grids/${f.gridId}/members`, {
      userId: t === 'own' ? fx.own.userId : fx.other.userId,
      position: 'grid_worker',
    }),
  ),
  ...gridManageCases('DELETE /api/grids/{id}/members/{userId}', 200, async (s, f, t) => {
    const userId = t === 'own' ? fx.own.userId : fx.other.userId;
    const add = await sessions.system_admin.call('POST', `/api/grids/${f.gridId}/members`, {
      userId,
      position: 'grid_worker',
    });
    expect(add.statusCode).toBe(200);
    return s.call('DELETE', `/api/grids/${f.gridId}/members/${userId}`);
  }),
  ...oneCase(
    'GET /api/coverage',
    GRID_READERS,
    (s, f) => s.call('GET', `/api/coverage?schoolId=${f.schoolId}`),
    {
      counselor: 404,
      grid_leader: 404,
      grid_worker: 404,
    },
  ),
  ...oneCase('GET /api/map', PLACE_READERS, (s, f) => s.call('GET', `/api/map?schoolId=${f.schoolId}`)),
  ...oneCase('GET /api/map/buildings/{id}', PLACE_READERS, (s, f) =>
    s.call('GET', `/api/map/buildings/${f.buildingId}`),
  ),
  // ---- alarms: everyone of a school may press SOS; the security room, grid centre, guards and the
  // police of the jurisdiction see and handle incidents; supervisors read them
  {
    route: 'POST /api/alarms/sos',
    run: (s) => s.call('POST', '/api/alarms/sos', { idempotencyKey: `sos-matrix-${++seq}` }),
    // Accounts outside any school (platform, police, bureau) are told to call 110 instead.
    own: only(400, ['system_admin', 'police', 'supervisor'], 201),
  },
  ...manageCases('POST /api/alarms', ALARM_RAISERS, 201, (s, f) =>
    s.call('POST', '/api/alarms', {
      schoolId: f.schoolId,
      idempotencyKey: `manual-matrix-${++seq}`,
      alarmClass: 'staff_assist',
    }),
  ),
  ...manageCases('POST /api/alarm-devices', MANAGERS, 201, (s, f) =>
    s.call('POST', '/api/alarm-devices', {
      schoolId: f.schoolId,
      code: `MXD-${++seq}`,
      name: '矩阵报警器',
      kind: 'gate',
    }),
  ),
  ...manageCases('POST /api/alarm-devices/{id}/test', MANAGERS, 201, (s, f) =>
    s.call('POST', `/api/alarm-devices/${f.deviceId}/test`),
  ),
  {
    route: 'GET /api/alarm-devices',
    run: (s) => s.call('GET', '/api/alarm-devices'),
    own: only(200, ALARM_READERS, 403),
    listHidesOther: (body, f) => !body.includes(f.other.deviceId),
  },
  {
    route: 'GET /api/incidents',
    run: (s) => s.call('GET', '/api/incidents'),
    own: only(200, ALARM_READERS, 403),
    listHidesOther: (body, f) => !body.includes(f.other.incidentId),
  },
  {
    route: 'GET /api/incidents/{id}',
    run: (s, _r, t, f) => s.call('GET', `/api/incidents/${targetOf(t, f).incidentId}`),
    // Everyone may follow an alarm they raised; others' are 404 to those who cannot read alarms there.
    own: only(200, ALARM_READERS, 404),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  {
    route: 'POST /api/incidents/{id}/actions',
    run: async (s, _r, t, f) =>
      s.call('POST', `/api/incidents/${await freshIncident(targetOf(t, f).schoolId)}/actions`, {
        action: 'acknowledge',
      }),
    own: only(200, ALARM_HANDLERS, 403),
    other: only(404, ALARM_HANDLERS, 403, { system_admin: 200 }),
  },
  {
    route: 'GET /api/plan-templates',
    run: (s) => s.call('GET', '/api/plan-templates'),
    own: only(200, ALARM_READERS, 403),
  },
  {
    route: 'POST /api/incidents/{id}/plans',
    run: (s, _r, t, f) =>
      s.call('POST', `/api/incidents/${targetOf(t, f).incidentId}/plans`, { type: 'evacuation' }),
    own: only(200, ALARM_HANDLERS, 403),
    other: only(404, ALARM_HANDLERS, 403, { system_admin: 200 }),
  },
  {
    route: 'POST /api/incidents/{id}/plan-steps/{stepId}/done',
    // A step id that is not of this incident: 404 to whoever may act on it at all.
    run: (s, _r, t, f) =>
      s.call(
        'POST',
        `/api/incidents/${targetOf(t, f).incidentId}/plan-steps/01900000-0000-7000-8000-000000000002/done`,
      ),
    own: only(404, ALARM_HANDLERS, 403),
    other: only(404, ALARM_HANDLERS, 403),
  },
  {
    route: 'POST /api/incidents/{id}/notes',
    run: (s, _r, t, f) =>
      s.call('POST', `/api/incidents/${targetOf(t, f).incidentId}/notes`, { note: '矩阵备注' }),
    own: only(200, ALARM_HANDLERS, 403),
    other: only(404, ALARM_HANDLERS, 403, { system_admin: 200 }),
  },
  // issue 14: the caller's full number where masked (audited); the school's duty number for the SOS
  // page; where a phone's fix stands in the caller's own school
  {
    route: 'POST /api/incidents/{id}/caller-phone',
    run: (s, _r, t, f) => s.call('POST', `/api/incidents/${targetOf(t, f).incidentId}/caller-phone`),
    own: only(200, ALARM_HANDLERS, 403),
    other: only(404, ALARM_HANDLERS, 403, { system_admin: 200 }),
  },
  {
    route: 'GET /api/alarms/sos-contacts',
    run: (s) => s.call('GET', '/api/alarms/sos-contacts'),
    own: only(200, ROLES, 403),
  },
  {
    route: 'GET /api/places/locate',
    run: (s) => s.call('GET', '/api/places/locate?lon=118.552&lat=37.456'),
    // Accounts outside any school have no outlines of their own to place the fix on.
    own: only(404, NO_SCHOOL, 200),
  },
  {
    route: 'GET /api/alarm-overview',
    run: (s) => s.call('GET', '/api/alarm-overview'),
    own: only(200, ALARM_READERS, 403),
    listHidesOther: (body) => !body.includes('垦利区第二中学'),
  },
  // ---- drills and device tests: the security office and grid centre run them; the police of the
  // jurisdiction acknowledge the report (报备)
  {
    route: 'GET /api/drills',
    run: (s) => s.call('GET', '/api/drills'),
    own: only(200, ALARM_READERS, 403),
    listHidesOther: (body, f) => !body.includes(f.other.drillId),
  },
  ...oneCase('GET /api/drills/{id}', ALARM_READERS, (s, f) => s.call('GET', `/api/drills/${f.drillId}`)),
  ...manageCases('POST /api/drills', DRILLERS, 201, (s, f) =>
    s.call('POST', '/api/drills', drillBody(f.schoolId)),
  ),
  ...manageCases('POST /api/drills/{id}/acknowledge', ['system_admin', 'police'], 200, async (s, f) =>
    s.call('POST', `/api/drills/${await freshDrill(f.schoolId)}/acknowledge`),
  ),
  ...manageCases('POST /api/drills/{id}/start', DRILLERS, 200, async (s, f) =>
    s.call('POST', `/api/drills/${await freshDrill(f.schoolId)}/start`),
  ),
  ...manageCases('POST /api/drills/{id}/finish', DRILLERS, 200, async (s, f) =>
    s.call('POST', `/api/drills/${await freshDrill(f.schoolId, true)}/finish`, { evacuationSeconds: 100 }),
  ),
  ...manageCases('POST /api/drills/{id}/cancel', DRILLERS, 200, async (s, f) =>
    s.call('POST', `/api/drills/${await freshDrill(f.schoolId)}/cancel`, { reason: '矩阵取消' }),
  ),
  // ---- requests (接诉即办): everyone of a school files and follows their own; the grid centre
  // dispatches; the unit a request is dispatched to handles it; the school and supervisors read
  // them; the grid centre alone reads who filed a sealed one
  {
    route: 'GET /api/requests',
    run: (s) => s.call('GET', '/api/requests?pageSize=100'),
    // The guard and the counselor reach what is dispatched to their department or grids; the police
    // and students only file.
    own: only(403, ['police', 'reporter'], 200),
    listHidesOther: (body, f) => !body.includes(f.other.requestId),
  },
  {
    route: 'GET /api/requests/export',
    run: (s) => s.call('GET', '/api/requests/export'),
    own: only(403, ['police', 'reporter'], 200),
  },
  {
    route: 'GET /api/requests/queue',
    // Whatever is expected of the caller: nothing at all is 200 with no items.
    run: (s) => s.call('GET', '/api/requests/queue'),
    own: only(200, ROLES, 200),
    listHidesOther: (body, f) => !body.includes(f.other.requestId),
  },
  {
    route: 'GET /api/requests/{id}',
    run: (s, _r, t, f) => s.call('GET', `/api/requests/${targetOf(t, f).requestId}`),
    // Outside the centre, the readers' scope and the unit it is dispatched to: not found.
    own: only(200, [...REQUEST_READERS, ...REQUEST_UNIT], 404),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  {
    route: 'POST /api/requests/{id}/actions',
    // The unit signs (签收); the centre may take the unit's steps; a supervisor reads, never handles.
    run: async (s, _r, t, f) =>
      s.call('POST', `/api/requests/${await freshRequest(targetOf(t, f))}/actions`, {
        action: 'sign',
        version: 1,
      }),
    own: only(200, [...REQUEST_CENTRE, ...REQUEST_UNIT], 404, { supervisor: 403 }),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  {
    route: 'POST /api/requests/{id}/messages',
    run: (s, _r, t, f) =>
      s.call('POST', `/api/requests/${targetOf(t, f).requestId}/messages`, {
        body: '矩阵备注',
        internal: true,
      }),
    own: only(200, [...REQUEST_CENTRE, ...REQUEST_UNIT], 404, { supervisor: 403 }),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  {
    route: 'GET /api/requests/{id}/reporter',
    // Who filed a sealed request: the grid centre alone, not even the platform's administrators.
    run: (s, _r, t, f) => s.call('GET', `/api/requests/${targetOf(t, f).requestId}/reporter`),
    own: only(200, ['grid_center'], 403),
    other: only(404, ['grid_center'], 403),
  },
  {
    route: 'GET /api/requests/{id}/photos/{fileId}',
    // Whoever may read the request, and its reporter.
    run: (s, _r, t, f) => {
      const r = targetOf(t, f);
      return s.call('GET', `/api/requests/${r.requestId}/photos/${r.photoId}`);
    },
    own: only(200, [...REQUEST_READERS, ...REQUEST_UNIT, 'reporter'], 404),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  ...manageCases('POST /api/requests/hotline', REQUEST_CENTRE, 201, (s, f) =>
    s.call('POST', '/api/requests/hotline', {
      idempotencyKey: `mx-hotline-${++seq}`,
      schoolId: f.schoolId,
      categoryId: f.categoryId,
      description: '矩阵热线：宿舍楼道灯不亮',
    }),
  ),
  {
    route: 'GET /api/request-rates',
    run: (s) => s.call('GET', '/api/request-rates?groupBy=school'),
    own: only(200, [...REQUEST_READERS, ...GRID_REQUEST_READERS], 403),
    listHidesOther: (body) => !body.includes('垦利区第二中学'),
  },
  // ---- the reporter's side: the form of one's own school, and one's own requests only
  {
    route: 'GET /api/request-catalogue',
    // A QR code of another school's place names no place here.
    run: (s, _r, _t, f) => s.call('GET', `/api/request-catalogue?placeId=${f.other.buildingId}`),
    own: only(400, NO_SCHOOL, 200),
    listHidesOther: (body, f) => !body.includes(f.other.buildingId) && !body.includes(f.other.categoryId),
  },
  {
    route: 'GET /api/request-places',
    run: (s) => s.call('GET', `/api/request-places?q=${encodeURIComponent('教学楼')}`),
    own: only(400, NO_SCHOOL, 200),
    listHidesOther: (body, f) => !body.includes(f.other.buildingId),
  },
  {
    route: 'POST /api/requests',
    // Filed with one's own school: another school's category is not found there.
    run: (s, _r, t, f) =>
      s.call('POST', '/api/requests', {
        idempotencyKey: `mx-file-${++seq}`,
        categoryId: targetOf(t, f).categoryId,
        description: '矩阵诉求：宿舍楼道灯不亮',
      }),
    own: only(400, NO_SCHOOL, 201),
    other: only(400, NO_SCHOOL, 404),
  },
  {
    route: 'GET /api/my/requests',
    run: (s) => s.call('GET', '/api/my/requests'),
    own: only(200, ROLES, 200),
    listHidesOther: (body, f) => !body.includes(f.other.requestId),
  },
  {
    route: 'GET /api/my/requests/{id}',
    // Its reporter's view: to everyone else, the platform's administrators too, not theirs.
    run: (s, _r, t, f) => s.call('GET', `/api/my/requests/${targetOf(t, f).requestId}`),
    own: only(200, ['reporter'], 404),
    other: only(404, ROLES, 404),
  },
  {
    route: 'POST /api/my/requests/{id}/messages',
    run: (s, _r, t, f) =>
      s.call('POST', `/api/my/requests/${targetOf(t, f).requestId}/messages`, { body: '矩阵留言' }),
    own: only(200, ['reporter'], 404),
    other: only(404, ROLES, 404),
  },
  {
    route: 'POST /api/my/requests/{id}/rating',
    run: async (s, _r, t, f) =>
      s.call(
        'POST',
        `/api/my/requests/${t === 'own' ? await answeredRequest(f) : f.other.requestId}/rating`,
        { contacted: true, solved: true, satisfaction: 5 },
      ),
    own: only(200, ['reporter'], 404),
    other: only(404, ROLES, 404),
  },
  {
    route: 'GET /api/my/requests/{id}/photos/{fileId}',
    // The same check as through the request: its readers, and its reporter.
    run: (s, _r, t, f) => {
      const r = targetOf(t, f);
      return s.call('GET', `/api/my/requests/${r.requestId}/photos/${r.photoId}`);
    },
    own: only(200, [...REQUEST_READERS, ...REQUEST_UNIT, 'reporter'], 404),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  // The private link is its own credential (test/db/requests.test.ts), for anonymous reporters too.
  { route: 'GET /api/requests/track/{token}', public: true },
  { route: 'POST /api/requests/track/{token}/messages', public: true },
  { route: 'POST /api/requests/track/{token}/rating', public: true },
  { route: 'GET /api/requests/track/{token}/photos/{fileId}', public: true },
  // ---- the catalogue: read by whoever reads or handles the school's requests, kept by the centre
  {
    route: 'GET /api/schools/{schoolId}/request-categories',
    run: (s, _r, t, f) => s.call('GET', `/api/schools/${targetOf(t, f).schoolId}/request-categories`),
    own: only(200, [...REQUEST_READERS, ...GRID_REQUEST_READERS, 'guard'], 403),
    other: only(404, [...REQUEST_READERS, ...GRID_REQUEST_READERS, 'guard'], 403, { system_admin: 200 }),
  },
  ...manageCases('POST /api/request-categories', REQUEST_CENTRE, 201, (s, f) =>
    s.call('POST', '/api/request-categories', { schoolId: f.schoolId, ...categoryFields() }),
  ),
  ...manageCases('PUT /api/request-categories/{id}', REQUEST_CENTRE, 200, async (s, f) =>
    s.call('PUT', `/api/request-categories/${await freshCategory(f.schoolId)}`, {
      ...categoryFields(),
      version: 1,
    }),
  ),
  ...manageCases('GET /api/schools/{schoolId}/request-routes', REQUEST_CENTRE, 200, (s, f) =>
    s.call('GET', `/api/schools/${f.schoolId}/request-routes`),
  ),
  ...manageCases('POST /api/schools/{schoolId}/request-routes', REQUEST_CENTRE, 201, async (s, f) =>
    s.call('POST', `/api/schools/${f.schoolId}/request-routes`, {
      categoryId: await freshCategory(f.schoolId),
      unitGridId: f.gridId,
    }),
  ),
  ...manageCases('DELETE /api/request-routes/{id}', REQUEST_CENTRE, 204, async (s, f) =>
    s.call('DELETE', `/api/request-routes/${await freshRoute(f)}`),
  ),
  {
    route: 'GET /api/schools/{schoolId}/request-settings',
    run: (s, _r, t, f) => s.call('GET', `/api/schools/${targetOf(t, f).schoolId}/request-settings`),
    own: only(200, REQUEST_READERS, 403, { grid_leader: 404, grid_worker: 404, counselor: 404 }),
    other: only(404, [...REQUEST_READERS, ...GRID_REQUEST_READERS], 403, { system_admin: 200 }),
  },
  ...manageCases('PUT /api/schools/{schoolId}/request-settings', REQUEST_CENTRE, 200, async (s, f) => {
    const current = await sessions.system_admin.call('GET', `/api/schools/${f.schoolId}/request-settings`);
    expect(current.statusCode).toBe(200);
    const { calendar, weights } = current.json<{ calendar: unknown; weights: unknown }>();
    return s.call('PUT', `/api/schools/${f.schoolId}/request-settings`, { calendar, weights });
  }),
  ...manageCases('GET /api/schools/{schoolId}/open311-clients', REQUEST_CENTRE, 200, (s, f) =>
    s.call('GET', `/api/schools/${f.schoolId}/open311-clients`),
  ),
  ...manageCases('DELETE /api/open311-clients/{id}', REQUEST_CENTRE, 204, async (s, f) =>
    s.call('DELETE', `/api/open311-clients/${await freshOpen311Client(f.schoolId)}`),
  ),
  ...manageCases('POST /api/schools/{schoolId}/open311-clients', REQUEST_CENTRE, 201, (s, f) =>
    s.call('POST', `/api/schools/${f.schoolId}/open311-clients`, { name: `矩阵客户端${++seq}` }),
  ),
  ...manageCases('GET /api/request-qr/{buildingId}', REQUEST_CENTRE, 200, (s, f) =>
    s.call('GET', `/api/request-qr/${f.buildingId}`),
  ),
  // Open311 (not under /api): clients authenticate by their api_key (test/db/requests.test.ts),
  // not by a session; reads are a public view, keyless where the school allows it, and a public
  // request's photo is served at an address only the server makes (test/db/hardening-open311.test.ts).
  { route: 'GET /open311/v2/discovery.{format}', public: true },
  { route: 'GET /open311/v2/services.{format}', public: true },
  { route: 'GET /open311/v2/services/{code}.{format}', public: true },
  { route: 'POST /open311/v2/requests.{format}', public: true },
  { route: 'GET /open311/v2/requests.{format}', public: true },
  { route: 'GET /open311/v2/requests/{id}.{format}', public: true },
  { route: 'GET /open311/v2/tokens/{token}.{format}', public: true },
  { route: 'GET /open311/v2/servicerequestupdates.{format}', public: true },
  { route: 'GET /open311/v2/media/{no}/{key}', public: true },
  // ---- CAP: the office keeps the feeds it subscribes to; the feed it publishes is public by
  // nature (public alerts only, no personal data: test/services/cap-feed.test.ts)
  {
    route: 'GET /api/cap/subscriptions',
    run: (s) => s.call('GET', '/api/cap/subscriptions'),
    own: only(200, CAP_READERS, 403),
  },
  ...manageCases('POST /api/cap/subscriptions', MANAGERS, 201, (s, f) =>
    s.call('POST', '/api/cap/subscriptions', {
      orgId: f.schoolId,
      name: `矩阵预警源${++seq}`,
      url: `http://127.0.0.1:9/matrix-${seq}.atom`,
    }),
  ),
  ...manageCases('DELETE /api/cap/subscriptions/{id}', MANAGERS, 204, async (s, f) =>
    s.call('DELETE', `/api/cap/subscriptions/${await freshCapSubscription(f.schoolId)}`),
  ),
  ...manageCases('POST /api/cap/subscriptions/{id}/poll', MANAGERS, 202, async (s, f) =>
    s.call('POST', `/api/cap/subscriptions/${await capSubscriptionOf(f.schoolId)}/poll`),
  ),
  {
    route: 'GET /api/cap/subscriptions/{id}/rejects',
    run: async (s, _r, t, f) =>
      s.call('GET', `/api/cap/subscriptions/${await capSubscriptionOf(targetOf(t, f).schoolId)}/rejects`),
    own: only(200, CAP_READERS, 403),
    other: only(404, CAP_READERS, 403, { system_admin: 200 }),
  },
  {
    route: 'GET /api/cap/inbound',
    run: (s) => s.call('GET', '/api/cap/inbound'),
    own: only(200, CAP_READERS, 403),
  },
  { route: 'GET /cap/alerts/{file}', public: true },
  { route: 'GET /cap/{org}/feed.atom', public: true },
  // ---- notifications: each user their own
  {
    route: 'GET /api/notifications',
    run: (s) => s.call('GET', '/api/notifications'),
    own: only(200, ROLES, 200),
  },
  {
    route: 'POST /api/notifications/{id}/read',
    // Nobody has been notified in the matrix: an id that is not yours answers 404.
    run: (s) => s.call('POST', '/api/notifications/01900000-0000-7000-8000-000000000001/read'),
    own: only(404, ROLES, 404),
  },
  {
    route: 'GET /api/notifications/unread-count',
    run: (s) => s.call('GET', '/api/notifications/unread-count'),
    own: only(200, ROLES, 200),
  },
  {
    // Only ever the caller's own rows: a kind nobody was told of marks none.
    route: 'POST /api/notifications/read-all',
    run: (s) => s.call('POST', '/api/notifications/read-all', { kind: 'matrix' }),
    own: only(200, ROLES, 200),
  },
  // ---- the notification centre: 发送记录 over one's organisations, own settings, the platform's templates
  // Providers post receipts with their own signature, not a session (test/db/notify-centre.test.ts).
  { route: 'POST /api/notify/receipts/{provider}', public: true },
  {
    route: 'GET /api/notify/records',
    run: (s) => s.call('GET', '/api/notify/records'),
    own: only(200, NOTIFY_RECORDS, 403),
    listHidesOther: (body, f) => !body.includes(f.other.userId),
  },
  {
    route: 'GET /api/notify/records/{id}',
    run: async (s, _r, t, f) => s.call('GET', `/api/notify/records/${await smsRecord(f, t)}`),
    own: only(200, ['system_admin', 'school_admin'], 403, { supervisor: 404 }),
    other: only(200, ['system_admin'], 403, { school_admin: 404, supervisor: 404 }),
  },
  {
    route: 'POST /api/notify/records/{id}/retry',
    // Only a failed delivery is sent again: the matrix's is still queued (409 to those who see it).
    run: async (s, _r, t, f) => s.call('POST', `/api/notify/records/${await smsRecord(f, t)}/retry`),
    own: only(409, ['system_admin', 'school_admin'], 403, { supervisor: 404 }),
    other: only(409, ['system_admin'], 403, { school_admin: 404, supervisor: 404 }),
  },
  {
    route: 'GET /api/notify/prefs',
    run: (s) => s.call('GET', '/api/notify/prefs'),
    own: only(200, ROLES, 200),
  },
  {
    route: 'PUT /api/notify/prefs',
    run: (s) =>
      s.call('PUT', '/api/notify/prefs', {
        quietHours: { from: '22:30', to: '06:30' },
        digestChannel: 'email',
        contacts: {},
      }),
    own: only(200, ROLES, 200),
  },
  {
    route: 'GET /api/notify/templates',
    run: (s) => s.call('GET', '/api/notify/templates'),
    own: only(200, ['system_admin'], 403),
  },
  {
    route: 'PUT /api/notify/templates',
    run: (s) =>
      s.call('PUT', '/api/notify/templates', {
        provider: 'aliyun-sms',
        noticeKind: null,
        severity: 'alarm',
        templateCode: 'SMS_000001',
        params: { title: '{title}' },
      }),
    own: only(200, ['system_admin'], 403),
  },
  {
    route: 'DELETE /api/notify/templates/{id}',
    run: (s) => s.call('DELETE', '/api/notify/templates/01900000-0000-7000-8000-000000000001'),
    own: only(404, ['system_admin'], 403),
  },
  // ---- imports: whoever may change that kind of data in that school
  {
    route: 'GET /api/imports/kinds',
    run: (s) => s.call('GET', '/api/imports/kinds'),
    own: only(200, ROLES, 200),
  },
  {
    route: 'GET /api/imports/templates/{kind}',
    run: (s) => s.call('GET', '/api/imports/templates/students'),
    own: only(200, MANAGERS, 403),
  },
  {
    route: 'GET /api/imports',
    run: (s) => s.call('GET', '/api/imports'),
    own: only(200, [...MANAGERS, 'grid_center', 'grid_leader', 'counselor'], 403),
    listHidesOther: (body, f) => !body.includes(f.other.importId),
  },
  ...manageCases('POST /api/imports', MANAGERS, 202, (s, f) => uploadSheet(s, f.schoolId, 'X')),
  ...manageCases('GET /api/imports/{id}', MANAGERS, 200, (s, f) =>
    s.call('GET', `/api/imports/${f.importId}`),
  ),
  ...manageCases('GET /api/imports/{id}/problems.xlsx', MANAGERS, 200, (s, f) =>
    s.call('GET', `/api/imports/${f.importId}/problems.xlsx`),
  ),
  ...manageCases('POST /api/imports/{id}/apply', MANAGERS, 202, (s, f) =>
    s.call('POST', `/api/imports/${f.importId}/apply`),
  ),
  // ---- grid tasks (网格任务): the holders of a grid fill its checklists on the phone; the office reads
  // them and keeps the templates and schedules; supervisors of linked schools read them
  {
    route: 'GET /api/tasks/today',
    // The platform admin holds task.do everywhere but no grid: an empty list.
    run: (s) => s.call('GET', '/api/tasks/today'),
    own: only(200, TASK_DOERS, 403),
    listHidesOther: (body, f) => !body.includes(f.other.taskId),
  },
  {
    route: 'GET /api/tasks/{id}',
    // Those with neither task.read nor task.do over it are not told it exists.
    run: (s, _r, t, f) => s.call('GET', `/api/tasks/${targetOf(t, f).taskId}`),
    own: only(200, S03_TASK_READERS, 404),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  {
    route: 'POST /api/tasks/{id}/complete',
    // Only a holder of the task's grid fills it in (school.admin through the campus grid). The
    // platform admin reads every task but holds no grid: refused. The counselor's task.do covers
    // the class grids only: G-S03's task is not found.
    run: async (s, _r, t, f) =>
      s.call('POST', `/api/tasks/${await freshTask(targetOf(t, f))}/complete`, checklist(`mx-done-${++seq}`)),
    own: only(200, ['school_admin', 'grid_leader', 'grid_worker'], 403, { counselor: 404 }),
    other: only(404, ['school_admin', 'grid_leader', 'grid_worker', 'counselor'], 403),
  },
  {
    route: 'GET /api/tasks',
    run: (s) => s.call('GET', '/api/tasks?pageSize=200'),
    own: only(200, TASK_READERS, 403),
    listHidesOther: (body, f) => !body.includes(f.other.taskId),
  },
  {
    route: 'GET /api/task-board',
    // A grid holder sees their own school's board (the rows of their grids).
    run: (s, _r, t, f) => s.call('GET', `/api/task-board?schoolId=${targetOf(t, f).schoolId}`),
    own: only(200, TASK_READERS, 403),
    other: only(404, TASK_READERS, 403, { system_admin: 200 }),
    listHidesOther: (body, f) => !body.includes(f.other.gridId),
  },
  {
    route: 'GET /api/task-templates',
    run: (s, _r, t, f) => s.call('GET', `/api/task-templates?schoolId=${targetOf(t, f).schoolId}`),
    own: only(200, TASK_READERS, 403),
    other: only(404, TASK_READERS, 403, { system_admin: 200 }),
    listHidesOther: (body, f) => !body.includes(f.other.templateId),
  },
  ...manageCases('POST /api/task-templates', OFFICE, 201, (s, f) =>
    s.call('POST', '/api/task-templates', templateFields(f.schoolId)),
  ),
  ...manageCases('PATCH /api/task-templates/{id}', OFFICE, 200, async (s, f) => {
    const t = await freshTemplate(f.schoolId);
    return s.call('PATCH', `/api/task-templates/${t.id}`, { version: t.version, name: `矩阵检查表${++seq}` });
  }),
  ...manageCases('GET /api/task-schedules', OFFICE, 200, (s, f) =>
    s.call('GET', `/api/task-schedules?schoolId=${f.schoolId}`),
  ),
  ...manageCases('POST /api/task-schedules', OFFICE, 201, (s, f) =>
    s.call('POST', '/api/task-schedules', {
      schoolId: f.schoolId,
      templateId: f.templateId,
      recurrence: 'weekly',
      gridIds: [f.gridId],
    }),
  ),
  ...manageCases('PATCH /api/task-schedules/{id}', OFFICE, 200, (s, f) =>
    s.call('PATCH', `/api/task-schedules/${f.scheduleId}`, { active: true }),
  ),
  // ---- hazards (隐患排查整改): every member of staff reports; the unit answering for a hazard (G-S03's
  // holders; a guard or counselor for their department) rectifies; the office verifies, issues
  // notices, sets deadlines and sends the monthly report; the police and supervisors of linked
  // schools read
  {
    route: 'POST /api/hazards',
    // STAFF_BASE: every staff role reports in its own school; the police in the schools of their
    // jurisdiction. A supervisor's own hazard.report stops at the bureau.
    run: (s, _r, t, f) =>
      s.call('POST', '/api/hazards', {
        key: `mx-hazard-${++seq}`,
        schoolId: targetOf(t, f).schoolId,
        domain: 'fire',
        grade: 'general',
        title: '矩阵隐患：安全出口堆放杂物',
      }),
    own: only(
      201,
      [
        'system_admin',
        'school_admin',
        'grid_center',
        'grid_leader',
        'grid_worker',
        'guard',
        'counselor',
        'police',
      ],
      403,
      { supervisor: 404 },
    ),
    other: only(404, ROLES, 404, { system_admin: 201, reporter: 403 }),
  },
  {
    route: 'POST /api/tasks/{id}/hazards',
    // One tap on a failed item: the grid's holders and the office (hazard.verify); a supervisor
    // reads the task but does not act; those who cannot read the task: not found.
    run: async (s, _r, t, f) =>
      s.call('POST', `/api/tasks/${await failedTask(t, f)}/hazards`, { itemCode: 'APPLIANCE' }),
    own: only(201, [...OFFICE, 'grid_leader', 'grid_worker'], 404, { supervisor: 403 }),
    other: only(404, ROLES, 404, { system_admin: 201 }),
  },
  // 随手拍: no account at all, from a place's QR code (test/db/hazards.test.ts).
  { route: 'GET /api/public/hazard-places/{id}', public: true },
  { route: 'POST /api/public/hazards', public: true },
  {
    route: 'GET /api/hazards',
    // Over the school, over the grids held, or (guard, counselor) their department's hazards.
    run: (s) => s.call('GET', '/api/hazards?pageSize=200'),
    own: only(403, ['reporter'], 200),
    listHidesOther: (body, f) => !body.includes(f.other.hazardId),
  },
  {
    route: 'GET /api/hazards/export',
    run: (s) => s.call('GET', '/api/hazards/export'),
    own: only(403, ['reporter'], 200),
  },
  {
    route: 'GET /api/hazards/supervised',
    // The other school's hazard is major, so flagged (挂牌督办): it would show here if it leaked.
    run: (s) => s.call('GET', '/api/hazards/supervised'),
    own: only(403, ['reporter'], 200),
    listHidesOther: (body, f) => !body.includes(f.other.hazardId),
  },
  {
    route: 'GET /api/hazards/queue',
    run: (s) => s.call('GET', '/api/hazards/queue'),
    own: only(403, ['reporter'], 200),
    listHidesOther: (body, f) => !body.includes(f.other.hazardId),
  },
  {
    route: 'GET /api/hazards/{id}',
    // Not G-S03's guard or counselor (their department does not answer for it): not found.
    run: (s, _r, t, f) => s.call('GET', `/api/hazards/${targetOf(t, f).hazardId}`),
    own: only(200, S03_HAZARD_READERS, 404),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  {
    route: 'POST /api/hazards/{id}/actions',
    // The 五定 of a fresh open hazard: the unit answering for it (G-S03) or the office. The police
    // and supervisors read it but hold neither hazard.rectify nor hazard.verify there.
    run: async (s, _r, t, f) => {
      const h = await freshHazard(targetOf(t, f));
      return s.call('POST', `/api/hazards/${h.id}/actions`, {
        action: 'plan',
        version: h.version,
        plan: {
          person: '矩阵责任人',
          measures: '清理杂物，设置禁止堆放标识',
          funds: 0,
          deadline: new Date(rt.clock.now().getTime() + 86_400_000).toISOString(),
          interim: '',
        },
      });
    },
    own: only(200, [...OFFICE, 'grid_leader', 'grid_worker'], 404, { police: 403, supervisor: 403 }),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  {
    route: 'GET /api/hazards/{id}/photos/{fileId}',
    run: (s, _r, t, f) => {
      const r = targetOf(t, f);
      return s.call('GET', `/api/hazards/${r.hazardId}/photos/${r.hazardPhotoId}`);
    },
    own: only(200, S03_HAZARD_READERS, 404),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  {
    route: 'POST /api/hazards/{id}/notice',
    // The office issues the notice; the unit and the readers may not.
    run: async (s, _r, t, f) =>
      s.call('POST', `/api/hazards/${(await freshHazard(targetOf(t, f))).id}/notice`),
    own: only(200, OFFICE, 404, { grid_leader: 403, grid_worker: 403, police: 403, supervisor: 403 }),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  {
    route: 'GET /api/hazards/{id}/notice.pdf',
    run: (s, _r, t, f) => s.call('GET', `/api/hazards/${targetOf(t, f).hazardId}/notice.pdf`),
    own: only(200, S03_HAZARD_READERS, 404),
    other: only(404, ROLES, 404, { system_admin: 200 }),
  },
  ...schoolHazardCases('GET /api/hazard-settings/{schoolId}', (s, f) =>
    s.call('GET', `/api/hazard-settings/${f.schoolId}`),
  ),
  ...manageCases('PUT /api/hazard-settings/{schoolId}', OFFICE, 200, (s, f) =>
    s.call('PUT', `/api/hazard-settings/${f.schoolId}`, {
      deadlines: { general: 7, serious: 3, major: 1 },
      graceDays: 3,
    }),
  ),
  ...schoolHazardCases('GET /api/hazard-reports/monthly', (s, f) =>
    s.call('GET', `/api/hazard-reports/monthly?schoolId=${f.schoolId}&month=${fx.month}`),
  ),
  ...schoolHazardCases('GET /api/hazard-reports/monthly.pdf', (s, f) =>
    s.call('GET', `/api/hazard-reports/monthly.pdf?schoolId=${f.schoolId}&month=${fx.month}`),
  ),
  ...schoolHazardCases('GET /api/hazard-reports/monthly.xlsx', (s, f) =>
    s.call('GET', `/api/hazard-reports/monthly.xlsx?schoolId=${f.schoolId}&month=${fx.month}`),
  ),
  // Sending again is allowed (each send is kept): no fresh record is needed.
  ...manageCases('POST /api/hazard-reports/monthly/send', OFFICE, 200, (s, f) =>
    s.call('POST', '/api/hazard-reports/monthly/send', { schoolId: f.schoolId, month: fx.month }),
  ),
  {
    route: 'GET /api/hazard-reports',
    // Whoever holds hazard.read somewhere: the reports of the schools they read (a grid holder: none).
    run: (s) => s.call('GET', '/api/hazard-reports'),
    own: only(200, HAZARD_READERS, 403),
    listHidesOther: (body, f) => !body.includes(f.other.reportId),
  },
  ...warningCases(() => sessions.system_admin),
];

type Target = Records & { schoolId: string };
const targetOf = (t: 'own' | 'other', f: Fixture): Target =>
  t === 'own' ? { ...f.own, schoolId: f.own.parentId } : { ...f.other, schoolId: f.other.orgId };

/** A list (and optionally its export): readers 200, the rest 403; the other school's record never listed. */
/** A list and its xlsx export: readers 200, the rest 403; the other school's record never listed. */
function readCases(route: string, readers: Role[], idOf: (r: Records) => string): Case[] {
  const path = route.split(' ')[1]!;
  return [
    {
      route,
      run: (s) => s.call('GET', path),
      own: only(200, readers, 403),
      listHidesOther: (body: string, f: Fixture) => !body.includes(idOf(f.other)),
    },
    {
      route: `${route}/export.xlsx`,
      run: (s: Session) => s.call('GET', `${path}/export.xlsx`),
      own: only(200, readers, 403),
    },
  ];
}

/** One record: readers 200 on their own school's, 404 on another school's; the rest 403. */
function oneCase(
  route: string,
  readers: Role[],
  call: (s: Session, f: Target) => ReturnType<Session['call']>,
  ownExtra: Partial<Record<Role, number>> = {},
): Case[] {
  return [
    {
      route,
      run: (s, _r, t, f) => call(s, targetOf(t, f)),
      own: only(200, readers, 403, ownExtra),
      other: only(404, readers, 403, { system_admin: 200 }),
    },
  ];
}

/** A change by the school's managers: `ok` on their own school, 404 on another; the rest 403. */
function manageCases(
  route: string,
  managers: Role[],
  ok: number,
  call: (s: Session, f: Target) => ReturnType<Session['call']>,
): Case[] {
  return [
    {
      route,
      run: (s, _r, t, f) => call(s, targetOf(t, f)),
      own: only(ok, managers, 403),
      other: only(404, managers, 403, { system_admin: ok }),
    },
  ];
}

/**
 * A grid change: admins and the grid centre, and the grid's own leader (G-S03); 404 elsewhere.
 * The counselor leads their college's class grids, so holds grid.manage there: G-S03 is 404 to them.
 */
function gridManageCases(
  route: string,
  ok: number,
  call: (s: Session, f: Target, t: 'own' | 'other') => ReturnType<Session['call']>,
): Case[] {
  return [
    {
      route,
      run: (s, _r, t, f) => call(s, targetOf(t, f), t),
      own: only(ok, GRID_MANAGERS, 403, { counselor: 404 }),
      other: only(404, [...GRID_MANAGERS, 'counselor'], 403, { system_admin: ok }),
    },
  ];
}

/** A fresh sub-grid (made by the platform admin) to delete or re-bind. */
/** A new account without roles in an organisation, made by the platform administrator. */
async function freshUser(orgId: string): Promise<string> {
  const res = await sessions.system_admin.call('POST', '/api/users', {
    username: `mx.fresh.${++seq}`,
    displayName: '矩阵新用户',
    orgId,
    password: 'Matrix2026a',
    roles: [],
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

/** A pending grid-centre proposal for a new account, proposed by someone other than `role`. */
async function freshProposal(role: Role, t: 'own' | 'other', f: Fixture): Promise<string> {
  const org = t === 'own' ? f.own.classId : f.other.orgId;
  const proposer = t === 'own' && role === 'system_admin' ? sessions.school_admin : sessions.system_admin;
  const id = await freshUser(org);
  const res = await proposer.call('POST', `/api/users/${id}/role-proposals`, {
    orgId: org,
    role: 'grid_center',
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

/** An account whose password an administrator set chooses its own first (the server insists). */
async function ownPassword(s: Session, current: string): Promise<Session> {
  const res = await s.call('POST', '/api/auth/password', {
    currentPassword: current,
    newPassword: `${current}-own`,
  });
  if (res.statusCode !== 204) throw new Error(`password change failed: ${res.body}`);
  return s;
}

async function leafGrid(f: Target): Promise<string> {
  const r = await sessions.system_admin.call('POST', '/api/grids', {
    schoolId: f.schoolId,
    parentId: f.gridId,
    level: 'floor',
    code: `MXL-${++seq}`,
    name: '矩阵子网格',
  });
  expect(r.statusCode).toBe(201);
  return r.json<{ id: string }>().id;
}

const hours = (amount: number) => ({ amount, unit: 'working_hours' });
const days = (amount: number) => ({ amount, unit: 'working_days' });
/** A new request category (its code unique in the run). */
const categoryFields = () => ({
  code: `MXC-${++seq}`,
  name: '矩阵分类',
  groupName: '矩阵',
  policy: {
    respond: hours(2),
    resolve: days(3),
    urgeBefore: hours(4),
    superviseAfter: hours(0),
    noticeAfter: days(2),
  },
});

/** A fresh Open311 client (made by the platform admin), to revoke. */
async function freshOpen311Client(schoolId: string): Promise<string> {
  const r = await sessions.system_admin.call('POST', `/api/schools/${schoolId}/open311-clients`, {
    name: `矩阵待停用${++seq}`,
  });
  expect(r.statusCode).toBe(201);
  return r.json<{ client: { id: string } }>().client.id;
}

/** A fresh CAP subscription of a school (made by the platform admin), to read, poll or remove. */
async function freshCapSubscription(schoolId: string): Promise<string> {
  const r = await sessions.system_admin.call('POST', '/api/cap/subscriptions', {
    orgId: schoolId,
    name: `矩阵预警源${++seq}`,
    url: `http://127.0.0.1:9/fresh-${seq}.atom`,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
}

/** One subscription per school for the cases that leave it as it is (an organisation has at most 20). */
const capSubscriptions = new Map<string, Promise<string>>();
function capSubscriptionOf(schoolId: string): Promise<string> {
  let id = capSubscriptions.get(schoolId);
  if (!id) capSubscriptions.set(schoolId, (id = freshCapSubscription(schoolId)));
  return id;
}

/** A fresh category (made by the platform admin), to change or to route. */
async function freshCategory(schoolId: string): Promise<string> {
  const r = await sessions.system_admin.call('POST', '/api/request-categories', {
    schoolId,
    ...categoryFields(),
  });
  expect(r.statusCode).toBe(201);
  return r.json<{ id: string }>().id;
}

/** A fresh routing rule (of a fresh category, to the school's building grid) to remove. */
async function freshRoute(f: Target): Promise<string> {
  const r = await sessions.system_admin.call('POST', `/api/schools/${f.schoolId}/request-routes`, {
    categoryId: await freshCategory(f.schoolId),
    unitGridId: f.gridId,
  });
  expect(r.statusCode).toBe(201);
  return r.json<{ id: string }>().id;
}

/**
 * A hotline call (entered by the platform admin) at the school's building: the catalogue dispatches
 * it to the building grid (own: G-S03), so the unit may sign it (version 1).
 */
async function freshRequest(f: Target): Promise<string> {
  const r = await sessions.system_admin.call('POST', '/api/requests/hotline', {
    idempotencyKey: `mx-fresh-${++seq}`,
    schoolId: f.schoolId,
    categoryId: f.categoryId,
    description: '矩阵热线：楼道灯不亮',
    placeId: f.buildingId,
  });
  expect({ status: r.statusCode, body: r.body }).toMatchObject({
    status: 201,
    body: expect.stringMatching(/"dispatched"/),
  });
  return r.json<{ id: string }>().id;
}

/** A request the student filed and the centre answered at once: it waits for the student's rating. */
async function answeredRequest(f: Fixture): Promise<string> {
  const r = await sessions.reporter.call('POST', '/api/requests', {
    idempotencyKey: `mx-answered-${++seq}`,
    categoryId: f.own.unroutedCategoryId,
    description: '矩阵诉求：建议延长图书馆开放时间',
  });
  expect(r.statusCode).toBe(201);
  const id = r.json<{ id: string }>().id;
  const a = await sessions.system_admin.call('POST', `/api/requests/${id}/actions`, {
    action: 'answer_directly',
    version: 1,
    message: '已答复',
  });
  expect({ status: a.statusCode, body: a.body }).toMatchObject({
    status: 200,
    body: expect.stringMatching(/"revisit"/),
  });
  return id;
}

/**
 * A school-wide hazard view (settings, the monthly report): hazard.read over the school. A grid
 * holder reads their grid's hazards, not the school's: not found to them.
 */
function schoolHazardCases(
  route: string,
  call: (s: Session, f: Target) => ReturnType<Session['call']>,
): Case[] {
  return [
    {
      route,
      run: (s, _r, t, f) => call(s, targetOf(t, f)),
      own: only(200, SCHOOL_HAZARD_READERS, 403, { grid_leader: 404, grid_worker: 404, counselor: 404 }),
      other: only(404, HAZARD_READERS, 403, { system_admin: 200 }),
    },
  ];
}

/** A new checklist template (its code unique in the run). */
const templateFields = (schoolId: string) => ({
  schoolId,
  code: `MXT-${++seq}`,
  name: '矩阵检查表',
  kind: 'facility_check',
  domain: 'fire',
  items: [{ code: 'EXIT', type: 'yes_no', prompt: '安全出口畅通', required: true, failOn: 'no' }],
});

/** A fresh template (made by the platform admin), to change. */
async function freshTemplate(schoolId: string): Promise<{ id: string; version: number }> {
  const r = await sessions.system_admin.call('POST', '/api/task-templates', templateFields(schoolId));
  expect(r.statusCode).toBe(201);
  return r.json<{ id: string; version: number }>();
}

/**
 * A fresh open task of the school's dormitory checklist in its building grid (own: G-S03): a new
 * daily schedule (made by the platform admin), whose first task is made at once.
 */
async function freshTask(f: Target): Promise<string> {
  const r = await sessions.system_admin.call('POST', '/api/task-schedules', {
    schoolId: f.schoolId,
    templateId: f.templateId,
    recurrence: 'daily',
    gridIds: [f.gridId],
  });
  expect(r.statusCode).toBe(201);
  const made = await rt.kernel.db
    .select({ id: taskInstances.id })
    .from(taskInstances)
    .where(eq(taskInstances.scheduleId, r.json<{ id: string }>().id));
  expect(made).toHaveLength(1);
  return made[0]!.id;
}

/** The dormitory checklist filled in: all well, or APPLIANCE failed (a failure needs its photo). */
const checklist = (key: string, failedOn?: string) => ({
  key,
  answers: [
    failedOn
      ? { code: 'APPLIANCE', value: 'no', photoIds: [failedOn], note: '发现热得快' }
      : { code: 'APPLIANCE', value: 'yes' },
    { code: 'SMOKE', value: 'yes' },
    { code: 'EXIT', value: 'yes' },
    { code: 'NIGHT', value: 'yes' },
    { code: 'DUTY', value: 'yes' },
    { code: 'HYGIENE', value: 'good' },
    { code: 'SIGN', value: '矩阵检查人' },
  ],
});

/** A fresh task done by its grid's own worker with APPLIANCE failed: that item may become a hazard. */
async function failedTask(t: 'own' | 'other', f: Fixture): Promise<string> {
  const worker = t === 'own' ? sessions.grid_worker : otherWorker;
  const id = await freshTask(targetOf(t, f));
  const photo = await uploadFile(rt.app, worker, {});
  expect(photo.statusCode).toBe(201);
  const done = await worker.call(
    'POST',
    `/api/tasks/${id}/complete`,
    checklist(`mx-failed-${++seq}`, photo.json<{ id: string }>().id),
  );
  expect({ status: done.statusCode, failed: done.json<{ failed?: string[] }>().failed }).toEqual({
    status: 200,
    failed: ['APPLIANCE'],
  });
  return id;
}

/**
 * A fresh open hazard (reported by the platform admin) at the school's building: own, at S03 and
 * so answered by G-S03; other, answered by its building grid.
 */
async function freshHazard(f: Target): Promise<{ id: string; version: number }> {
  const r = await sessions.system_admin.call('POST', '/api/hazards', {
    key: `mx-fresh-hazard-${++seq}`,
    schoolId: f.schoolId,
    domain: 'fire',
    grade: 'general',
    title: '矩阵隐患：楼道灭火器压力不足',
    placeId: f.buildingId,
  });
  expect(r.statusCode).toBe(201);
  const h = r.json<{ hazard: { id: string; version: number; unit: { id: string } | null } }>().hazard;
  expect(h.unit?.id).toBe(f.gridId);
  return h;
}

async function uploadSheet(s: Session, schoolId: string, classCode: string) {
  const data = await writeWorkbook([
    {
      name: '学生',
      columns: ['学号', '姓名', '班级'].map((header) => ({ header })),
      rows: [[`MXI${++seq}`, '甲', classCode]],
    },
  ]);
  return uploadImport(rt.app, s, { kind: 'students', schoolId, data });
}

beforeAll(async () => {
  // An SMS provider, so an alarm has an SMS delivery for the 发送记录 routes (never sent: no job runs).
  rt = await testRuntime({ channels: [new TestProvider('sms', 'sms-matrix')] });
  sessions = Object.fromEntries(
    await Promise.all(ROLES.map(async (r) => [r, await rt.login(USERS[r])])),
  ) as Record<Role, Session>;
  const sys = sessions.system_admin;
  const region = await orgId(rt, 'DY');
  const mk = async (code: string, name: string) => {
    const r = await sys.call('POST', '/api/orgs', {
      parentId: region,
      kind: 'school',
      schoolType: 'secondary',
      name,
      code,
    });
    expect(r.statusCode).toBe(201);
    return r.json<{ id: string }>().id;
  };
  const otherSchool = await mk('KL-2Z', '垦利区第二中学');
  const linkSchoolId = await mk('KL-3Z', '垦利区第三中学');
  const classId = await orgId(rt, 'DYVTC-C03-2401');
  const victim = await sys.call('POST', '/api/users', {
    username: 'matrix.own',
    displayName: '本校对象',
    orgId: classId,
    password: 'Victim2026a',
    roles: [{ orgId: classId, role: 'grid_worker' }],
  });
  const stranger = await sys.call('POST', '/api/users', {
    username: 'matrix.other',
    displayName: '外校对象',
    orgId: otherSchool,
    password: 'Victim2026a',
    roles: [{ orgId: otherSchool, role: 'grid_worker' }],
  });
  const school = await orgId(rt, 'DYVTC');
  const ownFile = await upload(sessions.school_admin, school);
  const otherFile = await upload(sys, otherSchool);
  const ok = async <T>(
    res: Promise<{ statusCode: number; json: <J>() => J; body: string }>,
    status = 201,
  ) => {
    const r = await res;
    expect({ status: r.statusCode, body: r.body }).toMatchObject({ status });
    return r.json<T & { id: string }>();
  };
  const admin = sessions.school_admin;
  const first = async (url: string) =>
    (await ok<{ items: { id: string }[] }>(admin.call('GET', url), 200)).items[0]!.id;
  // Own school: demo records (G-S03 is led by grid.leader, grid.worker works in it).
  const s03 = (
    await ok<{ items: { id: string; code: string }[] }>(
      admin.call('GET', `/api/grids?schoolId=${school}&q=G-S03`),
      200,
    )
  ).items.find((g) => g.code === 'G-S03')!;
  const ownImport = await runImport(admin, school, 'DYVTC-C03-2401');
  // Another school, not linked to anyone: one of everything, made by the platform admin.
  const otherClass = await ok(
    sys.call('POST', '/api/orgs', {
      parentId: otherSchool,
      kind: 'class',
      name: '初一1班',
      code: 'KL-2Z-0701',
    }),
  );
  const otherBuilding = await ok(
    sys.call('POST', '/api/places', { schoolId: otherSchool, kind: 'building', code: 'B1', name: '教学楼' }),
  );
  const otherEq = await ok(
    sys.call('POST', '/api/equipment', {
      schoolId: otherSchool,
      kind: 'hydrant',
      code: 'H1',
      name: '消火栓',
      placeId: otherBuilding.id,
    }),
  );
  const otherStudent = await ok(
    sys.call('POST', '/api/students', {
      orgId: otherClass.id,
      studentNo: 'KL1',
      name: '外校学生',
      nationalId: '370502200503011233'.slice(0, 17) + checkDigit('37050220050301123'),
    }),
  );
  const otherStaff = await ok(
    sys.call('POST', '/api/staff', {
      orgId: otherSchool,
      staffNo: 'KLS1',
      name: '外校职工',
      kind: 'teacher',
    }),
  );
  const otherCampus = await ok(
    sys.call('POST', '/api/grids', {
      schoolId: otherSchool,
      level: 'campus',
      code: 'G-KL',
      name: '外校网格',
    }),
  );
  // A sub-grid covers only what its parent covers: the campus grid takes the whole school first.
  await ok(
    sys.call('PUT', `/api/grids/${otherCampus.id}/bindings`, { orgIds: [otherSchool], placeIds: [] }),
    200,
  );
  const otherGrid = await ok(
    sys.call('POST', '/api/grids', {
      schoolId: otherSchool,
      parentId: otherCampus.id,
      level: 'building',
      code: 'G-KL-B1',
      name: '外校楼栋网格',
    }),
  );
  const otherImport = await runImport(sys, otherSchool, 'KL-2Z-0701');
  // Requests. Own: the student files one sealed, with a photo, at S03 (the demo college's catalogue
  // dispatches it to G-S03). Other: the platform admin sets up a category routed to the building
  // grid, and the other school's own account files one there.
  const ownBuilding = await first(`/api/places?schoolId=${school}&kind=building&q=S03`);
  const ownCategories = (
    await ok<{ items: { id: string; code: string }[] }>(
      admin.call('GET', `/api/schools/${school}/request-categories`),
      200,
    )
  ).items;
  const categoryOf = (code: string) => ownCategories.find((c) => c.code === code)!.id;
  const fileRequest = async (s: Session, body: object) => {
    const photo = await ok(uploadFile(rt.app, s, {}));
    const filed = await ok<{ status: string }>(
      s.call('POST', '/api/requests', { ...body, photos: [photo.id], identity: 'sealed' }),
    );
    expect(filed.status).toBe('dispatched');
    return { requestId: filed.id, photoId: photo.id };
  };
  const ownRequest = await fileRequest(sessions.reporter, {
    idempotencyKey: 'own-matrix-request-0001',
    categoryId: categoryOf('DORM'),
    description: '隔壁宿舍每晚12点后还在大声打游戏',
    placeId: ownBuilding,
  });
  const otherCategory = await ok(
    sys.call('POST', '/api/request-categories', { schoolId: otherSchool, ...categoryFields() }),
  );
  await ok(
    sys.call('POST', `/api/schools/${otherSchool}/request-routes`, {
      categoryId: otherCategory.id,
      unitGridId: otherGrid.id,
    }),
  );
  const otherRequest = await fileRequest(
    await ownPassword(await rt.login('matrix.other', 'Victim2026a'), 'Victim2026a'),
    {
      idempotencyKey: 'other-matrix-request-0001',
      categoryId: otherCategory.id,
      description: '教学楼楼道灯不亮',
      placeId: otherBuilding.id,
    },
  );
  // Grid tasks. Own: the demo's schedules generate today's tasks, among them the daily dormitory
  // check of G-S03. Other: the platform admin gives the school the checklist library (no API does)
  // and a daily dormitory check of its building grid, worked by a member of that grid.
  await rt.services.tasks.generate();
  const ownTemplate = (
    await ok<{ id: string; code: string }[]>(admin.call('GET', `/api/task-templates?schoolId=${school}`), 200)
  ).find((t) => t.code === 'DOMAIN-DORM')!.id;
  const ownSchedule = (
    await ok<{ id: string; templateId: string; gridLevel: string | null }[]>(
      admin.call('GET', `/api/task-schedules?schoolId=${school}`),
      200,
    )
  ).find((x) => x.templateId === ownTemplate && x.gridLevel === 'building')!.id;
  const ownTask = (
    await ok<{ items: { id: string; gridId: string; templateId: string; status: string }[] }>(
      sessions.grid_worker.call('GET', '/api/tasks/today'),
      200,
    )
  ).items.find((t) => t.gridId === s03.id && t.templateId === ownTemplate && t.status === 'open')!.id;
  await rt.services.tasks.installLibrary(rt.kernel.db, otherSchool);
  await ok(
    sys.call('PUT', `/api/grids/${otherGrid.id}/bindings`, { orgIds: [], placeIds: [otherBuilding.id] }),
    200,
  );
  const otherTemplate = (
    await ok<{ id: string; code: string }[]>(
      sys.call('GET', `/api/task-templates?schoolId=${otherSchool}`),
      200,
    )
  ).find((t) => t.code === 'DOMAIN-DORM')!.id;
  const otherSchedule = await ok(
    sys.call('POST', '/api/task-schedules', {
      schoolId: otherSchool,
      templateId: otherTemplate,
      recurrence: 'daily',
      gridIds: [otherGrid.id],
    }),
  );
  const [otherTask] = await rt.kernel.db
    .select({ id: taskInstances.id })
    .from(taskInstances)
    .where(eq(taskInstances.scheduleId, otherSchedule.id));
  const otherWorkerUser = await ok(
    sys.call('POST', '/api/users', {
      username: 'matrix.other.worker',
      displayName: '外校网格员',
      orgId: otherSchool,
      password: 'Worker2026a',
      roles: [{ orgId: otherSchool, role: 'grid_worker' }],
    }),
  );
  await ok(
    sys.call('POST', `/api/grids/${otherGrid.id}/members`, {
      userId: otherWorkerUser.id,
      position: 'grid_worker',
    }),
    200,
  );
  otherWorker = await ownPassword(await rt.login('matrix.other.worker', 'Worker2026a'), 'Worker2026a');
  // Hazards, each with a photo and its notice issued. Own: the school admin reports one at S03 (G-S03
  // answers for it). Other: the platform admin reports a major one at its building.
  const hazardOf = async (s: Session, body: object, gridId: string) => {
    const photo = await ok(uploadFile(rt.app, s, {}));
    const { hazard } = await ok<{ hazard: { id: string; gridId: string; unit: { id: string } } }>(
      s.call('POST', '/api/hazards', { ...body, domain: 'dorm', photos: [photo.id] }),
    );
    expect({ grid: hazard.gridId, unit: hazard.unit.id }).toEqual({ grid: gridId, unit: gridId });
    await ok(s.call('POST', `/api/hazards/${hazard.id}/notice`), 200);
    return { hazardId: hazard.id, hazardPhotoId: photo.id };
  };
  const ownHazard = await hazardOf(
    admin,
    {
      key: 'own-matrix-hazard-0001',
      schoolId: school,
      grade: 'general',
      title: '宿舍楼道灭火器压力不足',
      placeId: ownBuilding,
    },
    s03.id,
  );
  const otherHazard = await hazardOf(
    sys,
    {
      key: 'other-matrix-hazard-0001',
      schoolId: otherSchool,
      grade: 'major',
      title: '教学楼外墙瓷砖空鼓脱落',
      placeId: otherBuilding.id,
    },
    otherGrid.id,
  );
  // The monthly hazard report, sent up by each school: the other school gets a supervising bureau
  // of its own (the demo's supervisor does not supervise it).
  const month = chinaDate(rt.clock.now()).slice(0, 7);
  const otherBureau = await ok(
    sys.call('POST', '/api/orgs', {
      parentId: region,
      kind: 'education_bureau',
      name: '垦利区教育局',
      code: 'KL-EDU',
    }),
  );
  const linked = await sys.call('POST', '/api/org-links', {
    kind: 'supervision',
    fromOrgId: otherBureau.id,
    toOrgId: otherSchool,
  });
  expect(linked.statusCode).toBe(204);
  const sendReport = async (s: Session, schoolId: string) =>
    (
      await ok<{ sent: { id: string }[] }>(
        s.call('POST', '/api/hazard-reports/monthly/send', { schoolId, month }),
        200,
      )
    ).sent[0]!.id;
  const ownWork = {
    templateId: ownTemplate,
    scheduleId: ownSchedule,
    taskId: ownTask,
    ...ownHazard,
    reportId: await sendReport(sessions.grid_center, school),
  };
  const otherWork = {
    templateId: otherTemplate,
    scheduleId: otherSchedule.id,
    taskId: otherTask!.id,
    ...otherHazard,
    reportId: await sendReport(sys, otherSchool),
  };
  fx = {
    own: {
      ...ownWork,
      userId: victim.json<{ id: string }>().id,
      orgId: await orgId(rt, 'DYVTC-C03'),
      fileId: ownFile.json<{ id: string }>().id,
      parentId: school,
      classId,
      deptId: await orgId(rt, 'DYVTC-BWC'),
      buildingId: ownBuilding,
      categoryId: categoryOf('DORM'),
      unroutedCategoryId: categoryOf('OTHER'),
      ...ownRequest,
      equipmentId: await first(`/api/equipment?schoolId=${school}`),
      studentId: await first(`/api/students?schoolId=${school}&orgId=${classId}`),
      staffId: await first(`/api/staff?schoolId=${school}`),
      gridId: s03.id,
      importId: ownImport,
      incidentId: (
        await ok<{ id: string }>(
          admin.call('POST', '/api/alarms', {
            schoolId: school,
            idempotencyKey: 'own-matrix-0001',
            alarmClass: 'police',
          }),
        )
      ).id,
      deviceId: (
        await ok<{ device: { id: string } }>(
          admin.call('POST', '/api/alarm-devices', {
            schoolId: school,
            code: 'MX-OWN-GATE',
            name: '本校报警器',
            kind: 'gate',
          }),
        )
      ).device.id,
      drillId: (await ok<{ id: string }>(admin.call('POST', '/api/drills', drillBody(school)))).id,
      groupId: (
        await ok<{ items: { id: string; orgName: string }[] }>(
          admin.call('GET', `/api/student-groups?schoolId=${school}`),
          200,
        )
      ).items.find((g) => g.orgName === '信息工程学院')!.id,
    },
    other: {
      ...otherWork,
      userId: stranger.json<{ id: string }>().id,
      orgId: otherSchool,
      fileId: otherFile.json<{ id: string }>().id,
      classId: otherClass.id,
      deptId: otherSchool,
      buildingId: otherBuilding.id,
      equipmentId: otherEq.id,
      studentId: otherStudent.id,
      staffId: otherStaff.id,
      gridId: otherGrid.id,
      importId: otherImport,
      categoryId: otherCategory.id,
      ...otherRequest,
      groupId: await otherGroup(otherSchool),
      drillId: (await ok<{ id: string }>(sys.call('POST', '/api/drills', drillBody(otherSchool)))).id,
      incidentId: (
        await ok<{ id: string }>(
          sys.call('POST', '/api/alarms', {
            schoolId: otherSchool,
            idempotencyKey: 'other-matrix-0001',
            alarmClass: 'police',
          }),
        )
      ).id,
      deviceId: (
        await ok<{ device: { id: string } }>(
          sys.call('POST', '/api/alarm-devices', {
            schoolId: otherSchool,
            code: 'MX-OTHER-GATE',
            name: '外校报警器',
            kind: 'gate',
          }),
        )
      ).device.id,
    },
    linkSchoolId,
    month,
  };
});

/** Student organisations come from the registry (no API creates them yet): one for the other school. */
async function otherGroup(schoolId: string): Promise<string> {
  const id = newId();
  await rt.kernel.db
    .insert(studentGroups)
    .values({ id, orgId: schoolId, schoolId, name: '外校文学社', kind: 'club', createdAt: new Date() });
  return id;
}

/** A new alarm (entered by the platform admin) for a step to be taken on. */
async function freshIncident(schoolId: string): Promise<string> {
  const r = await sessions.system_admin.call('POST', '/api/alarms', {
    schoolId,
    idempotencyKey: `fresh-matrix-${++seq}`,
    alarmClass: 'staff_assist',
  });
  expect(r.statusCode).toBe(201);
  return r.json<{ id: string }>().id;
}

const drillBody = (schoolId: string) => ({
  schoolId,
  kind: 'drill',
  title: '矩阵演练',
  targetSeconds: 120,
  scheduledAt: new Date(Date.now() + 86_400_000).toISOString(),
});

/** A drill scheduled (and started, if asked) by the platform admin, for a step to be taken on. */
async function freshDrill(schoolId: string, started = false): Promise<string> {
  const r = await sessions.system_admin.call('POST', '/api/drills', drillBody(schoolId));
  expect(r.statusCode).toBe(201);
  const id = r.json<{ id: string }>().id;
  if (started)
    expect((await sessions.system_admin.call('POST', `/api/drills/${id}/start`)).statusCode).toBe(200);
  return id;
}

/** Upload a one-row student sheet and let its dry run finish. */
async function runImport(s: Session, schoolId: string, classCode: string): Promise<string> {
  const r = await uploadSheet(s, schoolId, classCode);
  expect(r.statusCode).toBe(202);
  await rt.kernel.jobs.tick();
  return r.json<{ id: string }>().id;
}

function checkDigit(body17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  return '10X98765432'[w.reduce((a, wi, i) => a + wi * Number(body17[i]), 0) % 11]!;
}
afterAll(async () => rt.dispose());

describe('permission matrix', () => {
  it('covers every route of the API', async () => {
    const doc = rt.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
    );
    const covered = new Set([...CASES.map((c) => c.route), 'GET /api/realtime']);
    expect(routes.filter((r) => !covered.has(r))).toEqual([]);
  });

  it('answers 401 to every non-public route without a session', async () => {
    for (const c of CASES.filter((x) => !x.public)) {
      const [method, path] = c.route.split(' ') as [string, string];
      const url = path.replace('{id}', '01900000-0000-7000-8000-000000000000');
      const res = await rt.app.inject({
        method: method as 'GET',
        url,
        ...(method === 'GET' ? {} : { payload: {} }),
      });
      expect({ route: c.route, status: res.statusCode }).toEqual({ route: c.route, status: 401 });
    }
    const ws = await WsClient.connect(await rt.app.listen({ port: 0, host: '127.0.0.1' }), '');
    await ws.waitFor((w) => w.closeCode !== null);
    expect(ws.closeCode).toBe(4401);
  });

  for (const c of CASES.filter((x) => !x.public)) {
    it(`${c.route}: each role, own school and another school`, async () => {
      const got: string[] = [];
      const want: string[] = [];
      for (const role of ROLES) {
        for (const target of ['own', 'other'] as const) {
          const expected = target === 'own' ? c.own : c.other;
          if (!expected) continue;
          const res = await c.run!(sessions[role], role, target, fx);
          got.push(`${role}/${target}: ${res.statusCode}`);
          want.push(`${role}/${target}: ${statusFor(expected, role)}`);
          if (res.statusCode === 200 && c.listHidesOther && role !== 'system_admin') {
            expect({ role, hidden: c.listHidesOther(res.body ?? '', fx) }).toEqual({ role, hidden: true });
          }
        }
      }
      expect(got).toEqual(want);
    });
  }
});

describe('permission matrix: WebSocket', () => {
  it('a grid worker receives the task, hazard and request events of their grid, not of another grid', async () => {
    const worker = sessions.grid_worker;
    const positions = (await rt.services.auth.actorFor(worker.userId))!.gridPositions ?? [];
    const own = positions.find((p) => p.position === 'member');
    expect(own).toBeDefined();
    const school = await orgId(rt, 'DYVTC');
    const all = await rt.kernel.db
      .select({ id: grids.id, path: grids.path })
      .from(grids)
      .where(eq(grids.schoolId, school));
    // A grid neither above nor below the worker's: the next building's.
    const other = all.find((g) => !g.path.startsWith(own!.gridPath) && !own!.gridPath.startsWith(g.path));
    expect(other).toBeDefined();

    const hub = rt.kernel.realtime;
    hub.start();
    const address = rt.app.server.address();
    const base =
      address && typeof address === 'object'
        ? `http://127.0.0.1:${address.port}`
        : await rt.app.listen({ port: 0, host: '127.0.0.1' });
    const [w, admin] = await Promise.all([
      WsClient.connect(base, worker.cookie),
      WsClient.connect(base, sessions.school_admin.cookie),
    ]);
    await Promise.all([w, admin].map((c) => c.waitFor((x) => x.messages.some((m) => m.type === 'ready'))));
    // Events as the tasks, hazards and requests modules write them: the school's, in a grid.
    const send = (type: string, gridId: string, n: number) =>
      rt.kernel.transaction((tx) =>
        appendEvent(tx, rt.clock, {
          type,
          payload:
            type === 'task.completed'
              ? { id: newId(), gridId, status: 'done' }
              : { id: newId(), no: `WS-${n}`, status: 'open', kind: 'found' },
          orgId: school,
          gridId,
        }),
      );
    const types = ['task.completed', 'hazard.changed', 'request.updated'];
    let n = 0;
    for (const t of types) {
      await send(t, other!.id, n++);
      await send(t, own!.gridId, n++);
    }
    // The school's administrator sees all six (so the other grid's were sent and delivered).
    await admin.waitFor((x) => x.events().filter((e) => types.includes(e.type)).length === 6);
    await w.waitFor((x) => x.events().filter((e) => types.includes(e.type)).length >= 3);
    const got = w.events().filter((e) => types.includes(e.type));
    expect(got.map((e) => `${e.type} ${(e as { gridId?: string }).gridId}`)).toEqual(
      types.map((t) => `${t} ${own!.gridId}`),
    );
    await Promise.all([w.close(), admin.close()]);
    await hub.close();
  });
});
