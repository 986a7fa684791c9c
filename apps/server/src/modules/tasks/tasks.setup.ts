import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { errors } from '../../kernel/errors.js';
import { newId } from '../../kernel/ids.js';
import { manage } from './tasks.access.js';
import type { TasksContext } from './tasks.context.js';
import { taskErrors } from './tasks.errors.js';
import { generate } from './tasks.generate.js';
import * as repo from './tasks.repository.js';
import type { scheduleBody, templateBody, templateUpdateBody } from './tasks.schemas.js';
import { taskSchedules, taskTemplates } from './tasks.tables.js';

export async function addTemplate(c: TasksContext, actor: Actor, input: z.infer<typeof templateBody>) {
  await manage(c, actor, input.schoolId);
  const row = { ...input, id: newId(), updatedAt: c.k.clock.now() };
  await c.k.transaction(async (tx) => {
    const made = await tx
      .insert(taskTemplates)
      .values(row)
      .onConflictDoNothing()
      .returning({ id: taskTemplates.id });
    if (!made.length) throw taskErrors.codeTaken({ code: input.code });
    await audit(tx, c.k.clock, actor, {
      action: 'task.template_create',
      targetType: 'task_template',
      targetId: row.id,
      orgId: input.schoolId,
      details: { code: input.code, name: input.name },
    });
  });
  return (await repo.templateById(c.k.db, row.id))!;
}

export async function updateTemplate(
  c: TasksContext,
  actor: Actor,
  id: string,
  input: z.infer<typeof templateUpdateBody>,
) {
  const t = await repo.templateById(c.k.db, id);
  if (!t) throw errors.notFound({ id });
  await manage(c, actor, t.schoolId);
  const { version, ...patch } = input;
  await c.k.transaction(async (tx) => {
    const [u] = await tx
      .update(taskTemplates)
      .set({ ...patch, version: version + 1, updatedAt: c.k.clock.now() })
      .where(and(eq(taskTemplates.id, id), eq(taskTemplates.version, version)))
      .returning({ id: taskTemplates.id });
    if (!u) throw errors.conflict({ id });
    await audit(tx, c.k.clock, actor, {
      action: 'task.template_update',
      targetType: 'task_template',
      targetId: id,
      orgId: t.schoolId,
      details: { fields: Object.keys(patch) },
    });
  });
  return (await repo.templateById(c.k.db, id))!;
}

function presentSchedule(r: Awaited<ReturnType<typeof repo.schedulesOf>>[number]) {
  return { ...r.schedule, templateName: r.templateName };
}

export async function schedules(c: TasksContext, actor: Actor, schoolId: string) {
  await manage(c, actor, schoolId);
  return (await repo.schedulesOf(c.k.db, schoolId)).map((r) => presentSchedule(r));
}

export async function createSchedule(c: TasksContext, actor: Actor, input: z.infer<typeof scheduleBody>) {
  await manage(c, actor, input.schoolId);
  const t = await repo.templateById(c.k.db, input.templateId);
  if (!t || t.schoolId !== input.schoolId) throw errors.notFound({ templateId: input.templateId });
  if (input.gridIds?.length) {
    const found = await repo.scheduleGrids(c.k.db, {
      schoolId: input.schoolId,
      gridLevel: null,
      gridIds: input.gridIds,
    });
    if (found.length !== new Set(input.gridIds).size) throw errors.notFound({ gridIds: input.gridIds });
  }
  const id = newId();
  await c.k.transaction(async (tx) => {
    await tx.insert(taskSchedules).values({
      id,
      schoolId: input.schoolId,
      templateId: input.templateId,
      recurrence: input.equipmentKind ? 'once' : input.recurrence,
      gridLevel: input.gridLevel ?? null,
      gridIds: input.gridIds ?? [],
      weekdays: input.recurrence === 'custom' ? [...new Set(input.weekdays)].sort() : [],
      equipmentKind: input.equipmentKind ?? null,
      leadDays: input.leadDays,
      intervalDays: input.intervalDays,
      createdAt: c.k.clock.now(),
    });
    await audit(tx, c.k.clock, actor, {
      action: 'task.schedule_create',
      targetType: 'task_schedule',
      targetId: id,
      orgId: input.schoolId,
      details: { template: t.code, recurrence: input.recurrence },
    });
  });
  // The current period's tasks exist at once, not at the next run of the job.
  await generate(c, id);
  return presentSchedule((await repo.schedulesOf(c.k.db, null, id))[0]!);
}

export async function updateSchedule(c: TasksContext, actor: Actor, id: string, input: { active: boolean }) {
  const [s] = await repo.schedulesOf(c.k.db, null, id);
  if (!s) throw errors.notFound({ id });
  await manage(c, actor, s.schedule.schoolId);
  await c.k.transaction(async (tx) => {
    await tx.update(taskSchedules).set({ active: input.active }).where(eq(taskSchedules.id, id));
    await audit(tx, c.k.clock, actor, {
      action: input.active ? 'task.schedule_resume' : 'task.schedule_pause',
      targetType: 'task_schedule',
      targetId: id,
      orgId: s.schedule.schoolId,
    });
  });
  if (input.active) await generate(c, id);
  return presentSchedule((await repo.schedulesOf(c.k.db, null, id))[0]!);
}
