import type { Executor } from '../../kernel/db.js';
import { schoolUsersWithRoles, unitUsers } from '../identity/index.js';
import type { RequestsContext } from './requests.context.js';
import { reporterUserId } from './requests.keys.js';
import * as repo from './requests.repository.js';

/** A notice about the request to these users (its unit's, the centre's). */
export function notice(row: repo.RequestRow, userIds: string[], title: string, body: string) {
  return {
    userIds,
    orgId: row.orgId,
    kind: 'request.update',
    title,
    body,
    link: `/requests/${row.id}`,
    data: { requestId: row.id, no: row.no },
  };
}

/** The users of the unit holding the request. */
export async function notifyUnit(
  c: RequestsContext,
  ex: Executor,
  row: repo.RequestRow,
  title: string,
  body: string,
) {
  const users = await unitUsers(ex, { orgId: row.assignedOrgId, gridId: row.assignedGridId });
  if (users.length) await c.k.notify.notify(ex, notice(row, users, title, body));
}

/** The school's grid centre. */
export async function notifyCentre(
  c: RequestsContext,
  ex: Executor,
  row: repo.RequestRow,
  title: string,
  body: string,
) {
  const users = await schoolUsersWithRoles(ex, row.schoolId, ['grid_center']);
  if (users.length) await c.k.notify.notify(ex, notice(row, users, title, body));
}

/** The reporter of this request and of every request merged into it, where they have an account. */
export async function notifyReporters(
  c: RequestsContext,
  ex: Executor,
  row: repo.RequestRow,
  title: string,
  body: string,
) {
  const rows = [row, ...(await repo.followerRequests(ex, row.id)).map((f) => f.request)];
  const ids = (sealed: boolean) =>
    rows
      .filter((x) => (x.identity === 'sealed') === sealed)
      .map((x) => reporterUserId(c, x))
      .filter((u): u is string => !!u);
  const named = ids(false);
  if (named.length)
    await c.k.notify.notify(ex, {
      userIds: named,
      orgId: null,
      kind: 'request.mine',
      title,
      body,
      link: `/m/#/requests/${row.id}`,
      data: { requestId: row.id, no: row.no },
    });
  // A sealed reporter's notice names no request: its row would tie the account to the filing.
  const sealed = ids(true);
  if (sealed.length)
    await c.k.notify.notify(ex, {
      userIds: sealed,
      orgId: null,
      kind: 'request.mine',
      title,
      body: '您的一件密封诉求有新进展，请在“我的诉求”中查看。',
      link: '/m/#/requests',
      data: {},
    });
}
