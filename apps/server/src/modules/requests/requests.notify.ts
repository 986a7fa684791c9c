import type { Executor } from '../../kernel/db.js';
import type { Notice, Severity } from '../../kernel/notify/index.js';
import { schoolUsersWithRoles, unitUsers } from '../identity/index.js';
import type { RequestsContext } from './requests.context.js';
import { reporterUserId } from './requests.keys.js';
import * as repo from './requests.repository.js';

/**
 * Why a request notice goes out, and how loud it is (the notification centre's policy per severity
 * picks the channels): the clocks' 超时, 催办, 督办 and 通报 are urgent (SMS when not read in
 * time); new work and ordinary progress are normal (in-app and the daily digest).
 */
export const REQUEST_NOTICE_SEVERITY = {
  /** 新诉求待签收 / 待分拨 */
  new: 'normal',
  /** 退回, 审核未通过, 重办: work back on someone's desk */
  returned: 'normal',
  audit_fail: 'normal',
  reopened: 'normal',
  /** 已办结，待审核 */
  replied: 'normal',
  /** the first receiver hears of later steps (首接负责) */
  first_unit: 'normal',
  /** the reporter wrote in the thread */
  message: 'normal',
  /** the reporter hears of their request's progress */
  reporter: 'normal',
  /** the response deadline passed without contact */
  respond_late: 'urgent',
  urge: 'urgent',
  supervise: 'urgent',
  notice: 'urgent',
} as const satisfies Record<string, Severity>;

export type RequestNoticeWhy = keyof typeof REQUEST_NOTICE_SEVERITY;

/** A notice about the request to these users (its unit's, the centre's). */
export function notice(
  why: RequestNoticeWhy,
  row: repo.RequestRow,
  userIds: string[],
  title: string,
  body: string,
): Notice {
  return {
    userIds,
    orgId: row.orgId,
    kind: 'request.update',
    title,
    body,
    link: `/requests/${row.id}`,
    data: { requestId: row.id, no: row.no },
    severity: REQUEST_NOTICE_SEVERITY[why],
    subject: { type: 'request', id: row.id },
  };
}

/** The users of the unit holding the request. */
export async function notifyUnit(
  c: RequestsContext,
  ex: Executor,
  row: repo.RequestRow,
  why: RequestNoticeWhy,
  title: string,
  body: string,
) {
  const users = await unitUsers(ex, { orgId: row.assignedOrgId, gridId: row.assignedGridId });
  if (users.length) await c.k.notify.notify(ex, notice(why, row, users, title, body));
}

/** The school's grid centre. */
export async function notifyCentre(
  c: RequestsContext,
  ex: Executor,
  row: repo.RequestRow,
  why: RequestNoticeWhy,
  title: string,
  body: string,
) {
  const users = await schoolUsersWithRoles(ex, row.schoolId, ['grid_center']);
  if (users.length) await c.k.notify.notify(ex, notice(why, row, users, title, body));
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
      severity: REQUEST_NOTICE_SEVERITY.reporter,
      subject: { type: 'request', id: row.id },
    });
  // A sealed reporter's notice names no request (no subject either): its row would tie the account
  // to the filing.
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
      severity: REQUEST_NOTICE_SEVERITY.reporter,
    });
}
