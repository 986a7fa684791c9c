import type { Actor } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { answeringGrid, gridOfSchool } from '../grids/index.js';
import { findOrgById, schoolOf } from '../orgs/index.js';
import type { HazardsContext } from './hazards.context.js';
import { hazardErrors } from './hazards.errors.js';
import * as repo from './hazards.repository.js';

/** The responsible unit, checked to lie in the school: a department or a grid. */
export async function unitIn(c: HazardsContext, schoolId: string, unitOrgId?: string, unitGridId?: string) {
  if (unitOrgId) {
    const school = await findOrgById(c.k.db, schoolId);
    const org = await findOrgById(c.k.db, unitOrgId);
    if (!school || !org || !org.path.startsWith(school.path)) throw errors.notFound({ unitOrgId });
    return { unitOrgId, unitGridId: null, name: org.name };
  }
  if (unitGridId) {
    const g = await gridOfSchool(c.k.db, schoolId, unitGridId);
    if (!g) throw errors.notFound({ unitGridId });
    return { unitOrgId: null, unitGridId, name: g.name };
  }
  return null;
}

/** An active place of the school (404 otherwise). */
export async function placeIn(c: HazardsContext, schoolId: string, placeId: string) {
  const p = await repo.activePlace(c.k.db, placeId);
  if (!p || p.school_id !== schoolId) throw errors.notFound({ placeId });
  return p;
}

/** The grid answering for a hazard found in `area` (its building's, or the area's own). */
export async function answeringGridOf(c: HazardsContext, area: { id: string; path: string } | null) {
  return area ? ((await answeringGrid(c.k.db, area.path)) ?? area.id) : null;
}

/** The school of the actor's first membership that lies in one. */
export async function schoolOfActor(c: HazardsContext, actor: Actor) {
  for (const m of actor.memberships) {
    const s = await schoolOf(c.k.db, m.orgId);
    if (s) return s.id;
  }
  throw hazardErrors.noSchool();
}
