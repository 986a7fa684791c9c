import { authorize, pathInScope, scopeFor, type Actor, type Scope } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { homeOrgPath } from '../identity/index.js';
import { findOrgById, schoolOf } from '../orgs/index.js';
import type { RequestsContext } from './requests.context.js';
import { requestErrors } from './requests.errors.js';
import type { Side } from './requests.model.js';
import * as repo from './requests.repository.js';

/** Who is reading, and on which side of a request they may stand. */
export interface Reader {
  actor: Actor;
  access: repo.ReadAccess;
  /** the centre's side (request.dispatch) */
  centre: Scope | null;
  /** the unit's side: request.handle anywhere, reached through a department or a grid */
  handles: boolean;
}

export async function reader(c: RequestsContext, actor: Actor): Promise<Reader> {
  if (actor.kind === 'user' && !actor.userId) throw errors.unauthenticated();
  const handle = scopeFor(actor, 'request.handle');
  // A department's requests reach its staff through their home organisation, but only where a
  // role grants request.handle over it: a grid position (a student leading a dorm room) does not
  // make its holder a handler of their class or college.
  const home = handle && actor.userId ? await homeOrgPath(c.k.db, actor.userId) : null;
  const homePath =
    home && handle && (handle.all || handle.paths.some((p) => home.startsWith(p))) ? home : null;
  return {
    actor,
    access: {
      scope: scopeFor(actor, 'request.read'),
      homePath,
      gridPaths: handle && !handle.all ? (handle.gridPaths ?? []) : [],
    },
    centre: scopeFor(actor, 'request.dispatch'),
    handles: handle !== null,
  };
}

export function isCentre(r: Reader, item: repo.RequestItem) {
  return r.centre !== null && pathInScope(r.centre, item.schoolPath);
}

export function isUnit(r: Reader, item: repo.RequestItem) {
  if (!r.handles) return false;
  const { homePath, gridPaths } = r.access;
  if (item.unitOrgPath && homePath?.startsWith(item.unitOrgPath) && item.unitOrgPath !== item.schoolPath)
    return true;
  return !!item.unitGridPath && gridPaths.some((p) => item.unitGridPath!.startsWith(p));
}

/**
 * The sides the reader may take on a request. The centre may also take the unit's steps (a unit
 * without accounts on the platform answers through the centre); a unit only its own.
 */
export function sidesOf(r: Reader, item: repo.RequestItem): Side[] {
  if (isCentre(r, item)) return ['centre', 'unit'];
  return isUnit(r, item) ? ['unit'] : [];
}

/** A request the reader may see (404 otherwise: its existence is not confirmed). */
export async function readable(c: RequestsContext, r: Reader, id: string): Promise<repo.RequestItem> {
  const item = await repo.findById(c.k.db, id);
  if (!item) throw errors.notFound({ id });
  if (isCentre(r, item) || isUnit(r, item)) return item;
  if (!(await repo.isReadable(c.k.db, id, r.access))) throw errors.notFound({ id });
  return item;
}

/** Whether the actor may see who filed a sealed request of this school. */
export function canReveal(actor: Actor, item: repo.RequestItem) {
  const s = scopeFor(actor, 'request.sealed');
  return s !== null && pathInScope(s, item.schoolPath);
}

/** The school an actor files with: the first of their organisations inside a school. */
export async function schoolOfActor(c: RequestsContext, actor: Actor) {
  for (const m of actor.memberships) {
    const s = await schoolOf(c.k.db, m.orgId);
    if (s) return s;
  }
  throw requestErrors.noSchool();
}

/** A school the actor holds the permission over (404 otherwise). */
export async function schoolFor(
  c: RequestsContext,
  actor: Actor,
  permission: 'request.catalogue' | 'request.read',
  schoolId: string,
) {
  const scope = authorize(actor, permission);
  const school = await findOrgById(c.k.db, schoolId);
  if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
    throw errors.notFound({ schoolId });
  return school;
}
