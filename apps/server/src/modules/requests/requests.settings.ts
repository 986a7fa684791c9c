import type { Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import type { WorkCalendar } from '../../kernel/calendar/index.js';
import { errors } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { gridOfSchool } from '../grids/index.js';
import { schoolFor } from './requests.access.js';
import { forget, settings, type RequestsContext } from './requests.context.js';
import * as repo from './requests.repository.js';
import { unitFor } from './requests.units.js';

/** A school's settings and routing: which unit a category goes to where, the work calendar, the weights. */

/** The school's routing rules, each with its category, scope and unit. */
export async function routes(c: RequestsContext, actor: Actor, schoolId: string) {
  await schoolFor(c, actor, 'request.catalogue', schoolId);
  const items = await repo.routes(c.k.db, schoolId);
  return {
    items: items.map((r) => ({
      id: r.route.id,
      schoolId: r.route.schoolId,
      categoryId: r.route.categoryId,
      categoryName: r.categoryName,
      scopePath: r.route.scopePath,
      scopeLabel: r.route.scopeLabel,
      unit: {
        kind: r.route.unitOrgId ? ('org' as const) : ('grid' as const),
        id: (r.route.unitOrgId ?? r.route.unitGridId)!,
        name: r.unitName,
      },
    })),
  };
}

/** A new rule: a category (within a grid or a place, or the whole school) goes to a unit. */
export async function addRoute(
  c: RequestsContext,
  actor: Actor,
  schoolId: string,
  input: {
    categoryId: string;
    scopeGridId?: string | undefined;
    scopePlaceId?: string | undefined;
    unitOrgId?: string | undefined;
    unitGridId?: string | undefined;
  },
) {
  await schoolFor(c, actor, 'request.catalogue', schoolId);
  const category = await repo.categoryById(c.k.db, input.categoryId);
  if (!category || category.schoolId !== schoolId) throw errors.notFound({ categoryId: input.categoryId });
  const unit = await unitFor(c, schoolId, input);
  let scopePath: string | null = null;
  let scopeLabel: string | null = null;
  if (input.scopeGridId) {
    const g = await gridOfSchool(c.k.db, schoolId, input.scopeGridId);
    if (!g) throw errors.notFound({ scopeGridId: input.scopeGridId });
    scopePath = g.path;
    scopeLabel = g.name;
  } else if (input.scopePlaceId) {
    const p = await repo.placeOfSchool(c.k.db, schoolId, input.scopePlaceId);
    if (!p) throw errors.notFound({ scopePlaceId: input.scopePlaceId });
    scopePath = p.path;
    scopeLabel = p.name;
  }
  const id = newId();
  forget(c, schoolId);
  await c.k.transaction(async (tx) => {
    await repo.insertRoutes(tx, [
      {
        id,
        schoolId,
        categoryId: category.id,
        scopePath,
        scopeLabel,
        unitOrgId: unit.orgId,
        unitGridId: unit.gridId,
        updatedAt: c.k.clock.now(),
      },
    ]);
    await audit(tx, c.k.clock, actor, {
      action: 'request.route.create',
      targetType: 'request_route',
      targetId: id,
      orgId: schoolId,
      details: { category: category.code, unit: unit.name, scope: scopeLabel },
    });
  });
  return (await routes(c, actor, schoolId)).items.find((r) => r.id === id)!;
}

/** A rule removed. */
export async function deleteRoute(c: RequestsContext, actor: Actor, id: string) {
  const route = await repo.routeById(c.k.db, id);
  if (!route) throw errors.notFound({ id });
  await schoolFor(c, actor, 'request.catalogue', route.schoolId);
  forget(c, route.schoolId);
  await c.k.transaction(async (tx) => {
    await repo.deleteRoute(tx, route.schoolId, id);
    await audit(tx, c.k.clock, actor, {
      action: 'request.route.delete',
      targetType: 'request_route',
      targetId: id,
      orgId: route.schoolId,
    });
  });
}

/** The school's calendar, weights and Open311 reading. */
export async function getSettings(c: RequestsContext, actor: Actor, schoolId: string) {
  await schoolFor(c, actor, 'request.read', schoolId);
  return { schoolId, ...(await settings(c.k.db, schoolId)) };
}

/** The school's settings saved (the cache dropped at once in this process). */
export async function saveSettings(
  c: RequestsContext,
  actor: Actor,
  schoolId: string,
  input: {
    calendar: WorkCalendar;
    weights: { response: number; resolution: number; satisfaction: number };
    /** left as it is when not sent (clients older than the setting) */
    open311PublicRead?: boolean | undefined;
  },
) {
  await schoolFor(c, actor, 'request.catalogue', schoolId);
  if (input.weights.response + input.weights.resolution + input.weights.satisfaction <= 0)
    throw errors.validation({ reason: 'weights must not all be zero' });
  forget(c, schoolId);
  const open311PublicRead = input.open311PublicRead ?? (await settings(c.k.db, schoolId)).open311PublicRead;
  const saved = { calendar: input.calendar, weights: input.weights, open311PublicRead };
  await c.k.transaction(async (tx) => {
    await repo.saveSettings(tx, { schoolId, ...saved, updatedAt: c.k.clock.now() });
    await audit(tx, c.k.clock, actor, {
      action: 'request.settings.update',
      targetType: 'school',
      targetId: schoolId,
      orgId: schoolId,
      details: { open311PublicRead },
    });
  });
  return { schoolId, ...saved };
}
