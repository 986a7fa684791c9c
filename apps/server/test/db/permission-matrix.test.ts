/**
 * The permission matrix: every route × every role × a record of the caller's own school and of a
 * school outside their reach. Expectations are written out by hand (not derived from the grant
 * table they test). A route missing here fails the first test, so a new route must join the matrix.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/kernel/access/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';
import { WsClient } from '../support/ws.js';
import { uploadFile } from '../support/files.js';

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

interface Fixture {
  own: { userId: string; orgId: string; fileId: string; parentId: string; classId: string };
  other: { userId: string; orgId: string; fileId: string };
  linkSchoolId: string;
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

const upload = (s: Session, org: string) => uploadFile(rt.app, s, { orgId: org });

const MANAGERS: Role[] = ['system_admin', 'school_admin'];
const OTHER_MANAGE: Expect = only(404, ['school_admin'], 403, { system_admin: 0 });

const CASES: Case[] = [
  { route: 'GET /api/health', public: true },
  { route: 'POST /api/auth/login', public: true },
  { route: 'GET /api/auth/demo-accounts', public: true },
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
];

beforeAll(async () => {
  rt = await testRuntime();
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
  fx = {
    own: {
      userId: victim.json<{ id: string }>().id,
      orgId: await orgId(rt, 'DYVTC-C03'),
      fileId: ownFile.json<{ id: string }>().id,
      parentId: school,
      classId,
    },
    other: {
      userId: stranger.json<{ id: string }>().id,
      orgId: otherSchool,
      fileId: otherFile.json<{ id: string }>().id,
    },
    linkSchoolId,
  };
});
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
