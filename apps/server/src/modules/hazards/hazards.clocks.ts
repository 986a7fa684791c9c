import { and, eq, sql } from 'drizzle-orm';
import { chinaDate } from '../../kernel/calendar/index.js';
import type { Executor } from '../../kernel/db.js';
import { schoolUsersWithRoles, unitUsers } from '../identity/index.js';
import type { HazardsContext } from './hazards.context.js';
import type { HazardGrade } from './hazards.model.js';
import * as repo from './hazards.repository.js';
import { hazards } from './hazards.tables.js';
import { addEvent, changed } from './hazards.timeline.js';
import { hazardNotice } from './hazards.notify.js';

export const DEADLINE_JOB = 'hazards.deadline';
export const SUPERVISE_JOB = 'hazards.supervise';
const DAY = 86_400_000;

/**
 * A hazard's clocks (durable jobs): its deadline, and — unless it is major and supervised from
 * the start — supervision some grace days after. A new deadline sets new clocks; the old ones
 * find the deadline changed and do nothing.
 */
export async function setClocks(
  c: HazardsContext,
  ex: Executor,
  id: string,
  deadline: Date,
  graceDays: number,
  grade: HazardGrade,
) {
  const at = deadline.toISOString();
  await c.k.jobs.enqueueAll(ex, [
    {
      queue: DEADLINE_JOB,
      payload: { hazardId: id, deadline: at },
      opts: { runAt: new Date(deadline.getTime() + 1000), singletonKey: `${id}:${at}` },
    },
    ...(grade === 'major'
      ? []
      : [
          {
            queue: SUPERVISE_JOB,
            payload: { hazardId: id, deadline: at },
            opts: {
              runAt: new Date(deadline.getTime() + graceDays * DAY + 1000),
              singletonKey: `${id}:${at}`,
            },
          },
        ]),
  ]);
}

/** The deadline passed: the unit, the office and the grid's leader are told (once per deadline). */
export async function deadlinePassed(c: HazardsContext, hazardId: string, deadline: string) {
  await c.k.transaction(async (tx) => {
    const [h] = await tx
      .update(hazards)
      .set({ overdueAt: c.k.clock.now() })
      .where(
        and(
          eq(hazards.id, hazardId),
          sql`${hazards.status} <> 'closed'`,
          sql`${hazards.overdueAt} is null`,
          eq(hazards.deadline, new Date(deadline)),
        ),
      )
      .returning();
    if (!h) return;
    const to = [
      ...(await unitUsers(tx, { orgId: h.unitOrgId, gridId: h.unitGridId })),
      ...(await schoolUsersWithRoles(tx, h.schoolId, ['grid_center'])),
    ];
    await addEvent(c, tx, h.id, null, 'overdue', { body: '已超过整改期限' });
    await changed(c, tx, {
      id: h.id,
      no: h.no,
      status: h.status,
      kind: 'overdue',
      schoolId: h.schoolId,
      gridId: h.gridId,
    });
    await c.k.notify.notify(
      tx,
      hazardNotice(
        'overdue',
        { type: 'hazard', id: h.id },
        {
          userIds: to,
          orgId: h.schoolId,
          kind: 'hazard.overdue',
          title: `【逾期】隐患超过整改期限 ${h.no}`,
          body: `${h.title}，期限 ${chinaDate(h.deadline)}，请立即整改。`,
          link: `/hazards/${h.id}`,
          data: { hazardId: h.id },
        },
      ),
    );
  });
}

/** Still open some days past its deadline: flagged for supervision (挂牌督办), supervisors told. */
export async function superviseLate(c: HazardsContext, hazardId: string, deadline: string) {
  const [h0] = await c.k.db.select().from(hazards).where(eq(hazards.id, hazardId));
  if (!h0) return;
  const supervisors = await repo.supervisorUsers(
    c.k.db,
    (await repo.supervisorsOf(c.k.db, h0.schoolId)).map((o) => o.id),
  );
  await c.k.transaction(async (tx) => {
    const [h] = await tx
      .update(hazards)
      .set({ supervisedAt: c.k.clock.now() })
      .where(
        and(
          eq(hazards.id, hazardId),
          sql`${hazards.status} <> 'closed'`,
          sql`${hazards.supervisedAt} is null`,
          eq(hazards.deadline, new Date(deadline)),
        ),
      )
      .returning();
    if (!h) return;
    await addEvent(c, tx, h.id, null, 'supervise', { body: '逾期未整改，挂牌督办' });
    await changed(c, tx, {
      id: h.id,
      no: h.no,
      status: h.status,
      kind: 'supervise',
      schoolId: h.schoolId,
      gridId: h.gridId,
    });
    await c.k.notify.notify(
      tx,
      hazardNotice(
        'supervise',
        { type: 'hazard', id: h.id },
        {
          userIds: [
            ...supervisors,
            ...(await schoolUsersWithRoles(tx, h.schoolId, ['grid_center', 'school_admin'])),
          ],
          orgId: h.schoolId,
          kind: 'hazard.supervise',
          title: `【挂牌督办】隐患逾期未整改 ${h.no}`,
          body: h.title,
          link: `/hazards/${h.id}`,
          data: { hazardId: h.id },
        },
      ),
    );
  });
}
