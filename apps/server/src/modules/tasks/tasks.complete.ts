import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import { authorize, type Actor } from '../../kernel/access/index.js';
import { addChinaDays, chinaDate, chinaDayStart } from '../../kernel/calendar/index.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { commitFiles } from '../../kernel/files/files.lifecycle.js';
import { recordInspection } from '../places/index.js';
import { canDo, doScope, readable } from './tasks.access.js';
import type { TasksContext } from './tasks.context.js';
import { taskErrors } from './tasks.errors.js';
import { TASK_EVENTS } from './tasks.events.js';
import { judgeChecklist } from './tasks.model.js';
import { brief, present } from './tasks.present.js';
import * as repo from './tasks.repository.js';
import type { completeBody } from './tasks.schemas.js';
import { badSignatures } from './tasks.signature.js';
import { taskInstances, taskSchedules, type StoredAnswer } from './tasks.tables.js';

/** Open tasks of the grids I hold (late first, then by due time), and what was done today. */
export async function today(c: TasksContext, actor: Actor) {
  authorize(actor, 'task.do');
  const now = c.k.clock.now();
  const date = chinaDate(now);
  const items = await repo.tasksOfGrids(c.k.db, doScope(actor), chinaDayStart(date), 300);
  return { date, items: items.map((r) => brief(c, r)) };
}

/**
 * A filled checklist, sent once however often the phone retries: the same key answers with the
 * task as it was recorded; another key on a task already done is a conflict (someone else did it).
 * Failed items are recorded; each becomes a hazard when the worker taps it (the hazards module).
 */
export async function complete(
  c: TasksContext,
  actor: Actor,
  id: string,
  input: z.infer<typeof completeBody>,
) {
  authorize(actor, 'task.do');
  const r = await readable(c, actor, id);
  const i = r.instance;
  if (i.status === 'done') {
    if (i.completionKey === input.key && i.completedBy === actor.userId) return present(c, actor, r);
    throw taskErrors.alreadyDone({ completedAt: i.completedAt });
  }
  if (!canDo(actor, r)) throw errors.forbidden({ permission: 'task.do' });

  const photoIds = [...new Set(input.answers.flatMap((a) => a.photoIds))];
  const owned = new Set(await c.k.files.ownedImages(photoIds, actor.userId!));
  const foreign = photoIds.filter((p) => !owned.has(p));
  if (foreign.length) throw taskErrors.badPhoto({ photos: foreign });
  const badSigned = await badSignatures(c.k.files, r.items, input.answers);
  if (badSigned.length) throw taskErrors.badSignature({ photos: badSigned });

  const answers: StoredAnswer[] = input.answers.map((a) => ({
    code: a.code,
    value: a.value,
    photos: a.photoIds.length,
    photoIds: a.photoIds,
    ...(a.note ? { note: a.note } : {}),
  }));
  const verdict = judgeChecklist(r.items, answers);
  if (verdict.unknown.length || verdict.invalid.length)
    throw taskErrors.badAnswers({ unknown: verdict.unknown, invalid: verdict.invalid });

  const now = c.k.clock.now();
  // Filled offline and sent later: the time it was done counts (never before the task existed,
  // never in the future).
  const doneAt = new Date(
    Math.min(now.getTime(), Math.max(i.createdAt.getTime(), (input.doneAt ?? now).getTime())),
  );
  const done = await c.k.transaction(async (tx) => {
    const [row] = await tx
      .update(taskInstances)
      .set({
        status: 'done',
        completedAt: doneAt,
        completedBy: actor.userId,
        completionKey: input.key,
        answers,
        location: input.location ?? null,
        failed: verdict.failed,
        score: verdict.score,
      })
      .where(and(eq(taskInstances.id, id), eq(taskInstances.status, 'open')))
      .returning();
    if (!row) return false;
    await commitFiles(tx, photoIds, now);
    if (row.equipmentId) {
      const [sched] = await tx
        .select({ intervalDays: taskSchedules.intervalDays })
        .from(taskSchedules)
        .where(eq(taskSchedules.id, row.scheduleId));
      const on = chinaDate(doneAt);
      await recordInspection(tx, row.equipmentId, {
        on,
        next: addChinaDays(on, sched?.intervalDays ?? 30),
        faulty: verdict.failed.length > 0,
        at: now,
      });
    }
    await appendEvent(tx, c.k.clock, {
      type: TASK_EVENTS.completed,
      payload: { id, gridId: row.gridId, status: 'done' },
      orgId: row.schoolId,
      gridId: row.gridId,
      actorId: actor.userId,
    });
    return true;
  });
  const after = await repo.taskById(c.k.db, id);
  if (!done && after?.instance.completionKey !== input.key) throw taskErrors.alreadyDone();
  return present(c, actor, after!);
}
