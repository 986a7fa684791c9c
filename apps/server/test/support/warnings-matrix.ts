import type { Role } from '../../src/kernel/access/index.js';
import type { Session } from './runtime.js';
import { warningBody } from './warnings.js';

/**
 * The warnings routes' rows of the permission matrix (test/db/permission-matrix.test.ts). Every
 * warning is made fresh by the platform administrator: own = of the demo college (东营职业学院,
 * supervised by the demo bureau), other = of the matrix's other school. Expectations by hand.
 */
type Expect = Partial<Record<Role, number>> & { rest: number };
type Target = 'own' | 'other';
interface Fx {
  own: { parentId: string; classId: string };
  other: { orgId: string; classId: string };
}
interface MatrixCase {
  route: string;
  run: (s: Session, role: Role, target: Target, f: Fx) => Promise<{ statusCode: number; body?: string }>;
  own: Expect;
  other?: Expect;
  listHidesOther?: (body: string) => boolean;
}

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

/** warning.read: the office and the bureau supervising the school (through its link) */
const READERS: Role[] = ['system_admin', 'school_admin', 'grid_center', 'supervisor'];
/** warning.send from the school itself: the office (the bureau sends from the bureau only) */
const SENDERS: Role[] = ['system_admin', 'school_admin', 'grid_center'];
/** the whole school receives the own warning: its staff and students, not the platform, police, bureau */
const RECEIVERS: Role[] = [
  'school_admin',
  'grid_center',
  'grid_leader',
  'grid_worker',
  'guard',
  'counselor',
  'reporter',
];
const OTHER_READ = only(404, ['school_admin', 'grid_center', 'supervisor'], 403, { system_admin: 200 });
const OTHER_SEND = (ok: number) =>
  only(404, ['school_admin', 'grid_center', 'supervisor'], 403, { system_admin: ok });
const OWN_CHANGE = only(200, SENDERS, 403);

export function warningCases(sys: () => Session): MatrixCase[] {
  const schoolOf = (t: Target, f: Fx) => (t === 'own' ? f.own.parentId : f.other.orgId);
  const classOf = (t: Target, f: Fx) => (t === 'own' ? f.own.classId : f.other.classId);
  let otherSent: string | null = null;

  /** a fresh warning: a draft, or sent to the whole school, or pending (from a class to the school) */
  async function fresh(t: Target, f: Fx, state: 'draft' | 'sent' | 'pending'): Promise<string> {
    const school = schoolOf(t, f);
    const from = state === 'pending' ? classOf(t, f) : school;
    const r = await sys().call('POST', '/api/warnings', warningBody(from, { orgIds: [school] }));
    if (r.statusCode !== 201) throw new Error(`fresh warning: ${r.statusCode} ${r.body}`);
    const id = r.json<{ warning: { id: string } }>().warning.id;
    if (state !== 'draft') {
      const s = await sys().call('POST', `/api/warnings/${id}/submit`);
      if (s.statusCode !== 200) throw new Error(`submit warning: ${s.statusCode} ${s.body}`);
    }
    return id;
  }
  const withFresh =
    (state: 'draft' | 'sent' | 'pending', call: (s: Session, id: string) => ReturnType<Session['call']>) =>
    async (s: Session, _r: Role, t: Target, f: Fx) =>
      call(s, await fresh(t, f, state));

  return [
    {
      route: 'GET /api/warnings',
      run: async (s, _r, _t, f) => {
        otherSent ??= await fresh('other', f, 'sent');
        return s.call('GET', '/api/warnings?pageSize=100');
      },
      own: only(200, READERS, 403),
      listHidesOther: (body) => !!otherSent && !body.includes(otherSent),
    },
    {
      route: 'POST /api/warnings/preview',
      run: (s, _r, t, f) =>
        s.call('POST', '/api/warnings/preview', {
          orgId: schoolOf(t, f),
          audience: { orgIds: [schoolOf(t, f)] },
        }),
      // The bureau does not send in a school's name: its own organisation is the bureau.
      own: only(200, SENDERS, 403, { supervisor: 404 }),
      other: OTHER_SEND(200),
    },
    {
      route: 'POST /api/warnings',
      run: (s, _r, t, f) =>
        s.call('POST', '/api/warnings', warningBody(schoolOf(t, f), { orgIds: [schoolOf(t, f)] })),
      own: only(201, SENDERS, 403, { supervisor: 404 }),
      other: OTHER_SEND(201),
    },
    {
      route: 'GET /api/warnings/{id}',
      run: withFresh('sent', (s, id) => s.call('GET', `/api/warnings/${id}`)),
      own: only(200, READERS, 403),
      other: OTHER_READ,
    },
    {
      route: 'GET /api/warnings/{id}/recipients',
      run: withFresh('sent', (s, id) => s.call('GET', `/api/warnings/${id}/recipients`)),
      own: only(200, READERS, 403),
      other: OTHER_READ,
    },
    {
      route: 'PATCH /api/warnings/{id}',
      run: withFresh('draft', (s, id) => s.call('PATCH', `/api/warnings/${id}`, { headline: '矩阵修改' })),
      own: OWN_CHANGE,
      other: OTHER_SEND(200),
    },
    {
      route: 'POST /api/warnings/{id}/submit',
      run: withFresh('draft', (s, id) => s.call('POST', `/api/warnings/${id}/submit`)),
      own: OWN_CHANGE,
      other: OTHER_SEND(200),
    },
    {
      route: 'POST /api/warnings/{id}/approve',
      // Submitted by the platform administrator, who therefore may not approve it.
      run: withFresh('pending', (s, id) => s.call('POST', `/api/warnings/${id}/approve`)),
      own: only(200, ['school_admin', 'supervisor'], 403),
      other: only(404, ['school_admin', 'supervisor'], 403),
    },
    {
      route: 'POST /api/warnings/{id}/reject',
      run: withFresh('pending', (s, id) =>
        s.call('POST', `/api/warnings/${id}/reject`, { reason: '矩阵驳回' }),
      ),
      own: only(200, ['school_admin', 'supervisor'], 403),
      other: only(404, ['school_admin', 'supervisor'], 403),
    },
    {
      route: 'POST /api/warnings/{id}/cancel',
      run: withFresh('sent', (s, id) => s.call('POST', `/api/warnings/${id}/cancel`, { reason: '矩阵解除' })),
      own: OWN_CHANGE,
      other: OTHER_SEND(200),
    },
    {
      route: 'POST /api/warnings/{id}/remind',
      run: withFresh('sent', (s, id) => s.call('POST', `/api/warnings/${id}/remind`)),
      own: OWN_CHANGE,
      other: OTHER_SEND(200),
    },
    {
      route: 'GET /api/my-warnings',
      run: (s) => s.call('GET', '/api/my-warnings'),
      own: only(200, [], 200),
    },
    {
      route: 'GET /api/my-warnings/{id}',
      run: withFresh('sent', (s, id) => s.call('GET', `/api/my-warnings/${id}`)),
      own: only(200, RECEIVERS, 404),
      other: only(404, [], 404),
    },
    {
      route: 'POST /api/my-warnings/{id}/acknowledge',
      run: withFresh('sent', (s, id) => s.call('POST', `/api/my-warnings/${id}/acknowledge`)),
      own: only(200, RECEIVERS, 404),
      other: only(404, [], 404),
    },
  ];
}
