import type { Actor } from '../../kernel/access/index.js';
import { canDo } from './tasks.access.js';
import type { TasksContext } from './tasks.context.js';
import { cadenceOf } from './tasks.model.js';
import type * as repo from './tasks.repository.js';

/** A task in a list. */
export function brief(c: TasksContext, r: repo.TaskRow) {
  const i = r.instance;
  return {
    id: i.id,
    schoolId: i.schoolId,
    templateId: i.templateId,
    templateName: r.templateName,
    kind: r.kind,
    domain: r.domain,
    gridId: i.gridId,
    gridName: r.gridName,
    periodKey: i.periodKey.startsWith('EQ:') ? i.periodKey.slice(-10) : i.periodKey,
    cadence: cadenceOf(r.schedule),
    dueAt: i.dueAt,
    status: i.status,
    overdue: i.status === 'open' && i.dueAt.getTime() < c.k.clock.now().getTime(),
    escalatedAt: i.escalatedAt,
    completedAt: i.completedAt,
    completedByName: r.completedByName,
    failedCount: i.failed?.length ?? 0,
    itemCount: r.items.length,
    equipment:
      i.equipmentId && r.equipmentCode
        ? { id: i.equipmentId, code: r.equipmentCode, name: r.equipmentName ?? '' }
        : null,
  };
}

/** A task with its checklist, answers, the hazards made from it, and whether the reader may do it. */
export async function present(c: TasksContext, actor: Actor, r: repo.TaskRow) {
  const i = r.instance;
  return {
    ...brief(c, r),
    items: r.items,
    answers: (i.answers ?? []).map((a) => ({
      code: a.code,
      value: a.value,
      photoIds: a.photoIds ?? [],
      note: a.note ?? null,
    })),
    failed: i.failed ?? [],
    score: i.score ?? null,
    location: i.location ?? null,
    hazards: await c.hazardsOfTask(i.id),
    canDo: canDo(actor, r),
  };
}
