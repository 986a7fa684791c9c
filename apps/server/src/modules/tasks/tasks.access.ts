import { authorize, pathInScope, scopeFor, type Actor, type Scope } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { findOrgById } from '../orgs/index.js';
import type { TasksContext } from './tasks.context.js';
import * as repo from './tasks.repository.js';

/** The grids whose tasks the actor does (task.do held through grid positions). */
export function doScope(actor: Actor): string[] {
  const s = scopeFor(actor, 'task.do');
  return s && !s.all ? (s.gridPaths ?? []) : [];
}

export function canDo(actor: Actor, r: repo.TaskRow) {
  return r.instance.status === 'open' && doScope(actor).some((p) => r.instance.gridPath.startsWith(p));
}

/** A task the reader may see: a holder of its grid, or task.read over its school or grid. */
export async function readable(c: TasksContext, actor: Actor, id: string) {
  const r = await repo.taskById(c.k.db, id);
  if (!r) throw errors.notFound({ id });
  if (doScope(actor).some((p) => r.instance.gridPath.startsWith(p))) return r;
  const scope = scopeFor(actor, 'task.read');
  if (!scope || !(await repo.isTaskReadable(c.k.db, scope, id))) throw errors.notFound({ id });
  return r;
}

/** task.read, or a grid holder's own grids through task.do. */
export function readScope(actor: Actor): Scope {
  const read = scopeFor(actor, 'task.read');
  if (read) return read;
  const grids = doScope(actor);
  if (!grids.length) throw errors.forbidden({ permission: 'task.read' });
  return { all: false, paths: [], gridPaths: grids };
}

/** A school in `scope`, or one the actor belongs to (404 otherwise). */
export async function school(c: TasksContext, actor: Actor, schoolId: string, scope: Scope) {
  const found = await findOrgById(c.k.db, schoolId);
  const inScope =
    found &&
    found.kind === 'school' &&
    (pathInScope(scope, found.path) || actor.memberships.some((m) => m.orgPath.startsWith(found.path)));
  if (!inScope) throw errors.notFound({ schoolId });
  return found;
}

/** A school whose templates and schedules the actor manages (404 otherwise). */
export async function manage(c: TasksContext, actor: Actor, schoolId: string) {
  const scope = authorize(actor, 'task.manage');
  const found = await findOrgById(c.k.db, schoolId);
  if (!found || found.kind !== 'school' || !pathInScope(scope, found.path))
    throw errors.notFound({ schoolId });
  return found;
}
