import type { Executor } from '../../kernel/db.js';
import { unitUsers } from '../identity/index.js';
import type { RequestsContext } from './requests.context.js';
import type { CloseKind, RequestAction, RequestStatus } from './requests.model.js';
import { notice, notifyCentre, notifyReporters, notifyUnit } from './requests.notify.js';
import { STATUS_TEXT } from './requests.present.js';
import type * as repo from './requests.repository.js';

/** Steps the reporter sees in their thread; return and audits stay between the centre and the unit. */
export const INTERNAL_ACTIONS: ReadonlySet<RequestAction> = new Set(['return', 'audit_pass', 'audit_fail']);

/** Who hears of a step: the unit when work reaches it, the centre when it must act, the reporters always. */
export async function tell(
  c: RequestsContext,
  ex: Executor,
  row: repo.RequestRow,
  before: repo.RequestItem,
  action: RequestAction,
  status: RequestStatus,
  closeKind: CloseKind | null,
) {
  const what = `${row.no} ${before.categoryName}`;
  if (['dispatch', 'transfer'].includes(action)) await notifyUnit(c, ex, row, 'new', '新诉求待签收', what);
  if (action === 'audit_fail')
    await notifyUnit(c, ex, row, 'audit_fail', '诉求办理审核未通过，请继续办理', what);
  if (status === 'reopened') {
    if (row.assignedOrgId || row.assignedGridId)
      await notifyUnit(c, ex, row, 'reopened', '诉求人反馈未解决，已重办', what);
    else await notifyCentre(c, ex, row, 'reopened', '诉求人反馈未解决，待重新分拨', what);
  }
  if (['return', 'reply'].includes(action))
    await notifyCentre(
      c,
      ex,
      row,
      action === 'return' ? 'returned' : 'replied',
      action === 'return' ? '诉求被退回，待重新分拨' : '诉求已办结，待审核',
      what,
    );
  if (INTERNAL_ACTIONS.has(action)) return;
  // The first receiver stays answerable (首接负责): it hears of every later step too.
  if (row.firstUnitId && row.firstUnitId !== (row.assignedOrgId ?? row.assignedGridId) && action !== 'sign') {
    const users = [
      ...(await unitUsers(ex, { orgId: null, gridId: row.firstUnitId })),
      ...(await unitUsers(ex, { orgId: row.firstUnitId, gridId: null })),
    ];
    await c.k.notify.notify(ex, notice('first_unit', row, users, '您首接的诉求有新进展', what));
  }
  const text = STATUS_TEXT[status] ?? status;
  const title = closeKind === 'duplicate' ? '您的诉求已与同类诉求合并办理' : `您的诉求${text}`;
  await notifyReporters(c, ex, row, title, what);
}
