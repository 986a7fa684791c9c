import { pathInScope, scopeFor, type Actor } from './access.js';
import { ROLE_ASSIGNABLE_BY, ROLE_GRANTS, type Permission, type Role } from './permissions.js';

/** Who filed a sealed request: granted only in two steps by two people (see `grantDecision`). */
export const SEALED_PERMISSION: Permission = 'request.sealed';

/** Everything a role carries, over its own subtree or through links. */
export function permissionsOfRole(role: Role): Permission[] {
  const g = ROLE_GRANTS[role];
  return [...new Set([...g.own, ...g.linked])];
}

export function needsTwoPeople(role: Role): boolean {
  return permissionsOfRole(role).includes(SEALED_PERMISSION);
}

/**
 * Permissions of `role` held in the organisation at `orgPath` (its linked schools at
 * `linkedPaths`) that the actor does not hold there: own ones over `orgPath`, linked ones over
 * every linked school.
 */
export function missingToGrant(actor: Actor, role: Role, orgPath: string, linkedPaths: string[] = []) {
  const g = ROLE_GRANTS[role];
  const missing = new Set<Permission>();
  const covers = (p: Permission, path: string) => {
    const scope = scopeFor(actor, p);
    return scope !== null && pathInScope(scope, path);
  };
  for (const p of g.own) if (!covers(p, orgPath)) missing.add(p);
  for (const p of g.linked) if (!linkedPaths.every((l) => covers(p, l))) missing.add(p);
  return [...missing];
}

/**
 * May the actor grant `role` in the organisation at `orgPath`? Nobody grants a permission they
 * do not hold there, the role must be one their own role hands out, and a role carrying
 * `request.sealed` is never granted in one step: 'two_person' means the actor may propose it.
 */
export function grantDecision(
  actor: Actor,
  role: Role,
  orgPath: string,
  linkedPaths: string[] = [],
): 'ok' | 'two_person' | 'forbidden' {
  if (actor.kind === 'system') return 'ok';
  const handsOut = actor.memberships.some(
    (m) =>
      (m.role === 'system_admin' || orgPath.startsWith(m.orgPath)) &&
      ROLE_ASSIGNABLE_BY[m.role].includes(role),
  );
  if (!handsOut) return 'forbidden';
  const missing = missingToGrant(actor, role, orgPath, linkedPaths).filter((p) => p !== SEALED_PERMISSION);
  if (missing.length) return 'forbidden';
  return needsTwoPeople(role) ? 'two_person' : 'ok';
}

/**
 * Who may confirm a proposed `request.sealed` role: an administrator of that school or of an
 * organisation above it in the tree (the bureau's), who may grant the rest of the role. The
 * platform's operators are outside a school's chain of responsibility and cannot confirm.
 */
export function mayConfirmTwoPerson(actor: Actor, role: Role, orgPath: string, linkedPaths: string[] = []) {
  if (actor.kind !== 'user') return false;
  const inChain = actor.memberships.some((m) => m.role === 'school_admin' && orgPath.startsWith(m.orgPath));
  return inChain && grantDecision(actor, role, orgPath, linkedPaths) === 'two_person';
}
