import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../src/kernel/audit/audit.tables.js';
import {
  PERMISSIONS,
  ROLE_GRANTS,
  ROLES,
  pathInScope,
  scopeFor,
  systemActor,
  type Actor,
  type Role,
} from '../../src/kernel/access/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime;
let admin: Session;
let sys: Session;
let school: string;
let sealedId: string;

beforeAll(async () => {
  rt = await testRuntime();
  admin = await rt.login('school.admin');
  sys = await rt.login('sysadmin');
  school = await orgId(rt, 'DYVTC');
  const r = <{ rows: { id: string }[] }>await rt.kernel.db.execute(
    `select r.id from requests r join orgs o on o.id = r.school_id
        where r.identity = 'sealed' and o.id = '${school}' limit 1`,
  );
  sealedId = r.rows[0]!.id;
});
afterAll(async () => rt.dispose());

/** Everything a role carries, read from the permission table itself. */
const permissionsOfRole = (role: Role) => [...ROLE_GRANTS[role].own, ...ROLE_GRANTS[role].linked];

let seq = 0;
/** A fresh account of the school, created by the platform administrator. */
async function newUser(roles: { orgId: string; role: Role }[] = [], org = school) {
  const username = `hi.user.${++seq}`;
  const res = await sys.call('POST', '/api/users', {
    username,
    displayName: `加固用户${seq}`,
    orgId: org,
    password: 'Harden2026xy',
    roles,
  });
  expect(res.statusCode).toBe(201);
  return { id: res.json().id as string, username };
}

/** Sign in as a fresh account and choose its own password, as a user would at first sign-in. */
async function firstSignIn(username: string): Promise<Session> {
  const s = await rt.login(username, 'Harden2026xy');
  const changed = await s.call('POST', '/api/auth/password', {
    currentPassword: 'Harden2026xy',
    newPassword: 'Mine2026-own',
  });
  expect(changed.statusCode).toBe(204);
  return s;
}

const loginFrom = (username: string, password: string, ip: string, headers: Record<string, string> = {}) =>
  rt.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: ip,
    headers,
  });

describe('item 2: nobody grants what they do not hold, nor changes their own roles', () => {
  it('a school admin cannot give themself the grid centre and read who filed a sealed request', async () => {
    const res = await admin.call('PUT', `/api/users/${admin.userId}/roles`, {
      roles: [
        { orgId: school, role: 'school_admin' },
        { orgId: school, role: 'grid_center' },
      ],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('users.own_roles');
    expect((await admin.call('GET', `/api/requests/${sealedId}/reporter`)).statusCode).toBe(403);
  });

  it('nor can the platform administrator', async () => {
    const res = await sys.call('PUT', `/api/users/${sys.userId}/roles`, {
      roles: [{ orgId: school, role: 'grid_center' }],
    });
    expect(res.statusCode).toBe(403);
    expect((await sys.call('GET', `/api/requests/${sealedId}/reporter`)).statusCode).toBe(403);
  });

  it('the grid centre role is never granted in one step, by anyone', async () => {
    const target = await newUser([{ orgId: school, role: 'grid_worker' }]);
    for (const s of [admin, sys]) {
      const res = await s.call('PUT', `/api/users/${target.id}/roles`, {
        roles: [{ orgId: school, role: 'grid_center' }],
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('users.needs_two_people');
    }
    const created = await admin.call('POST', '/api/users', {
      username: 'hi.direct.centre',
      displayName: '直接授予',
      orgId: school,
      password: 'Harden2026xy',
      roles: [{ orgId: school, role: 'grid_center' }],
    });
    expect(created.statusCode).toBe(403);
  });

  it('every role an administrator can grant carries only permissions they hold there (granters × all roles × all permissions)', async () => {
    const covers = (a: Actor, p: (typeof PERMISSIONS)[number], path: string) => {
      const s = scopeFor(a, p);
      return !!s && pathInScope(s, path);
    };
    const grantedBy: Record<string, Role[]> = {};
    for (const [name, granter] of [
      ['school.admin', admin],
      ['sysadmin', sys],
    ] as const) {
      const me = (await rt.services.auth.actorFor(granter.userId))!;
      const granted: Role[] = (grantedBy[name] = []);
      for (const role of ROLES) {
        const target = await newUser();
        const res = await granter.call('PUT', `/api/users/${target.id}/roles`, {
          roles: [{ orgId: school, role }],
        });
        if (res.statusCode === 200) {
          granted.push(role);
          // What the new holder reaches, permission by permission, the granter reaches too.
          const t = (await rt.services.auth.actorFor(target.id))!;
          for (const p of PERMISSIONS) {
            const s = scopeFor(t, p);
            if (!s) continue;
            if (s.all) expect(scopeFor(me, p)?.all, `${name} → ${role}: ${p} everywhere`).toBe(true);
            else
              for (const path of s.paths) expect(covers(me, p, path), `${name} → ${role}: ${p}`).toBe(true);
          }
          expect(scopeFor(t, 'request.sealed'), `${name} → ${role}`).toBeNull();
        } else {
          expect(res.statusCode, `${name} → ${role}`).toBe(403);
          const code = res.json().error.code as string;
          if (permissionsOfRole(role).includes('request.sealed')) expect(code).toBe('users.needs_two_people');
          else expect(code).toBe('users.role_not_assignable');
        }
      }
    }
    expect(grantedBy['school.admin']).toEqual([
      'school_admin',
      'grid_leader',
      'grid_worker',
      'guard',
      'counselor',
      'reporter',
    ]);
    expect(grantedBy['sysadmin']).toEqual(
      ROLES.filter((r) => !permissionsOfRole(r).includes('request.sealed')),
    );
  });

  it('two people: one proposes, another confirms; the proposer cannot; then the reporter route answers', async () => {
    const second = await newUser([{ orgId: school, role: 'school_admin' }]);
    const secondAdmin = await firstSignIn(second.username);
    const target = await newUser([{ orgId: school, role: 'grid_worker' }]);

    const own = await admin.call('POST', `/api/users/${admin.userId}/role-proposals`, {
      orgId: school,
      role: 'grid_center',
    });
    expect(own.statusCode).toBe(403);

    const proposed = await admin.call('POST', `/api/users/${target.id}/role-proposals`, {
      orgId: school,
      role: 'grid_center',
      reason: '新任网格中心值班员',
    });
    expect(proposed.statusCode).toBe(201);
    const proposalId = proposed.json().id as string;
    expect(proposed.json().canConfirm).toBe(false);

    const again = await admin.call('POST', `/api/users/${target.id}/role-proposals`, {
      orgId: school,
      role: 'grid_center',
    });
    expect(again.statusCode).toBe(409);

    const selfConfirm = await admin.call('POST', `/api/users/role-proposals/${proposalId}/confirm`);
    expect(selfConfirm.statusCode).toBe(403);
    expect(selfConfirm.json().error.code).toBe('users.own_proposal');

    // Another school's admin and the platform operator cannot confirm either.
    const primary = await rt.login('primary.admin');
    expect((await primary.call('POST', `/api/users/role-proposals/${proposalId}/confirm`)).statusCode).toBe(
      404,
    );
    const bySys = await sys.call('POST', `/api/users/role-proposals/${proposalId}/confirm`);
    expect(bySys.statusCode).toBe(403);
    expect(bySys.json().error.code).toBe('users.cannot_confirm');

    const pending = (await secondAdmin.call('GET', '/api/users/role-proposals')).json().items as {
      id: string;
      canConfirm: boolean;
      proposedByName: string;
    }[];
    expect(pending.find((p) => p.id === proposalId)).toMatchObject({
      canConfirm: true,
      proposedByName: '刘建国（保卫处处长）',
    });

    const targetSession = await firstSignIn(target.username);
    expect((await targetSession.call('GET', `/api/requests/${sealedId}/reporter`)).statusCode).toBe(403);

    const confirmed = await secondAdmin.call('POST', `/api/users/role-proposals/${proposalId}/confirm`);
    expect(confirmed.statusCode).toBe(200);
    expect(
      confirmed
        .json()
        .memberships.map((m: { role: string }) => m.role)
        .sort(),
    ).toEqual(['grid_center', 'grid_worker']);
    const reveal = await targetSession.call('GET', `/api/requests/${sealedId}/reporter`);
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json().identity).toBe('sealed');

    expect((await secondAdmin.call('GET', '/api/users/role-proposals')).json().items).toEqual([]);
    const trail = await rt.kernel.db
      .select({ action: auditLog.action, actorId: auditLog.actorId })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.targetId, target.id),
          inArray(auditLog.action, ['user.role_propose', 'user.role_confirm']),
        ),
      );
    expect(trail).toEqual(
      expect.arrayContaining([
        { action: 'user.role_propose', actorId: admin.userId },
        { action: 'user.role_confirm', actorId: secondAdmin.userId },
      ]),
    );
  });

  it('proposals expire, and can be rejected', async () => {
    const second = await newUser([{ orgId: school, role: 'school_admin' }]);
    await firstSignIn(second.username);
    const target = await newUser([{ orgId: school, role: 'guard' }]);
    const p1 = (
      await admin.call('POST', `/api/users/${target.id}/role-proposals`, {
        orgId: school,
        role: 'grid_center',
      })
    ).json().id as string;
    rt.clock.advance(73 * 3600_000);
    // Sessions end long before a proposal does: everyone signs in again.
    admin = await rt.login('school.admin');
    sys = await rt.login('sysadmin');
    const secondAdmin = await rt.login(second.username, 'Mine2026-own');
    const late = await secondAdmin.call('POST', `/api/users/role-proposals/${p1}/confirm`);
    expect(late.statusCode).toBe(404);
    expect(late.json().error.code).toBe('users.proposal_not_found');

    const p2 = (
      await admin.call('POST', `/api/users/${target.id}/role-proposals`, {
        orgId: school,
        role: 'grid_center',
      })
    ).json().id as string;
    expect((await secondAdmin.call('POST', `/api/users/role-proposals/${p2}/reject`)).statusCode).toBe(204);
    expect((await secondAdmin.call('POST', `/api/users/role-proposals/${p2}/confirm`)).statusCode).toBe(404);
    const u = (await admin.call('GET', `/api/users/${target.id}`)).json();
    expect(u.memberships.map((m: { role: string }) => m.role)).toEqual(['guard']);
  });
});

describe('item 7: editing an account needs the right over every organisation it acts in', () => {
  it('a school admin cannot reset, edit or unlock an account that also acts at the bureau', async () => {
    const bureau = await orgId(rt, 'DY-EDU');
    const c1 = await orgId(rt, 'DYVTC-C01');
    const twoHats = await newUser(
      [
        { orgId: c1, role: 'grid_worker' },
        { orgId: bureau, role: 'supervisor' },
      ],
      c1,
    );
    const reset = await admin.call('POST', `/api/users/${twoHats.id}/reset-password`, {
      newPassword: 'Takeover2026x',
    });
    expect(reset.statusCode).toBe(403);
    expect(reset.json().error.code).toBe('users.foreign_membership');
    expect(reset.json().error.message).toContain('无权管理的机构');
    expect((await loginFrom(twoHats.username, 'Takeover2026x', '10.9.0.1')).statusCode).toBe(401);
    for (const [method, url, body] of [
      ['PATCH', `/api/users/${twoHats.id}`, { displayName: '改名' }],
      ['PATCH', `/api/users/${twoHats.id}`, { status: 'disabled' }],
      ['PUT', `/api/users/${twoHats.id}/roles`, { roles: [{ orgId: c1, role: 'grid_worker' }] }],
      ['POST', `/api/users/${twoHats.id}/unlock`, undefined],
    ] as const) {
      const res = await admin.call(method, url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('users.foreign_membership');
    }
    // Whoever manages all of it still can.
    expect(
      (await sys.call('POST', `/api/users/${twoHats.id}/reset-password`, { newPassword: 'Takeover2026x' }))
        .statusCode,
    ).toBe(204);
  });
});

describe('item 10: sign-in lockout', () => {
  it('40 parallel wrong passwords: at most LOGIN_MAX_FAILURES are checked, the rest are locked out', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => loginFrom('police', `wrong-guess-${i}`, '10.0.0.40')),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(4);
    expect(codes.filter((c) => c === 423).length).toBeGreaterThanOrEqual(35);
    expect(codes.every((c) => c === 401 || c === 423)).toBe(true);
    const checked = <{ rows: { n: number }[] }>await rt.kernel.db.execute(
      `select count(*)::int as n from audit_log a join users u on u.id::text = a.target_id
          where u.username = 'police' and a.action = 'auth.login'
            and a.details->>'reason' in ('wrong_password', 'wrong_password_locked')`,
    );
    expect(checked.rows[0]!.n).toBeLessThanOrEqual(5);
    // The right password from the same address waits for the lock; from another it signs in.
    expect((await loginFrom('police', 'anxiao2026', '10.0.0.40')).statusCode).toBe(423);
    expect((await loginFrom('police', 'anxiao2026', '10.0.0.41')).statusCode).toBe(200);
  });

  it('an unknown user is answered exactly like a known one, lock included', async () => {
    const pairs: [number, unknown][][] = [];
    for (const name of ['guard', 'no.such.user']) {
      const seen: [number, unknown][] = [];
      for (let i = 0; i < 7; i++) {
        const res = await loginFrom(name, `wrong-guess-${i}`, '10.0.0.77');
        const body = res.json();
        if (body.error.details?.until) body.error.details.until = 'T';
        seen.push([res.statusCode, body]);
      }
      pairs.push(seen);
    }
    expect(pairs[1]).toEqual(pairs[0]);
    expect(pairs[0]!.map((p) => p[0])).toEqual([401, 401, 401, 401, 423, 423, 423]);
    const en = await loginFrom('no.such.user.2', 'x', '10.0.0.78', { cookie: 'anxiao_lang=en-US' });
    const enKnown = await loginFrom('counselor', 'x', '10.0.0.78', { cookie: 'anxiao_lang=en-US' });
    expect(en.json()).toEqual(enKnown.json());

    // And in about the same time: both check a password hash of the same cost.
    const took = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 5; i++) {
      for (const [kind, name] of [
        ['known', 'kg.admin'],
        ['unknown', 'kg.nobody'],
      ] as const) {
        const t0 = performance.now();
        await loginFrom(name, `wrong-guess-${i}`, `10.0.1.${i}`);
        took[kind].push(performance.now() - t0);
      }
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[2]!;
    const ratio = median(took.unknown) / median(took.known);
    expect(ratio).toBeGreaterThan(0.33);
    expect(ratio).toBeLessThan(3);
  });

  it('each lock in a row lasts longer, and an admin can lift it (audited)', async () => {
    const lock = async () => {
      for (let i = 0; i < 5; i++) await loginFrom('grid.leader', `nope-${i}-abc`, '10.0.0.90');
    };
    await lock();
    rt.clock.advance(16 * 60_000);
    await lock();
    rt.clock.advance(16 * 60_000);
    // The second lock in a row doubled: still locked after the first one's length.
    expect((await loginFrom('grid.leader', 'anxiao2026', '10.0.0.90')).statusCode).toBe(423);
    const list = await admin.call('GET', '/api/users?q=grid.leader');
    const leader = list.json().items.find((u: { username: string }) => u.username === 'grid.leader');
    expect(leader.lockedUntil).not.toBeNull();
    const unlocked = await admin.call('POST', `/api/users/${leader.id}/unlock`);
    expect(unlocked.statusCode).toBe(200);
    expect(unlocked.json().lockedUntil).toBeNull();
    expect((await loginFrom('grid.leader', 'anxiao2026', '10.0.0.90')).statusCode).toBe(200);
    const audited = await rt.kernel.db
      .select({ actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'user.unlock'), eq(auditLog.targetId, leader.id)));
    expect(audited).toEqual([{ actorId: admin.userId }]);
  });
});

describe('item 10: housekeeping', () => {
  it('forgets counters a day old', async () => {
    await loginFrom('supervisor', 'wrong-guess-x', '10.0.2.1');
    const count = async () =>
      (<{ rows: { n: number }[] }>(
        await rt.kernel.db.execute(`select count(*)::int as n from login_throttle where ip = '10.0.2.1'`)
      )).rows[0]!.n;
    expect(await count()).toBe(1);
    rt.clock.advance(25 * 3600_000);
    await rt.services.auth.purgeSessions();
    expect(await count()).toBe(0);
    // Sessions did not last the day either.
    admin = await rt.login('school.admin');
    sys = await rt.login('sysadmin');
  });
});

describe('item 11: a password set by an administrator must be changed before anything else', () => {
  it('a flagged session reads nothing but who it is, and may change the password or sign out', async () => {
    const u = await newUser([{ orgId: school, role: 'guard' }]);
    const s = await rt.login(u.username, 'Harden2026xy');
    const me = await s.call('GET', '/api/auth/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().user.mustChangePassword).toBe(true);
    for (const url of ['/api/incidents', '/api/users', `/api/requests/${sealedId}`, '/api/alarm-overview']) {
      const res = await s.call('GET', url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('auth.password_change_required');
    }
    expect((await s.call('POST', '/api/alarms/incidents', {})).json().error.code).toBe(
      'auth.password_change_required',
    );
    // Its own language may be set, and an alarm pressed: neither reads anything.
    expect((await s.call('PUT', '/api/auth/lang', { lang: 'zh-CN' })).statusCode).toBe(204);
    expect(
      (await s.call('POST', '/api/alarms/sos', { idempotencyKey: 'hardening-sos-0001', note: '救命' }))
        .statusCode,
    ).toBe(201);
    const changed = await s.call('POST', '/api/auth/password', {
      currentPassword: 'Harden2026xy',
      newPassword: 'Guard-own-2026',
    });
    expect(changed.statusCode).toBe(204);
    expect((await s.call('GET', '/api/incidents')).statusCode).toBe(200);
    expect((await s.call('POST', '/api/auth/logout')).statusCode).toBe(204);
  });
});

describe('item 12: password policy', () => {
  it('refuses short, common, user-name and demo passwords outside demo mode, naming the rule', async () => {
    const prod = await testRuntime({ env: { ANXIAO_DEMO: 'false' }, students: 4 });
    try {
      const a = await prod.login('school.admin');
      const org = await orgId(prod, 'DYVTC');
      const create = (password: string, username = 'policy.user') =>
        a.call('POST', '/api/users', { username, displayName: '密码策略', orgId: org, password, roles: [] });
      for (const [pw, problem] of [
        ['password1', 'too_short'],
        ['12345678a', 'too_short'],
        ['anxiao2026', 'demo_password'],
        ['1q2w3e4r5t', 'common'],
        ['policy.user2026', 'contains_username'],
      ] as const) {
        const res = await create(pw);
        expect(res.statusCode, pw).toBe(400);
        expect(res.json().error.code).toBe('auth.weak_password');
        expect(res.json().error.details.problems).toContain(problem);
      }
      expect((await create('password1')).json().error.message).toContain('密码至少 10 位');
      expect((await create('anxiao2026')).json().error.message).toContain('演示密码');
      expect((await a.call('PUT', '/api/auth/lang', { lang: 'en-US' })).statusCode).toBe(204);
      const en = await create('1q2w3e4r5t');
      expect(en.json().error.message).toBe(
        'The password does not meet the rules: must not be a commonly used password',
      );

      // The command line's `anxiao user create` goes through the same service.
      await expect(
        prod.services.users.create(systemActor('cli'), {
          username: 'cli.user',
          displayName: 'CLI',
          orgId: org,
          password: 'anxiao2026',
          roles: [],
        }),
      ).rejects.toMatchObject({ code: 'auth.weak_password' });

      const guard = (await a.call('GET', '/api/users?q=guard')).json().items[0].id as string;
      const reset = await a.call('POST', `/api/users/${guard}/reset-password`, { newPassword: '12345678a' });
      expect(reset.json().error.code).toBe('auth.weak_password');
      const own = await a.call('POST', '/api/auth/password', {
        currentPassword: 'anxiao2026',
        newPassword: 'anxiao2026',
      });
      expect(own.json().error.details.problems).toEqual(['demo_password']);
      expect((await create('Strong-Policy-2026')).statusCode).toBe(201);
    } finally {
      await prod.dispose();
    }
  });

  it('in demo mode the demo password may still be chosen', async () => {
    const s = await rt.login('counselor');
    const res = await s.call('POST', '/api/auth/password', {
      currentPassword: 'anxiao2026',
      newPassword: 'anxiao2026',
    });
    expect(res.statusCode).toBe(204);
  });
});
