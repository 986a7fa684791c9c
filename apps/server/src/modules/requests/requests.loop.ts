import type { Actor } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { commitFiles } from '../../kernel/files/files.lifecycle.js';
import { readable, reader, sidesOf } from './requests.access.js';
import { scheduleClocks } from './requests.clocks.js';
import { settings, type RequestsContext } from './requests.context.js';
import { requestErrors } from './requests.errors.js';
import { requestTransition } from './requests.model.js';
import { AFTER_PHOTO_ACTIONS } from './requests.photos-after.js';
import { present } from './requests.present.js';
import { detail } from './requests.reading.js';
import { changed, event } from './requests.record.js';
import * as repo from './requests.repository.js';
import { STEPS, type ActInput } from './requests.steps.js';
import { INTERNAL_ACTIONS, tell } from './requests.tell.js';

/**
 * The loop: a handler takes a step on a request (派单, 签收, 办结, 审核, 回访 …). The loop's rules
 * (requests.model.ts) say whether the reader's side may take it and where it leads; the step's own
 * handler (requests.steps.ts) says what else changes; the step is then recorded, told and its
 * clocks started again in one transaction.
 */
export async function act(c: RequestsContext, actor: Actor, id: string, input: ActInput) {
  const r = await reader(c, actor);
  const item = await readable(c, r, id);
  const q = item.request;
  if (q.version !== input.version) throw errors.conflict({ version: q.version });
  const sides = sidesOf(r, item);
  if (!sides.length) throw errors.forbidden({ permission: 'request.handle' });
  const photos = [...new Set(input.photos ?? [])];
  if (photos.length) {
    if (!AFTER_PHOTO_ACTIONS.has(input.action)) throw requestErrors.badPhoto();
    const owned = await c.k.files.ownedImages(photos, actor.userId ?? '');
    if (owned.length !== photos.length) throw requestErrors.badPhoto();
  }
  let t = requestTransition(q.status, input.action, sides[0]!, input);
  if (!t.ok && t.reason === 'wrong_side' && sides[1])
    t = requestTransition(q.status, input.action, sides[1], input);
  if (!t.ok) {
    if (t.reason === 'wrong_side') throw requestErrors.wrongSide();
    if (t.reason === 'reason_required') throw requestErrors.reasonRequired();
    if (t.reason === 'answer_required') throw requestErrors.answerRequired();
    throw requestErrors.transition({ status: q.status, action: input.action });
  }
  const now = c.k.clock.now();
  const set: Partial<repo.RequestRow> = { status: t.status, updatedAt: now };
  if (t.closeKind) Object.assign(set, { closeKind: t.closeKind, closedAt: now });
  const category = await repo.categoryById(c.k.db, q.categoryId);
  const { calendar } = await settings(c.k.db, q.schoolId);
  const step = await STEPS[input.action]({
    c,
    actor,
    item,
    q,
    input,
    status: t.status,
    now,
    calendar,
    category,
  });
  Object.assign(set, step.set);
  const reschedule = step.reschedule ?? [];
  const target = step.target;
  const data = step.data ?? {};

  const updated = await c.k.transaction(async (tx) => {
    const row = await repo.update(tx, q.id, q.version, set);
    if (!row) throw errors.conflict({ id: q.id });
    if (photos.length) await commitFiles(tx, photos, now);
    await event(c, tx, row, {
      kind: input.action,
      actor: { id: actor.userId, name: actor.name },
      side: 'handler',
      status: t.status,
      visibility: INTERNAL_ACTIONS.has(input.action) ? 'internal' : 'public',
      body: input.message ?? input.reason ?? null,
      data: {
        ...data,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(photos.length ? { photos } : {}),
        by: t.by,
      },
    });
    if (target) {
      const followers = await repo.followerRequests(tx, q.id);
      await repo.addFollowers(tx, target.request.id, [q.id, ...followers.map((f) => f.request.id)], now);
      await event(c, tx, target.request, {
        kind: 'merged_in',
        actor: { id: actor.userId, name: actor.name },
        side: 'handler',
        visibility: 'internal',
        data: { from: q.no },
      });
    }
    if (reschedule.length && category)
      await scheduleClocks(c, tx, row, category.policy, calendar, reschedule);
    await tell(c, tx, row, item, input.action, t.status, t.closeKind);
    await changed(c, tx, row, input.action);
    return row;
  });
  try {
    return await detail(c, actor, updated.id);
  } catch (e) {
    // A unit that returned (退单) or transferred away no longer reads it: it gets the request
    // as it left, with nothing more to do.
    const after = await repo.findById(c.k.db, updated.id);
    if (!after) throw e;
    return {
      ...present(c, after),
      events: [],
      actions: [],
      canMessage: false,
      canRevealReporter: false,
      possibleDuplicates: [],
    };
  }
}
