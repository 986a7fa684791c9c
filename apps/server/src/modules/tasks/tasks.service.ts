import type { z } from 'zod';
import type { Actor } from '../../kernel/access/index.js';
import type { Executor } from '../../kernel/db.js';
import type { Kernel } from '../../kernel/kernel.js';
import { readable } from './tasks.access.js';
import { complete, today } from './tasks.complete.js';
import type { HazardsOfTask, TasksContext } from './tasks.context.js';
import { failedItem, signatureFor } from './tasks.findings.js';
import { addSchedule, generate, installLibrary, overdue } from './tasks.generate.js';
import { board, list, templates } from './tasks.office.js';
import { present } from './tasks.present.js';
import type {
  completeBody,
  listQuery,
  scheduleBody,
  templateBody,
  templateUpdateBody,
} from './tasks.schemas.js';
import { addTemplate, createSchedule, schedules, updateSchedule, updateTemplate } from './tasks.setup.js';

export { GENERATE_JOB, OVERDUE_JOB } from './tasks.generate.js';
export { TASK_EVENTS } from './tasks.events.js';
export type { HazardsOfTask } from './tasks.context.js';

/**
 * Grid tasks: templates, schedules and the instances they generate, and the phone's side (today's
 * list, a checklist sent in once however often the phone retries). Generation is idempotent per
 * (schedule, grid, period) by a unique index, so running it every few minutes, on several workers
 * or after a restart, makes each period's task exactly once.
 *
 * This class is the module's one door; each part lives in a file of its own: generation and the
 * overdue clock (tasks.generate), the phone's side (tasks.complete), the office's lists
 * (tasks.office), templates and schedules (tasks.setup), and what the hazards module asks of a
 * task (tasks.findings).
 */
export class TasksService {
  private readonly c: TasksContext;

  constructor(k: Kernel) {
    this.c = { k, hazardsOfTask: async () => [] };
  }

  /** The hazards module, composed after this one, reports the hazards made from a task. */
  useHazards(fn: HazardsOfTask) {
    this.c.hazardsOfTask = fn;
  }

  // ---- the library, schedules and generation ----------------------------------------------------

  installLibrary(ex: Executor, schoolId: string, kindergarten = false) {
    return installLibrary(this.c, ex, schoolId, kindergarten);
  }

  addSchedule(ex: Executor, input: Parameters<typeof addSchedule>[2]) {
    return addSchedule(this.c, ex, input);
  }

  generate(scheduleId?: string) {
    return generate(this.c, scheduleId);
  }

  overdue(instanceId: string) {
    return overdue(this.c, instanceId);
  }

  // ---- the grid worker --------------------------------------------------------------------------

  async detail(actor: Actor, id: string) {
    return present(this.c, actor, await readable(this.c, actor, id));
  }

  today(actor: Actor) {
    return today(this.c, actor);
  }

  complete(actor: Actor, id: string, input: z.infer<typeof completeBody>) {
    return complete(this.c, actor, id, input);
  }

  // ---- the office -------------------------------------------------------------------------------

  list(actor: Actor, q: z.infer<typeof listQuery>) {
    return list(this.c, actor, q);
  }

  board(actor: Actor, schoolId: string, date?: string) {
    return board(this.c, actor, schoolId, date);
  }

  templates(actor: Actor, schoolId: string) {
    return templates(this.c, actor, schoolId);
  }

  addTemplate(actor: Actor, input: z.infer<typeof templateBody>) {
    return addTemplate(this.c, actor, input);
  }

  updateTemplate(actor: Actor, id: string, input: z.infer<typeof templateUpdateBody>) {
    return updateTemplate(this.c, actor, id, input);
  }

  schedules(actor: Actor, schoolId: string) {
    return schedules(this.c, actor, schoolId);
  }

  createSchedule(actor: Actor, input: z.infer<typeof scheduleBody>) {
    return createSchedule(this.c, actor, input);
  }

  updateSchedule(actor: Actor, id: string, input: { active: boolean }) {
    return updateSchedule(this.c, actor, id, input);
  }

  // ---- for the hazards module -------------------------------------------------------------------

  signatureFor(instanceId: string) {
    return signatureFor(this.c, instanceId);
  }

  failedItem(actor: Actor, id: string, itemCode: string) {
    return failedItem(this.c, actor, id, itemCode);
  }
}
