import { authorize, pathInScope, scopeFor, type Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { errors } from '../../kernel/errors.js';
import { localizeActor } from '../../kernel/i18n.js';
import { canReveal, isCentre, readable, reader, sidesOf } from './requests.access.js';
import type { RequestsContext } from './requests.context.js';
import { REQUEST_ACTIONS, requestTransition, type RequestStatus } from './requests.model.js';
import { isThreadPhoto, photosOf } from './requests.photos-after.js';
import { present, type PresentedRequest } from './requests.present.js';
import { byToken, mine, ownRequests } from './requests.reporter.js';
import * as repo from './requests.repository.js';

/** The handlers' reading: one request with its thread, the list, and what needs them now. */

type Todo = 'dispatch' | 'sign' | 'contact' | 'reply' | 'resume' | 'audit' | 'visit' | 'rate' | 'supervised';
const UNIT_TODO: Partial<Record<RequestStatus, 'sign' | 'contact' | 'reply' | 'resume'>> = {
  dispatched: 'sign',
  accepted: 'contact',
  contacted: 'reply',
  in_progress: 'reply',
  extended: 'reply',
  reopened: 'reply',
  parked: 'resume',
};
const CENTRE_TODO: Partial<Record<RequestStatus, 'dispatch' | 'audit' | 'visit'>> = {
  received: 'dispatch',
  triage: 'dispatch',
  replied: 'audit',
  revisit: 'visit',
};

/** A request as its handlers read it: the thread, the steps the reader may take, possible duplicates. */
export async function detail(c: RequestsContext, actor: Actor, id: string) {
  const r = await reader(c, actor);
  const item = await readable(c, r, id);
  const q = item.request;
  const events = await repo.events(c.k.db, q.id, false);
  const centre = isCentre(r, item);
  const sides = sidesOf(r, item);
  const unit = sides.includes('unit');
  const actions = REQUEST_ACTIONS.filter((a) =>
    sides.some((s) => {
      const t = requestTransition(q.status, a, s, {
        reason: 'x',
        visit: { contacted: true, solved: true, satisfaction: 5 },
      });
      return t.ok;
    }),
  );
  const dupEvent = [...events].reverse().find((e) => e.kind === 'possible_duplicate');
  // Other requests are the centre's to compare and merge: a unit sees only its own.
  const dupIds = centre ? ((dupEvent?.data?.['ids'] as string[] | undefined) ?? []).slice(0, 5) : [];
  const dups = dupIds.length ? await repo.briefs(c.k.db, dupIds) : [];
  return {
    // The number is for calling back: the centre and the handling unit see it whole.
    ...present(c, item, centre || unit),
    events: events.map((e) => ({
      id: e.id,
      at: e.at,
      actorName: localizeActor(e.actorName, actor.lang),
      kind: e.kind,
      visibility: e.visibility,
      side: e.side,
      body: e.body,
      status: e.status,
      data: e.data,
      photos: photosOf(e.data),
    })),
    actions,
    canMessage: (centre || unit) && q.status !== 'closed',
    canRevealReporter: q.identity === 'sealed' && canReveal(actor, item),
    possibleDuplicates: q.status === 'closed' ? [] : dups.filter((d) => d.status !== 'closed'),
  };
}

/** Who filed a sealed request: the grid centre only, and every read is audited. */
export async function revealReporter(c: RequestsContext, actor: Actor, id: string) {
  const scope = authorize(actor, 'request.sealed');
  const item = await repo.findById(c.k.db, id);
  if (!item || !pathInScope(scope, item.schoolPath)) throw errors.notFound({ id });
  const q = item.request;
  let who: { name: string | null; phone: string | null } = { name: q.reporterName, phone: q.reporterPhone };
  if (q.identity === 'sealed' && q.reporterEnc) {
    const d = JSON.parse(c.k.crypto.decrypt(q.reporterEnc)) as {
      name: string | null;
      phone: string | null;
    };
    who = { name: d.name, phone: d.phone };
  } else if (q.identity === 'anonymous') who = { name: null, phone: null };
  await audit(c.k.db, c.k.clock, actor, {
    action: 'request.reveal_reporter',
    targetType: 'request',
    targetId: q.id,
    orgId: q.schoolId,
    sensitive: true,
    details: { no: q.no, identity: q.identity },
  });
  return { identity: q.identity, ...who };
}

/** The list under its filters, one page. */
export async function list(
  c: RequestsContext,
  actor: Actor,
  f: repo.ListFilter,
  page: { page: number; pageSize: number },
) {
  const r = await reader(c, actor);
  if (!r.access.scope && !r.access.homePath && !r.access.gridPaths.length)
    throw errors.forbidden({ permission: 'request.read' });
  const { items, total } = await repo.list(c.k.db, r.access, f, c.k.clock.now(), {
    offset: (page.page - 1) * page.pageSize,
    limit: page.pageSize,
  });
  return { items: items.map((i) => present(c, i)), total, page: page.page, pageSize: page.pageSize };
}

/** "Needs me now": what the reader is expected to do next, soonest deadline first. */
export async function queue(c: RequestsContext, actor: Actor) {
  const r = await reader(c, actor);
  const now = c.k.clock.now();
  const out: { request: PresentedRequest; todo: Todo; dueAt: Date | null }[] = [];
  const seen = new Set<string>();
  const push = (i: repo.RequestItem, todo: Todo, dueAt: Date | null) => {
    if (seen.has(i.request.id)) return;
    seen.add(i.request.id);
    out.push({ request: present(c, i), todo, dueAt });
  };
  if (r.handles) {
    const statuses = Object.keys(UNIT_TODO) as RequestStatus[];
    for (const i of await repo.unitQueue(c.k.db, r.access, statuses, 200)) {
      const todo = UNIT_TODO[i.request.status]!;
      push(i, todo, todo === 'contact' && !i.request.respondedAt ? i.request.respondBy : i.request.resolveBy);
    }
  }
  if (r.centre) {
    const statuses = Object.keys(CENTRE_TODO) as RequestStatus[];
    for (const i of await repo.centreQueue(c.k.db, r.centre, statuses, now, 200)) {
      const unassigned = !i.request.assignedOrgId && !i.request.assignedGridId;
      const todo =
        CENTRE_TODO[i.request.status] ??
        (i.request.status === 'reopened' && unassigned ? 'dispatch' : 'supervised');
      push(i, todo, todo === 'dispatch' ? i.request.respondBy : i.request.resolveBy);
    }
  }
  if (actor.userId && scopeFor(actor, 'request.file')) {
    for (const i of await ownRequests(c, actor, 50, ['revisit'])) push(i, 'rate', null);
  }
  out.sort((a, b) => (a.dueAt?.getTime() ?? now.getTime()) - (b.dueAt?.getTime() ?? now.getTime()));
  return { items: out };
}

/** A photo of the request or its thread, for whoever may read the request (or filed it). */
export async function photo(
  c: RequestsContext,
  actor: Actor | null,
  loc: { id: string } | { token: string },
  fileId: string,
) {
  let item: repo.RequestItem;
  if ('token' in loc) item = await byToken(c, loc.token);
  else {
    const r = await reader(c, actor!);
    try {
      item = await readable(c, r, loc.id);
    } catch (e) {
      item = await mine(c, actor!, loc.id).catch(() => {
        throw e;
      });
    }
  }
  if (!item.request.photos.includes(fileId) && !(await isThreadPhoto(c.k.db, item.request.id, fileId)))
    throw errors.notFound({ fileId });
  return c.k.files.openById(fileId);
}
