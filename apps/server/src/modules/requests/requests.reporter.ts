import { authorize, type Actor } from '../../kernel/access/index.js';
import { addDuration } from '../../kernel/calendar/index.js';
import { errors } from '../../kernel/errors.js';
import { DEFAULT_LANG, GENERATED, generated } from '../../kernel/i18n.js';
import { schoolOf } from '../orgs/index.js';
import { reopened, scheduleClocks } from './requests.clocks.js';
import { settings, type RequestsContext } from './requests.context.js';
import { requestErrors } from './requests.errors.js';
import { filedBy, reporterKey, sealedReporterKey, trackHash } from './requests.keys.js';
import { requestTransition, type RequestStatus, type VisitAnswer } from './requests.model.js';
import { notifyCentre, notifyUnit } from './requests.notify.js';
import { photosOf } from './requests.photos-after.js';
import { unitOf } from './requests.present.js';
import { changed, event } from './requests.record.js';
import * as repo from './requests.repository.js';

/** The reporter's side: their requests by their private link or account, the thread, the return visit. */

/** How a reporter reaches their request: the private link's token, or their own account. */
export type ReporterLocator = { token: string } | { actor: Actor; id: string };

/** A request by its private link's token. */
export async function byToken(c: RequestsContext, token: string) {
  if (!/^[0-9a-f]{32}$/.test(token)) throw errors.notFound({});
  const item = await repo.findByTrack(c.k.db, trackHash(c, token));
  if (!item) throw errors.notFound({});
  return item;
}

/** A request the actor filed by their account. */
export async function mine(c: RequestsContext, actor: Actor, id: string) {
  authorize(actor, 'request.file');
  const item = await repo.findById(c.k.db, id);
  if (!item || !actor.userId || !filedBy(c, item.request, actor.userId)) throw errors.notFound({ id });
  return item;
}

/** The reporter's request, by their link or their account (404 otherwise). */
export function locate(c: RequestsContext, loc: ReporterLocator) {
  return 'token' in loc ? byToken(c, loc.token) : mine(c, loc.actor, loc.id);
}

/** The user's own requests, newest first: named ones by their key, sealed ones recomputed one by one. */
export async function ownRequests(
  c: RequestsContext,
  actor: Actor,
  limit: number,
  statuses?: RequestStatus[],
) {
  const userId = actor.userId!;
  const named = await repo.listByReporter(c.k.db, reporterKey(c, userId), limit, statuses);
  const schoolIds = new Set<string>();
  for (const m of actor.memberships) {
    const s = await schoolOf(c.k.db, m.orgId);
    if (s) schoolIds.add(s.id);
  }
  const sealedIds = (await repo.sealedReporterKeys(c.k.db, [...schoolIds], statuses))
    .filter((r) => r.reporterKey === sealedReporterKey(c, userId, r.id))
    .map((r) => r.id);
  const sealed = await repo.listByIds(c.k.db, sealedIds.slice(0, limit));
  return [...named, ...sealed]
    .sort((a, b) => b.request.receivedAt.getTime() - a.request.receivedAt.getTime())
    .slice(0, limit);
}

/** The reporter's view: status, deadlines and the public thread; handlers appear as their unit. */
export async function tracked(c: RequestsContext, loc: ReporterLocator) {
  const item = await locate(c, loc);
  const q = item.request;
  const events = await repo.events(c.k.db, q.id, true);
  const lang = 'actor' in loc ? loc.actor.lang : DEFAULT_LANG;
  const unitName = unitOf(item)?.name ?? null;
  return {
    id: q.id,
    no: q.no,
    schoolName: item.schoolName,
    categoryName: item.categoryName,
    description: q.description,
    placeName: item.placeName,
    photos: q.photos,
    identity: q.identity,
    status: q.status,
    closeKind: q.closeKind,
    receivedAt: q.receivedAt,
    respondBy: q.respondBy,
    resolveBy: q.resolveBy,
    unitName,
    canRate: q.status === 'revisit',
    visit: q.visit,
    mergedInto: item.mergedNo && item.mergedStatus ? { no: item.mergedNo, status: item.mergedStatus } : null,
    thread: events.map((e) => ({
      at: e.at,
      side: e.side,
      author:
        e.side === 'reporter'
          ? generated('me', lang)
          : e.side === 'system'
            ? generated('system', lang)
            : (unitName ?? item.schoolName),
      kind: e.kind,
      body: e.body,
      status: e.status,
      photos: photosOf(e.data),
    })),
  };
}

/** The actor's own requests (named and sealed), newest first. */
export async function myRequests(c: RequestsContext, actor: Actor) {
  authorize(actor, 'request.file');
  const items = await ownRequests(c, actor, 100);
  return {
    items: items.map((i) => ({
      id: i.request.id,
      no: i.request.no,
      categoryName: i.categoryName,
      description: i.request.description,
      status: i.request.status,
      closeKind: i.request.closeKind,
      identity: i.request.identity,
      receivedAt: i.request.receivedAt,
      canRate: i.request.status === 'revisit',
    })),
  };
}

/** The reporter answers the return visit: solved closes it, not solved reopens it (重办). */
export async function rate(
  c: RequestsContext,
  loc: ReporterLocator,
  answer: VisitAnswer & { comment?: string | undefined },
) {
  const item = await locate(c, loc);
  const q = item.request;
  if (q.status !== 'revisit') throw requestErrors.notRateable();
  const t = requestTransition(q.status, 'visit', 'reporter', { visit: answer });
  if (!t.ok) throw requestErrors.notRateable();
  const now = c.k.clock.now();
  const category = await repo.categoryById(c.k.db, q.categoryId);
  const { calendar } = await settings(c.k.db, q.schoolId);
  const visit = { contacted: answer.contacted, solved: answer.solved, satisfaction: answer.satisfaction };
  const set: Partial<repo.RequestRow> = { status: t.status, visit, visitedAt: now, updatedAt: now };
  if (t.closeKind) Object.assign(set, { closeKind: t.closeKind, closedAt: now });
  if (t.status === 'reopened')
    Object.assign(set, reopened(q, addDuration(calendar, now, category!.policy.resolve)));
  await c.k.transaction(async (tx) => {
    const row = await repo.update(tx, q.id, q.version, set);
    if (!row) throw errors.conflict({ id: q.id });
    await event(c, tx, row, {
      kind: 'visit',
      actor: { id: null, name: GENERATED.reporter.zh },
      side: 'reporter',
      status: t.status,
      body: answer.comment ?? null,
      data: { visit, by: 'reporter' },
    });
    if (t.status === 'reopened') {
      await scheduleClocks(c, tx, row, category!.policy, calendar, ['urge', 'supervise', 'notice']);
      await notifyUnit(c, tx, row, 'reopened', '诉求人反馈未解决，已重办', `${row.no} ${item.categoryName}`);
      await notifyCentre(
        c,
        tx,
        row,
        'reopened',
        '诉求人反馈未解决，已重办',
        `${row.no} ${item.categoryName}`,
      );
    }
    await changed(c, tx, row, 'visit');
  });
  return tracked(c, loc);
}
