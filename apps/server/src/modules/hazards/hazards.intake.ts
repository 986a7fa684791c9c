import type { z } from 'zod';
import { authorize, pathInScope, type Actor } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { GENERATED } from '../../kernel/i18n.js';
import { coveringGrid } from '../grids/index.js';
import { findOrgById } from '../orgs/index.js';
import type { HazardsContext } from './hazards.context.js';
import { createHazard } from './hazards.create.js';
import { present } from './hazards.present.js';
import * as repo from './hazards.repository.js';
import type { fromItemBody, reportBody } from './hazards.schemas.js';
import { checkPhotos } from './hazards.timeline.js';
import { answeringGridOf, placeIn, schoolOfActor, unitIn } from './hazards.where.js';

/** A member of staff (or the police) reports what they found. */
export async function report(c: HazardsContext, actor: Actor, input: z.infer<typeof reportBody>) {
  const scope = authorize(actor, 'hazard.report');
  const key = `${actor.userId}:${input.key}`;
  const again = await repo.findByKey(c.k.db, key);
  if (again) return { hazard: present(c, again), created: false };
  const schoolId = input.schoolId ?? (await schoolOfActor(c, actor));
  const school = await findOrgById(c.k.db, schoolId);
  // Staff report in their own school: their role may be held in a college or department inside it.
  const reaches =
    school &&
    (pathInScope(scope, school.path) || (!scope.all && scope.paths.some((p) => p.startsWith(school.path))));
  if (!school || school.kind !== 'school' || !reaches) throw errors.notFound({ schoolId });
  if (input.origin === 'police' && !actor.memberships.some((m) => m.role === 'police'))
    throw errors.forbidden({ permission: 'hazard.report' });
  await checkPhotos(c, actor, input.photos);
  const place = input.placeId ? await placeIn(c, schoolId, input.placeId) : null;
  const area = place ? await coveringGrid(c.k.db, place.path) : null;
  const chosen = await unitIn(c, schoolId, input.unitOrgId, input.unitGridId);
  const unit = chosen
    ? { unitOrgId: chosen.unitOrgId, unitGridId: chosen.unitGridId }
    : { unitOrgId: null, unitGridId: await answeringGridOf(c, area) };
  const { id } = await createHazard(
    c,
    {
      schoolId,
      domain: input.domain,
      grade: input.grade,
      origin: input.origin,
      title: input.title,
      description: input.description,
      placeId: place?.id ?? null,
      placePath: place?.path ?? null,
      address: input.address ?? null,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      gridId: area?.id ?? null,
      gridPath: area?.path ?? null,
      ...unit,
      foundById: actor.userId,
      foundByName: actor.name,
      photos: input.photos,
      taskInstanceId: null,
      itemCode: null,
      idempotencyKey: key,
      contactPhone: null,
    },
    actor,
  );
  return { hazard: present(c, (await repo.findById(c.k.db, id))!), created: true };
}

/** One tap on a failed checklist item: it becomes a hazard of its grid (once, however often tapped). */
export async function fromItem(
  c: HazardsContext,
  actor: Actor,
  instanceId: string,
  input: z.infer<typeof fromItemBody>,
) {
  // Whoever may do the task may report what it found (a student 宿舍长 holding a room grid too).
  if (actor.kind === 'user' && !actor.userId) throw errors.unauthenticated();
  const item = await c.tasks.failedItem(actor, instanceId, input.itemCode);
  const again = await repo.findByItem(c.k.db, instanceId, input.itemCode);
  if (again) return { hazard: present(c, again), created: false };
  // Where the task is done (its room, its building): the hazard's place, and its repeats found there.
  const place = item.placeId ? await repo.activePlace(c.k.db, item.placeId) : undefined;
  const answer =
    item.answer === 'no' || item.answer === 'yes'
      ? ''
      : item.answer === null
        ? ''
        : GENERATED.checkResult.zh.replace('{answer}', String(item.answer));
  const { id, created } = await createHazard(
    c,
    {
      schoolId: item.schoolId,
      domain: item.domain ?? 'facilities',
      grade: input.grade,
      origin: 'inspection',
      // The item states what should hold; the hazard is that it does not.
      title: GENERATED.notMet.zh.replace('{item}', item.prompt.replace(/[？?。]$/, '')).slice(0, 100),
      description: [
        input.description ?? item.note ?? '',
        answer,
        GENERATED.fromCheck.zh.replace('{template}', item.templateName),
      ]
        .filter(Boolean)
        .join('；')
        .slice(0, 2000),
      placeId: place?.id ?? null,
      placePath: place?.path ?? null,
      address: null,
      lat: item.location?.lat ?? null,
      lng: item.location?.lng ?? null,
      gridId: item.gridId,
      gridPath: item.gridPath,
      unitOrgId: null,
      unitGridId: item.gridId,
      foundById: actor.userId,
      foundByName: actor.name,
      photos: item.photoIds,
      taskInstanceId: instanceId,
      itemCode: input.itemCode,
      source: { task: item.templateName, item: item.prompt },
      idempotencyKey: null,
      contactPhone: null,
    },
    actor,
  );
  return { hazard: present(c, (await repo.findById(c.k.db, id))!), created };
}
