import { coveringGrid, gridOfSchool } from '../grids/index.js';
import type { RequestsContext } from './requests.context.js';
import { requestErrors } from './requests.errors.js';
import * as repo from './requests.repository.js';

/** Units that handle requests (a department or a grid of the school), and a request's own grid. */

/** The physical grid holding the request's place (its grid when no grid handles it). */
export async function placeGrid(c: RequestsContext, item: repo.RequestItem) {
  return item.placePath ? coveringGrid(c.k.db, item.placePath) : null;
}

/** The unit a step or a rule names: a department (not the school itself) or a grid of the school. */
export async function unitFor(
  c: RequestsContext,
  schoolId: string,
  input: { unitOrgId?: string | undefined; unitGridId?: string | undefined },
): Promise<{ orgId: string | null; gridId: string | null; gridPath: string | null; name: string }> {
  if (input.unitOrgId) {
    const o = await repo.orgOfSchool(c.k.db, schoolId, input.unitOrgId);
    if (!o || o.kind === 'school') throw requestErrors.unitRequired();
    return { orgId: o.id, gridId: null, gridPath: null, name: o.name };
  }
  if (input.unitGridId) {
    const g = await gridOfSchool(c.k.db, schoolId, input.unitGridId);
    if (!g) throw requestErrors.unitRequired();
    return { orgId: null, gridId: g.id, gridPath: g.path, name: g.name };
  }
  throw requestErrors.unitRequired();
}
