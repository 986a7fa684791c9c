import { authorize, pathInScope, scopeFor, type Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { errors } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { findOrgById } from '../orgs/index.js';
import { searchPlacesRanked } from '../places/index.js';
import { schoolFor, schoolOfActor } from './requests.access.js';
import { accountPhone } from './requests.contact.js';
import { forget, type RequestsContext } from './requests.context.js';
import { requestErrors } from './requests.errors.js';
import { reporterKey } from './requests.keys.js';
import { reporterPlaces } from './requests.places.js';
import * as repo from './requests.repository.js';

/** The catalogue: a school's categories (what the phone form offers) and places to pick. */

/** What the phone form offers: the reporter's school's categories, and a place from a QR code. */
export async function catalogue(c: RequestsContext, actor: Actor, placeId?: string) {
  authorize(actor, 'request.file');
  const school = await schoolOfActor(c, actor);
  const categories = await repo.categories(c.k.db, school.id, true);
  const place = placeId ? await repo.placeOfSchool(c.k.db, school.id, placeId) : null;
  return {
    school: { id: school.id, name: school.name },
    categories,
    place: place ? placeOption(place) : null,
    contactPhone: await accountPhone(c.k.db, actor.userId),
  };
}

/** Places as people type them, the reporter's own dorm room and latest places first (requests.places.ts). */
export async function searchPlaces(c: RequestsContext, actor: Actor, q: string) {
  authorize(actor, 'request.file');
  const school = await schoolOfActor(c, actor);
  const mine = actor.userId ? await reporterPlaces(c.k.db, actor.userId, reporterKey(c, actor.userId)) : null;
  const found = await searchPlacesRanked(c.k.db, school.id, q, {
    own: mine?.own ?? [],
    recent: mine?.recent ?? [],
    limit: 20,
  });
  return { items: found.map(placeOption) };
}

/** A school's categories: for its readers and handlers (to filter by), and whoever keeps them. */
export async function categories(c: RequestsContext, actor: Actor, schoolId: string) {
  const school = await findOrgById(c.k.db, schoolId);
  if (!school || school.kind !== 'school') throw errors.notFound({ schoolId });
  // Categories are not sensitive: whoever reads, handles or keeps requests of the school sees them.
  const perms = (['request.read', 'request.handle', 'request.catalogue'] as const).map((p) =>
    scopeFor(actor, p),
  );
  if (!perms.some(Boolean)) throw errors.forbidden({ permission: 'request.read' });
  const ofSchool =
    perms.some((s) => s && pathInScope(s, school.path)) ||
    actor.memberships.some((m) => m.orgPath.startsWith(school.path));
  if (!ofSchool) throw errors.notFound({ schoolId });
  return { items: await repo.categories(c.k.db, schoolId, false) };
}

/** A new category (its code unique in the school). */
export async function createCategory(
  c: RequestsContext,
  actor: Actor,
  input: Omit<repo.CategoryRow, 'id' | 'version' | 'updatedAt'>,
) {
  const school = await schoolFor(c, actor, 'request.catalogue', input.schoolId);
  if (await repo.categoryByCode(c.k.db, school.id, input.code)) throw requestErrors.categoryCodeTaken();
  const row = { ...input, id: newId(), version: 1, updatedAt: c.k.clock.now() };
  await c.k.transaction(async (tx) => {
    await repo.insertCategories(tx, [row]);
    forget(c, school.id);
    await audit(tx, c.k.clock, actor, {
      action: 'request.category.create',
      targetType: 'request_category',
      targetId: row.id,
      orgId: school.id,
      details: { code: row.code },
    });
  });
  return row;
}

/** A category changed (its version checked). */
export async function updateCategory(
  c: RequestsContext,
  actor: Actor,
  id: string,
  input: Omit<repo.CategoryRow, 'id' | 'schoolId' | 'updatedAt'>,
) {
  const current = await repo.categoryById(c.k.db, id);
  if (!current) throw errors.notFound({ id });
  await schoolFor(c, actor, 'request.catalogue', current.schoolId);
  if (input.code !== current.code && (await repo.categoryByCode(c.k.db, current.schoolId, input.code)))
    throw requestErrors.categoryCodeTaken();
  const { version, ...rest } = input;
  return c.k.transaction(async (tx) => {
    const row = await repo.updateCategory(tx, id, version, { ...rest, updatedAt: c.k.clock.now() });
    if (!row) throw errors.conflict({ id });
    forget(c, current.schoolId);
    await audit(tx, c.k.clock, actor, {
      action: 'request.category.update',
      targetType: 'request_category',
      targetId: id,
      orgId: current.schoolId,
    });
    return row;
  });
}

function placeOption(p: { id: string; name: string; code: string; kind: string; building: string | null }) {
  return {
    id: p.id,
    name: p.name,
    code: p.code,
    kind: p.kind,
    label: p.building ? `${p.building} / ${p.name}` : p.name,
  };
}
