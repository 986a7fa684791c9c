import { scopeFor, type Actor } from '../../kernel/access/index.js';
import { errors } from '../../kernel/errors.js';
import { doScope, readable } from './tasks.access.js';
import type { TasksContext } from './tasks.context.js';
import { taskErrors } from './tasks.errors.js';
import * as repo from './tasks.repository.js';
import { signatureWithImage } from './tasks.signature.js';

/**
 * The signature of a recorded checklist (typed name, drawn image's bytes) for a document the
 * caller has already decided to show (a hazard's notice): null when it was not signed.
 */
export async function signatureFor(c: TasksContext, instanceId: string) {
  const r = await repo.taskById(c.k.db, instanceId);
  if (!r || r.instance.status !== 'done') return null;
  return signatureWithImage(c.k.files, r.items, r.instance.answers ?? []);
}

/**
 * A failed item of a task, for turning into a hazard: only a holder of the task's grid (or the
 * office) may, and only an item that failed.
 */
export async function failedItem(c: TasksContext, actor: Actor, id: string, itemCode: string) {
  const r = await readable(c, actor, id);
  const verify = scopeFor(actor, 'hazard.verify');
  const mayAct =
    doScope(actor).some((p) => r.instance.gridPath.startsWith(p)) ||
    (verify !== null && (await repo.isTaskReadable(c.k.db, verify, id)));
  if (!mayAct) throw errors.forbidden({ permission: 'task.do' });
  const i = r.instance;
  if (!(i.failed ?? []).includes(itemCode)) throw taskErrors.notFailed({ itemCode });
  const item = r.items.find((x) => x.code === itemCode)!;
  const answer = (i.answers ?? []).find((a) => a.code === itemCode);
  return {
    instanceId: i.id,
    schoolId: i.schoolId,
    gridId: i.gridId,
    gridPath: i.gridPath,
    /** the task's place (its equipment's, or its grid's one place) */
    placeId: await repo.taskPlaceId(c.k.db, i),
    domain: r.domain,
    templateName: r.templateName,
    prompt: item.prompt,
    answer: answer?.value ?? null,
    note: answer?.note ?? null,
    photoIds: answer?.photoIds ?? [],
    location: i.location,
    equipmentId: i.equipmentId,
    completedBy: i.completedBy,
  };
}
