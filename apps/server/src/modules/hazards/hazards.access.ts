import { authorize, pathInScope, scopeFor, type Actor, type Scope } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { homeOrgPath } from '../identity/index.js';
import { findOrgById } from '../orgs/index.js';
import type { HazardsContext } from './hazards.context.js';
import type { HazardAction } from './hazards.model.js';
import * as repo from './hazards.repository.js';

/** Who is reading: what they may see, and where they verify or rectify. */
export interface Reader {
  actor: Actor;
  access: repo.ReadAccess;
  verify: Scope | null;
  rectify: Scope | null;
}

export async function reader(c: HazardsContext, actor: Actor): Promise<Reader> {
  if (actor.kind === 'user' && !actor.userId) throw errors.unauthenticated();
  const rectify = scopeFor(actor, 'hazard.rectify');
  // A department answers for its hazards through its staff whose role lets them rectify (a
  // counselor, a guard): a grid position alone does not make its holder act for their department.
  const home = rectify && actor.userId ? await homeOrgPath(c.k.db, actor.userId) : null;
  const homePath =
    home && rectify && (rectify.all || rectify.paths.some((p) => home.startsWith(p))) ? home : null;
  return {
    actor,
    access: {
      scope: scopeFor(actor, 'hazard.read'),
      unitGridPaths: rectify && !rectify.all ? (rectify.gridPaths ?? []) : [],
      homePath,
    },
    verify: scopeFor(actor, 'hazard.verify'),
    rectify,
  };
}

export function isVerifier(r: Reader, item: repo.HazardItem) {
  return r.verify !== null && pathInScope(r.verify, item.schoolPath);
}

export function isUnit(r: Reader, item: repo.HazardItem) {
  if (!r.rectify) return false;
  const { homePath, unitGridPaths } = r.access;
  if (item.unitOrgPath && item.unitOrgPath !== item.schoolPath && homePath?.startsWith(item.unitOrgPath))
    return true;
  return !!item.unitGridPath && unitGridPaths.some((p) => item.unitGridPath!.startsWith(p));
}

/** A hazard the reader may see (404 otherwise: its existence is not confirmed). */
export async function readable(c: HazardsContext, r: Reader, id: string) {
  const item = await repo.findById(c.k.db, id);
  if (!item) throw errors.notFound({ id });
  if (isVerifier(r, item) || isUnit(r, item)) return item;
  if (!(await repo.isReadable(c.k.db, id, r.access))) throw errors.notFound({ id });
  return item;
}

/** The steps this reader may take now. */
export function actionsOf(r: Reader, item: repo.HazardItem): (HazardAction | 'assign' | 'comment')[] {
  const h = item.hazard;
  const out: (HazardAction | 'assign' | 'comment')[] = [];
  const unit = isUnit(r, item) || isVerifier(r, item);
  if (unit && h.status === 'open') out.push('plan');
  if (unit && h.status === 'rectifying') out.push('progress', 'submit');
  if (isVerifier(r, item) && h.status === 'submitted' && !h.rectifiers.includes(r.actor.userId ?? ''))
    out.push('pass', 'reject');
  if (isVerifier(r, item) && h.status !== 'closed') out.push('assign');
  out.push('comment');
  return out;
}

/** A reader of lists: someone who may see some hazards at all. */
export async function listReader(c: HazardsContext, actor: Actor) {
  const r = await reader(c, actor);
  if (!r.access.scope && !r.access.homePath && !r.access.unitGridPaths.length)
    throw errors.forbidden({ permission: 'hazard.read' });
  return r;
}

/** A school the actor holds `permission` in (404 otherwise). */
export async function schoolFor(
  c: HazardsContext,
  actor: Actor,
  permission: 'hazard.verify' | 'hazard.read',
  schoolId: string,
) {
  const scope = authorize(actor, permission);
  const school = await findOrgById(c.k.db, schoolId);
  if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
    throw errors.notFound({ schoolId });
  return school;
}
