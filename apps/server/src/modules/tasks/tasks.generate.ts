import { and, eq, sql } from 'drizzle-orm';
import { addChinaDays, chinaDate, chinaDayStart } from '../../kernel/calendar/index.js';
import type { Executor } from '../../kernel/db.js';
import { rows } from '../../kernel/db.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { GridLevel } from '../grids/index.js';
import type { TasksContext } from './tasks.context.js';
import { TASK_EVENTS } from './tasks.events.js';
import { CHECKLIST_LIBRARY } from './tasks.library.js';
import { dueOn, periodDue, periodKey, type Recurrence } from './tasks.model.js';
import * as repo from './tasks.repository.js';
import { taskInstances, taskSchedules, taskTemplates } from './tasks.tables.js';
import { taskNotice } from './tasks.notify.js';

export const GENERATE_JOB = 'tasks.generate';
export const OVERDUE_JOB = 'tasks.overdue';

const DAY = 86_400_000;

/** Give a school the seeded library (each template once, by its code). */
export async function installLibrary(
  c: TasksContext,
  ex: Executor,
  schoolId: string,
  kindergarten = false,
): Promise<number> {
  const now = c.k.clock.now();
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

/** A schedule by template code (the demo and tests). */
export async function addSchedule(
  c: TasksContext,
  ex: Executor,
  input: {
    schoolId: string;
    templateCode: string;
    recurrence: Recurrence;
    gridLevel?: GridLevel;
    gridIds?: string[];
    equipmentKind?: (typeof taskSchedules.equipmentKind.enumValues)[number];
    leadDays?: number;
    intervalDays?: number;
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
    equipmentKind: input.equipmentKind ?? null,
    leadDays: input.leadDays ?? 3,
    intervalDays: input.intervalDays ?? 30,
    createdAt: c.k.clock.now(),
  });
  return id;
}

/**
 * The durable job behind every schedule: make this period's instance for every target grid that
 * has none yet (or, for equipment, one per piece falling due), and a job for when each falls due.
 * Returns how many were made.
 */
export async function generate(c: TasksContext, scheduleId?: string): Promise<number> {
  const schedules = await c.k.db
    .select()
    .from(taskSchedules)
    .where(and(eq(taskSchedules.active, true), scheduleId ? eq(taskSchedules.id, scheduleId) : undefined));
  let made = 0;
  for (const s of schedules) made += await generateFor(c, s);
  return made;
}

async function generateFor(c: TasksContext, s: typeof taskSchedules.$inferSelect): Promise<number> {
  const now = c.k.clock.now();
  type NewInstance = typeof taskInstances.$inferInsert;
  let values: NewInstance[];
  const base = {
    scheduleId: s.id,
    templateId: s.templateId,
    schoolId: s.schoolId,
    status: 'open' as const,
  };
  if (s.equipmentKind) {
    const until = addChinaDays(chinaDate(now), s.leadDays);
    const due = await repo.equipmentDue(c.k.db, s.schoolId, s.equipmentKind, until);
    values = due
      .filter((e) => e.grid_id)
      .map((e) => ({
        ...base,
        id: newId(),
        gridId: e.grid_id!,
        gridPath: e.grid_path!,
        equipmentId: e.id,
        periodKey: `EQ:${e.id}:${e.due}`,
        // the end of the due day; a check already late falls due at once
        dueAt: new Date(chinaDayStart(e.due).getTime() + DAY - 1000),
        createdAt: now,
      }));
  } else {
    if (!s.gridLevel && !s.gridIds.length) return 0;
    if (!dueOn(s, now)) return 0;
    const targets = await repo.scheduleGrids(c.k.db, s);
    const key = periodKey(s.recurrence, now, s.id);
    const dueAt = periodDue(s.recurrence, key, now);
    values = targets.map((g) => ({
      ...base,
      id: newId(),
      gridId: g.id,
      gridPath: g.path,
      periodKey: key,
      dueAt,
      createdAt: now,
    }));
  }
  // Most runs find this period's tasks already made: leave those out before writing anything
  // (a unique index would refuse them anyway, after building and sending every row).
  const have = await repo.periodsMade(c.k.db, s.id, [...new Set(values.map((v) => v.periodKey))]);
  values = values.filter((v) => !have.has(`${v.periodKey}|${v.gridId}`));
  if (!values.length) return 0;
  let made = 0;
  // Batches keep each statement's parameters bounded (3,000 grids are 3,000 rows).
  for (let i = 0; i < values.length; i += 500) {
    const batch = values.slice(i, i + 500);
    made += await c.k.transaction(async (tx) => {
      const created = await tx
        .insert(taskInstances)
        .values(batch)
        .onConflictDoNothing()
        .returning({ id: taskInstances.id, dueAt: taskInstances.dueAt });
      await c.k.jobs.enqueueAll(
        tx,
        created.map((x) => ({
          queue: OVERDUE_JOB,
          payload: { instanceId: x.id },
          opts: { runAt: new Date(Math.max(x.dueAt.getTime() + 1000, now.getTime())), singletonKey: x.id },
        })),
      );
      return created.length;
    });
  }
  return made;
}

/** A task still open after its due time: escalated once, to its grid's leader and the one above. */
export async function overdue(c: TasksContext, instanceId: string): Promise<void> {
  await c.k.transaction(async (tx) => {
    const [i] = await tx
      .update(taskInstances)
      .set({ escalatedAt: c.k.clock.now() })
      .where(
        and(
          eq(taskInstances.id, instanceId),
          eq(taskInstances.status, 'open'),
          sql`${taskInstances.escalatedAt} is null`,
          sql`${taskInstances.dueAt} < ${c.k.clock.now()}`,
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
    await c.k.notify.notify(
      tx,
      taskNotice('overdue', i.id, {
        userIds: leaders.map((l) => l.id),
        orgId: i.schoolId,
        kind: 'task.overdue',
        title: '网格任务逾期未完成',
        body: `${name}（${i.periodKey.startsWith('EQ:') ? i.periodKey.slice(-10) : i.periodKey}）已超过完成时限，请督促办理。`,
        link: `/tasks/${i.id}`,
        data: { instanceId: i.id },
      }),
    );
    await appendEvent(tx, c.k.clock, {
      type: TASK_EVENTS.overdue,
      payload: { id: i.id, gridId: i.gridId, status: i.status },
      orgId: i.schoolId,
      gridId: i.gridId,
    });
  });
}
