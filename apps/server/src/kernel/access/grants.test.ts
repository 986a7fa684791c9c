import { describe, expect, it } from 'vitest';
import { pathInScope, scopeFor, type Actor, type Membership } from './access.js';
import { grantDecision, mayConfirmTwoPerson } from './grants.js';
import { PERMISSIONS, ROLES, type Role } from './permissions.js';

// The district tree: a bureau above a school, and another school the bureau links to.
const BUREAU = '/d/';
const SCHOOL = '/d/s1/';
const LINKED = ['/d/s2/'];

const actor = (role: Role, orgPath: string): Actor => {
  const m: Membership = { orgId: 'o', orgPath, orgName: 'o', role, linkedPaths: LINKED };
  return { kind: 'user', userId: 'u', name: 'u', lang: 'zh-CN', memberships: [m] };
};

/** What a role held at the school reaches, permission by permission, from the table itself. */
function reach(role: Role): [(typeof PERMISSIONS)[number], string[]][] {
  const holder = actor(role, SCHOOL);
  return PERMISSIONS.map((p) => {
    const s = scopeFor(holder, p);
    return [p, !s ? [] : s.all ? ['/'] : s.paths];
  });
}

const granters = ROLES.flatMap((r) => [
  { label: `${r} at the bureau`, who: actor(r, BUREAU) },
  { label: `${r} at the school`, who: actor(r, SCHOOL) },
]);

describe('granting a role: every holder × every role, generated from ROLE_GRANTS', () => {
  for (const { label, who } of granters) {
    for (const role of ROLES) {
      it(`${label} → ${role}`, () => {
        const d = grantDecision(who, role, SCHOOL, LINKED);
        if (d === 'forbidden') return;
        // Whatever may be granted (or proposed) reaches nothing the granter does not reach.
        for (const [p, paths] of reach(role)) {
          if (p === 'request.sealed') continue;
          const mine = scopeFor(who, p);
          for (const path of paths) expect(mine && pathInScope(mine, path), `${p} over ${path}`).toBeTruthy();
        }
        // And a role that reads sealed reporters is never granted in one step.
        if (reach(role).some(([p, paths]) => p === 'request.sealed' && paths.length))
          expect(d).toBe('two_person');
      });
    }
  }

  it('what the table says today', () => {
    const admin = actor('school_admin', SCHOOL);
    expect(ROLES.filter((r) => grantDecision(admin, r, SCHOOL) === 'ok')).toEqual([
      'school_admin',
      'grid_leader',
      'grid_worker',
      'guard',
      'counselor',
      'reporter',
    ]);
    expect(grantDecision(admin, 'grid_center', SCHOOL)).toBe('two_person');
    expect(grantDecision(admin, 'grid_center', '/d/s2/')).toBe('forbidden');
    expect(grantDecision(actor('system_admin', '/'), 'grid_center', SCHOOL)).toBe('two_person');
    expect(grantDecision(actor('system_admin', '/'), 'police', SCHOOL, LINKED)).toBe('ok');
  });

  it('a school admin of the school or above may confirm; the platform operator and others may not', () => {
    expect(mayConfirmTwoPerson(actor('school_admin', SCHOOL), 'grid_center', SCHOOL)).toBe(true);
    expect(mayConfirmTwoPerson(actor('school_admin', BUREAU), 'grid_center', SCHOOL)).toBe(true);
    expect(mayConfirmTwoPerson(actor('school_admin', '/d/s2/'), 'grid_center', SCHOOL)).toBe(false);
    expect(mayConfirmTwoPerson(actor('system_admin', '/'), 'grid_center', SCHOOL)).toBe(false);
    expect(mayConfirmTwoPerson(actor('supervisor', BUREAU), 'grid_center', SCHOOL)).toBe(false);
  });
});
