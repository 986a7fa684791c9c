import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../kernel/db.js';
import { rows } from '../../kernel/db.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { grids, type GridLevel } from '../grids/index.js';
import { CHECKLIST_LIBRARY } from './tasks.library.js';
import { periodDue, periodKey, type Recurrence } from './tasks.model.js';
import { taskInstances, taskSchedules, taskTemplates } from './tasks.tables.js';

export const GENERATE_JOB = 'tasks.generate';
export const OVERDUE_JOB = 'tasks.overdue';
export const TASK_EVENTS = {
  /** a task instance ran past its due time and was escalated */
  overdue: 'task.overdue',
} as const;

/**
 * Grid tasks: templates, schedules and the instances they generate. Generation is idempotent per
 * (schedule, grid, period) by a unique index, so running it every few minutes, on several workers
 * or after a restart, makes each period's task exactly once. Routes and the phone come next.
 */
export class TasksService {
  constructor(private readonly k: Kernel) {}

  /** Give a school the seeded library (each template once, by its code). */
  async installLibrary(ex: Executor, schoolId: string, kindergarten = false): Promise<number> {
    const now = this.k.clock.now();
    const rowsIn = CHECKLIST_LIBRARY.filter((t) => kindergarten || !t.kindergarten).map((t) => ({
      id: newId(),
      schoolId,
      code: t.code,
      name: t.name,
      kind: t.kind,
      domain: t.domain,
      items: t.items,
      updatedAt: now,
    }));
    const made = await ex
      .insert(taskTemplates)
      .values(rowsIn)
      .onConflictDoNothing()
      .returning({ id: taskTemplates.id });
    return made.length;
  }

  async addSchedule(
    ex: Executor,
    input: {
      schoolId: string;
      templateCode: string;
      recurrence: Recurrence;
      gridLevel?: GridLevel;
      gridIds?: string[];
    },
  ) {
    const [template] = await ex
      .select({ id: taskTemplates.id })
      .from(taskTemplates)
      .where(and(eq(taskTemplates.schoolId, input.schoolId), eq(taskTemplates.code, input.templateCode)))
      .limit(1);
    if (!template) throw new Error(`no template ${input.templateCode}`);
    const id = newId();
    await ex.insert(taskSchedules).values({
      id,
      schoolId: input.schoolId,
      templateId: template.id,
      recurrence: input.recurrence,
      gridLevel: input.gridLevel ?? null,
      gridIds: input.gridIds ?? [],
      createdAt: this.k.clock.now(),
    });
    return id;
  }

  /**
   * The durable job behind every schedule: make this period's instance for every target grid that
   * has none yet, and a job for when each falls due. Returns how many were made.
   */
  async generate(): Promise<number> {
    const now = this.k.clock.now();
    const schedules = await this.k.db.select().from(taskSchedules).where(eq(taskSchedules.active, true));
    let made = 0;
    for (const s of schedules) {
      if (!s.gridLevel && !s.gridIds.length) continue;
      const targets = await this.k.db
        .select({ id: grids.id, path: grids.path })
        .from(grids)
        .where(
          and(
            eq(grids.schoolId, s.schoolId),
            s.gridLevel ? eq(grids.level, s.gridLevel) : inArray(grids.id, s.gridIds),
          ),
        );
      if (!targets.length) continue;
      const key = periodKey(s.recurrence, now, s.id);
      const dueAt = periodDue(s.recurrence, key, now);
      made += await this.k.transaction(async (tx) => {
        const created = await tx
          .insert(taskInstances)
          .values(
            targets.map((g) => ({
              id: newId(),
              scheduleId: s.id,
              templateId: s.templateId,
              schoolId: s.schoolId,
              gridId: g.id,
              gridPath: g.path,
              periodKey: key,
              dueAt,
              status: 'open' as const,
              createdAt: now,
            })),
          )
          .onConflictDoNothing()
          .returning({ id: taskInstances.id });
        await this.k.jobs.enqueueAll(
          tx,
          created.map((c) => ({
            queue: OVERDUE_JOB,
            payload: { instanceId: c.id },
            opts: { runAt: new Date(dueAt.getTime() + 1000), singletonKey: c.id },
          })),
        );
        return created.length;
      });
    }
    return made;
  }

  /** A task still open after its due time: escalated once, to its grid's leader and the one above. */
  async overdue(instanceId: string): Promise<void> {
    await this.k.transaction(async (tx) => {
      const [i] = await tx
        .update(taskInstances)
        .set({ escalatedAt: this.k.clock.now() })
        .where(
          and(
            eq(taskInstances.id, instanceId),
            eq(taskInstances.status, 'open'),
            sql`${taskInstances.escalatedAt} is null`,
          ),
        )
        .returning();
      if (!i) return;
      const leaders = await rows<{ id: string; name: string }>(
        tx,
        sql`select g.leader_user_id as id, t.name from grids g, task_templates t
            where t.id = ${i.templateId} and g.leader_user_id is not null
              and (g.id = ${i.gridId} or g.id = (select parent_id from grids where id = ${i.gridId}))`,
      );
      const name = leaders[0]?.name ?? '网格任务';
      await this.k.notify.notify(tx, {
        userIds: leaders.map((l) => l.id),
        orgId: i.schoolId,
        kind: 'task.overdue',
        title: '网格任务逾期未完成',
        body: `${name}（${i.periodKey}）已超过完成时限，请督促办理。`,
        link: `/tasks/${i.id}`,
        data: { instanceId: i.id },
      });
      await appendEvent(tx, this.k.clock, {
        type: TASK_EVENTS.overdue,
        payload: { id: i.id, gridId: i.gridId, periodKey: i.periodKey },
        orgId: i.schoolId,
        gridId: i.gridId,
      });
    });
  }
}
