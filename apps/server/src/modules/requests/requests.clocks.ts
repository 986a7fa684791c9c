import type { WorkCalendar } from '../../kernel/calendar/index.js';
import type { Executor } from '../../kernel/db.js';
import { GENERATED } from '../../kernel/i18n.js';
import { schoolUsersWithRoles } from '../identity/index.js';
import type { RequestsContext } from './requests.context.js';
import type { RequestStatus } from './requests.model.js';
import { notice, notifyCentre, notifyUnit } from './requests.notify.js';
import { changed, event } from './requests.record.js';
import * as repo from './requests.repository.js';
import { ladderFor, type DeadlinePolicy } from './requests.routing.js';

/*
 * Clocks: the response deadline and the ladder (催办, 督办, 通报) run as jobs. Each job carries
 * the request's clock generation; a new deadline starts a new generation and the old jobs find
 * nothing to do.
 */

export const CLOCK_JOB = 'requests.clock';
export const CLOCK_STEPS = ['respond', 'urge', 'supervise', 'notice'] as const;
export type ClockStep = (typeof CLOCK_STEPS)[number];

/** Statuses in which the ladder still runs (before the reply; a parked request waits with a plan). */
const LADDER_STATUSES: readonly RequestStatus[] = [
  'received',
  'triage',
  'dispatched',
  'accepted',
  'contacted',
  'in_progress',
  'extended',
  'reopened',
];

const LADDER_TEXT: Record<ClockStep, { title: string; body: string }> = {
  respond: { title: '诉求超时未响应', body: '已超过响应时限仍未联系诉求人，请立即联系。' },
  urge: { title: '【催办】诉求即将到期', body: '诉求即将到达办结时限，请抓紧办理并回复。' },
  supervise: { title: '【督办】诉求已超期', body: '诉求已超过办结时限，已列入督办，请立即办理。' },
  notice: { title: '【通报】诉求严重超期', body: '诉求严重超期，已予通报。' },
};

export async function scheduleClocks(
  c: RequestsContext,
  ex: Executor,
  row: repo.RequestRow,
  policy: DeadlinePolicy,
  calendar: WorkCalendar,
  steps: readonly ClockStep[],
) {
  // A ladder (re)started now never falls due before now.
  const ladder = ladderFor(calendar, policy, row.resolveBy, c.k.clock.now());
  await c.k.jobs.enqueueAll(
    ex,
    steps.map((step) => ({
      queue: CLOCK_JOB,
      payload: { requestId: row.id, step, gen: row.clockGen },
      opts: {
        runAt: step === 'respond' ? row.respondBy : ladder[step],
        singletonKey: `${row.id}:${step}:${row.clockGen}`,
      },
    })),
  );
}

/** A clock job: the response deadline passed, or a ladder step (催办, 督办, 通报) fell due. */
export async function clock(
  c: RequestsContext,
  requestId: string,
  step: ClockStep,
  gen: number,
): Promise<void> {
  const item = await repo.findById(c.k.db, requestId);
  if (!item) return;
  const q = item.request;
  if (q.clockGen !== gen || q.status === 'closed') return;
  if (step === 'respond' && (q.respondedAt || !LADDER_STATUSES.includes(q.status))) return;
  if (step !== 'respond' && !LADDER_STATUSES.includes(q.status)) return;
  const flag = { urge: 'urgedAt', supervise: 'supervisedAt', notice: 'noticedAt' } as const;
  await c.k.transaction(async (tx) => {
    const now = c.k.clock.now();
    let row: repo.RequestRow | null = q;
    if (step !== 'respond') {
      if (q[flag[step]]) return;
      row = await repo.update(tx, q.id, q.version, { [flag[step]]: now, updatedAt: now });
      // Changed meanwhile: the job runs again (with back-off) against the new state.
      if (!row) throw new Error(`request ${q.no} changed while its ${step} step ran`);
    }
    const changedRow: repo.RequestRow = row;
    await event(c, tx, row, {
      kind: step === 'respond' ? 'respond_late' : step,
      actor: { id: null, name: GENERATED.system.zh },
      side: 'system',
      visibility: 'internal',
      data: { resolveBy: q.resolveBy.toISOString(), respondBy: q.respondBy.toISOString() },
    });
    const text = LADDER_TEXT[step];
    const why = step === 'respond' ? 'respond_late' : step;
    const body = `${q.no} ${item.categoryName}：${text.body}`;
    await notifyUnit(c, tx, changedRow, why, text.title, body);
    if (step !== 'urge') await notifyCentre(c, tx, changedRow, why, text.title, body);
    if (step === 'notice') {
      const admins = await schoolUsersWithRoles(tx, q.schoolId, ['school_admin']);
      await c.k.notify.notify(tx, notice(why, changedRow, admins, text.title, body));
    }
    await changed(c, tx, changedRow, step);
  });
}

/** A new resolution deadline: a new clock generation, and the ladder from its first step. */
export function restartLadder(q: repo.RequestRow, resolveBy: Date) {
  return { resolveBy, clockGen: q.clockGen + 1, urgedAt: null, supervisedAt: null, noticedAt: null };
}

/** 重办: the reply no longer stands, and the unit has a new deadline. */
export function reopened(q: repo.RequestRow, resolveBy: Date) {
  return { ...restartLadder(q, resolveBy), reopenCount: q.reopenCount + 1, repliedAt: null };
}
