import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { escapeLike } from '../db.js';
import { errors } from '../errors.js';
import type { Lang } from '../i18n.js';
import {
  GRID_POSITION_GRANTS,
  ROLE_GRANTS,
  type GridPositionKind,
  type Permission,
  type Role,
} from './permissions.js';

export interface Membership {
  orgId: string;
  /** materialised path of the organisation ('/root/…/org/') */
  orgPath: string;
  orgName: string;
  role: Role;
  /** paths of the schools linked to this organisation for the role's link kind */
  linkedPaths: string[];
}

/** A grid the actor leads or works in: reaches the grid's subtree of grids (path prefix). */
export interface GridPosition {
  gridId: string;
  /** materialised path of the grid in the grid tree ('/g1/g2/') */
  gridPath: string;
  position: GridPositionKind;
}

/** Who is acting: built once per request from the session, or a system actor for jobs and CLI. */
export interface Actor {
  kind: 'user' | 'system';
  userId: string | null;
  name: string;
  lang: Lang;
  memberships: Membership[];
  /** grids held (loaded by identity through the grids module) */
  gridPositions?: GridPosition[];
  sessionId?: string;
  /** the user must choose a new password before anything else (set by an administrator's reset) */
  mustChangePassword?: boolean;
  ip?: string;
  userAgent?: string;
}

/**
 * What an actor may reach with one permission: everything, or the subtrees under some
 * organisation paths; for grid-bound data also the subtrees under some grid paths.
 */
export type Scope = { all: true } | { all: false; paths: string[]; gridPaths?: string[] };

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
  const grids = new Set<string>();
  for (const g of actor.gridPositions ?? []) {
    if (GRID_POSITION_GRANTS[g.position].includes(permission)) grids.add(g.gridPath);
  }
  if (paths.size === 0 && grids.size === 0) return null;
  const scope: Scope = { all: false, paths: outermost(paths) };
  if (grids.size) scope.gridPaths = outermost(grids);
  return scope;
}

/** Drop paths already covered by a shorter one. */
function outermost(paths: Set<string>): string[] {
  const sorted = [...paths].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept;
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
  return sql`${column} in (select o.id from orgs o where o.path like any(${prefixPatterns(scope.paths)}::text[]))`;
}

/** Is a grid inside the scope, by its owning organisation's path or by its own grid path? */
export function gridInScope(scope: Scope, orgPath: string, gridPath: string): boolean {
  return (
    pathInScope(scope, orgPath) || (!scope.all && (scope.gridPaths ?? []).some((p) => gridPath.startsWith(p)))
  );
}

/**
 * SQL condition for grid-bound rows: the owning organisation lies in the scope, or the row's grid
 * path lies under a grid the actor holds a position in.
 */
export function gridScopeSql(
  scope: Scope,
  orgColumn: AnyPgColumn | SQL,
  gridPathColumn: AnyPgColumn | SQL,
): SQL {
  if (scope.all) return sql`true`;
  const byOrg = orgScopeSql(scope, orgColumn);
  const gridPaths = scope.gridPaths ?? [];
  if (gridPaths.length === 0) return byOrg;
  return sql`(${byOrg} or ${gridPathColumn} like any(${prefixPatterns(gridPaths)}::text[]))`;
}

/** LIKE patterns matching everything under the given paths, as a PostgreSQL array literal. */
function prefixPatterns(paths: string[]): string {
  return toPgArray(paths.map((p) => `${escapeLike(p)}%`));
}

function toPgArray(items: string[]): string {
  return `{${items.map((s) => `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}
