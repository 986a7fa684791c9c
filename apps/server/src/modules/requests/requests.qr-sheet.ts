import { authorize, pathInScope, type Actor } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { findOrgById } from '../orgs/index.js';
import type { RequestsContext } from './requests.context.js';
import * as repo from './requests.repository.js';

/** The places on a building's sheet of QR codes (for whoever keeps the catalogue). */
export async function qrSheet(c: RequestsContext, actor: Actor, buildingId: string) {
  const scope = authorize(actor, 'request.catalogue');
  const b = await repo.buildingById(c.k.db, buildingId);
  const school = b ? await findOrgById(c.k.db, b.schoolId) : undefined;
  if (!b || !school || !pathInScope(scope, school.path)) throw errors.notFound({ buildingId });
  return {
    schoolName: school.name,
    building: { id: b.id, name: b.name, code: b.code },
    places: await repo.roomsOfBuilding(c.k.db, b.id),
  };
}
