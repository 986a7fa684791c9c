import { describe, expect, it } from 'vitest';
import { authorize, pathInScope, scopeFor, systemActor, type Actor, type Membership } from './access.js';

const m = (role: Membership['role'], orgPath: string, linkedPaths: string[] = []): Membership => ({
  orgId: orgPath.split('/').at(-2)!,
  orgPath,
  orgName: 'x',
  role,
  linkedPaths,
});
const actor = (...memberships: Membership[]): Actor => ({
  kind: 'user',
  userId: 'u',
  name: 'u',
  lang: 'zh-CN',
  memberships,
});

describe('data scope', () => {
  it('gives a school admin their school subtree', () => {
    const scope = scopeFor(actor(m('school_admin', '/r/s1/')), 'user.manage');
    expect(scope).toEqual({ all: false, paths: ['/r/s1/'] });
    expect(pathInScope(scope!, '/r/s1/c3/')).toBe(true);
    expect(pathInScope(scope!, '/r/s2/')).toBe(false);
  });

  it('gives police their station and, for the permissions that reach through, the schools of the jurisdiction', () => {
    const police = actor(m('police', '/r/ps/', ['/r/s1/', '/r/s2/']));
    expect(scopeFor(police, 'org.read')).toEqual({ all: false, paths: ['/r/ps/', '/r/s1/', '/r/s2/'] });
    expect(scopeFor(police, 'user.read')).toEqual({ all: false, paths: ['/r/ps/'] });
    expect(scopeFor(police, 'user.manage')).toBeNull();
  });

  it('merges paths already covered by a wider one', () => {
    const a = actor(m('school_admin', '/r/s1/'), m('school_admin', '/r/s1/c1/'));
    expect(scopeFor(a, 'org.read')).toEqual({ all: false, paths: ['/r/s1/'] });
  });

  it('a platform administrator and the system see everything', () => {
    expect(scopeFor(actor(m('system_admin', '/r/')), 'audit.read')).toEqual({ all: true });
    expect(scopeFor(systemActor(), 'user.manage')).toEqual({ all: true });
  });

  it('authorize refuses a permission held nowhere with 403', () => {
    expect(() => authorize(actor(m('reporter', '/r/s1/c/')), 'user.read')).toThrow(
      expect.objectContaining({ status: 403, code: 'access.forbidden' }),
    );
  });
});
