import type { Actor } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { GENERATED } from '../../kernel/i18n.js';
import { isCentre, isUnit, readable, reader } from './requests.access.js';
import type { RequestsContext } from './requests.context.js';
import { requestErrors } from './requests.errors.js';
import { notifyCentre, notifyReporters, notifyUnit } from './requests.notify.js';
import { detail } from './requests.reading.js';
import { changed, event } from './requests.record.js';
import { locate, tracked, type ReporterLocator } from './requests.reporter.js';

/** The thread: messages between the handlers and the reporter, and the handlers' internal notes. */

/** A message in the thread from a handler (to the reporter), or an internal note. */
export async function message(
  c: RequestsContext,
  actor: Actor,
  id: string,
  input: { body: string; internal: boolean },
) {
  const r = await reader(c, actor);
  const item = await readable(c, r, id);
  if (!isCentre(r, item) && !isUnit(r, item)) throw errors.forbidden({ permission: 'request.handle' });
  if (item.request.status === 'closed' && !input.internal) throw requestErrors.transition();
  await c.k.transaction(async (tx) => {
    await event(c, tx, item.request, {
      kind: input.internal ? 'note' : 'message',
      actor: { id: actor.userId, name: actor.name },
      side: 'handler',
      visibility: input.internal ? 'internal' : 'public',
      body: input.body,
    });
    if (!input.internal)
      await notifyReporters(
        c,
        tx,
        item.request,
        '办理单位给您留言',
        `${item.request.no}：${input.body.slice(0, 80)}`,
      );
    await changed(c, tx, item.request, 'message');
  });
  return detail(c, actor, id);
}

/** A message from the reporter (by their private link or their account). */
export async function reporterMessage(c: RequestsContext, loc: ReporterLocator, body: string) {
  const item = await locate(c, loc);
  const q = item.request;
  if (q.status === 'closed') throw requestErrors.transition();
  await c.k.transaction(async (tx) => {
    await event(c, tx, q, {
      kind: 'message',
      actor: { id: null, name: GENERATED.reporter.zh },
      side: 'reporter',
      body,
    });
    await notifyUnit(c, tx, q, 'message', '诉求人留言', `${q.no}：${body.slice(0, 80)}`);
    if (!q.assignedOrgId && !q.assignedGridId)
      await notifyCentre(c, tx, q, 'message', '诉求人留言', `${q.no}：${body.slice(0, 80)}`);
    await changed(c, tx, q, 'message');
  });
  return tracked(c, loc);
}
