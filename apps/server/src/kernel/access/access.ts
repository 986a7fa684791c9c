import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { errors } from '../errors.js';
import type { Lang } from '../i18n.js';
import { ROLE_GRANTS, type Permission, type Role } from './permissions.js';

export interface Membership {
  orgId: string;
  /** materialised path of the organisation ('/root/…/org/') */
  orgPath: string;
  orgName: string;
  role: Role;
  /** paths of the schools linked to this organisation for the role's link kind */
  linkedPaths: string[];
}

/** Who is acting: built once per request from the session, or a system actor for jobs and CLI. */
export interface Actor {
  kind: 'user' | 'system';
  userId: string | null;
  name: string;
  lang: Lang;
  memberships: Membership[];
  sessionId?: string;
  ip?: string;
  userAgent?: string;
}

/** What an actor may reach with one permission: everything, or the subtrees under some paths. */
export type Scope = { all: true } | { all: false; paths: string[] };

export function systemActor(name = 'system'): Actor {
  return { kind: 'system', userId: null, name, lang: 'zh-CN', memberships: [] };
}

export function scopeFor(actor: Actor, permission: Permission): Scope | null {
  if (actor.kind === 'system') return { all: true };
  const paths = new Set<string>();
  for (const m of actor.memberships) {
    const grant = ROLE_GRANTS[m.role];
    if (grant.own.includes(permission)) {
      if (m.role === 'system_admin') return { all: true };
      paths.add(m.orgPath);
    }
    if (grant.linked.includes(permission)) for (const p of m.linkedPaths) paths.add(p);
  }
  if (paths.size === 0) return null;
  // Drop paths already covered by a shorter one.
  const sorted = [...paths].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return { all: false, paths: kept };
}

/**
 * The one authorisation call of a use case. No permission anywhere → 403; otherwise the scope
 * that the repository must apply (a record outside it then answers 404).
 */
export function authorize(actor: Actor, permission: Permission): Scope {
  if (actor.kind === 'user' && !actor.userId) throw errors.unauthenticated();
  const scope = scopeFor(actor, permission);
  if (!scope) throw errors.forbidden({ permission });
  return scope;
}

export function can(actor: Actor, permission: Permission): boolean {
  return scopeFor(actor, permission) !== null;
}

/** Is an organisation (by its path) inside the scope? */
export function pathInScope(scope: Scope, orgPath: string): boolean {
  return scope.all || scope.paths.some((p) => orgPath.startsWith(p));
}

/**
 * SQL condition: the organisation id in `column` lies inside the scope. Every repository of a
 * scoped table uses this in its WHERE clause, so a query can only return what the actor may see.
 * It reads the kernel-wide `orgs` tree by name (the tree every module's data hangs on).
 */
export function orgScopeSql(scope: Scope, column: AnyPgColumn | SQL): SQL {
  if (scope.all) return sql`true`;
  if (scope.paths.length === 0) return sql`false`;
  const likes = scope.paths.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return sql`${column} in (select o.id from orgs o where o.path like any(${toPgArray(likes)}::text[]))`;
}

function toPgArray(items: string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
