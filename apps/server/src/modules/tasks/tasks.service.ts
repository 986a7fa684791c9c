import { and, eq, sql } from 'drizzle-orm';
import { authorize, pathInScope, scopeFor, type Actor, type Scope } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { addChinaDays, chinaDate, chinaDayStart } from '../../kernel/calendar/index.js';
import type { Executor } from '../../kernel/db.js';
import { rows } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { commitFiles } from '../../kernel/files/files.lifecycle.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { GridLevel } from '../grids/index.js';
import { findOrgById } from '../orgs/index.js';
import { recordInspection } from '../places/index.js';
import { taskErrors } from './tasks.errors.js';
import { CHECKLIST_LIBRARY } from './tasks.library.js';
import { cadenceOf, dueOn, judgeChecklist, periodDue, periodKey, type Recurrence } from './tasks.model.js';
import * as repo from './tasks.repository.js';
import { badSignatures, signatureWithImage } from './tasks.signature.js';
import type {
  completeBody,
  listQuery,
  scheduleBody,
  templateBody,
  templateUpdateBody,
} from './tasks.schemas.js';
import { taskInstances, taskSchedules, taskTemplates, type StoredAnswer } from './tasks.tables.js';
import type { z } from 'zod';

export const GENERATE_JOB = 'tasks.generate';
export const OVERDUE_JOB = 'tasks.overdue';
export const TASK_EVENTS = {
  /** a checklist was sent in */
  completed: 'task.completed',
  /** a task instance ran past its due time and was escalated */
  overdue: 'task.overdue',
} as const;

const DAY = 86_400_000;

/** What the hazards module tells about the hazards made from a task's failed items. */
export type HazardsOfTask = (
  instanceId: string,
) => Promise<{ itemCode: string; id: string; no: string; status: string }[]>;

/**
 * Grid tasks: templates, schedules and the instances they generate, and the phone's side (today's
 * list, a checklist sent in once however often the phone retries). Generation is idempotent per
 * (schedule, grid, period) by a unique index, so running it every few minutes, on several workers
 * or after a restart, makes each period's task exactly once.
 */
export class TasksService {
  private hazardsOfTask: HazardsOfTask = async () => [];

  constructor(private readonly k: Kernel) {}

  /** The hazards module, composed after this one, reports the hazards made from a task. */
  useHazards(fn: HazardsOfTask) {
    this.hazardsOfTask = fn;
  }

  // ---- the library and schedules ----------------------------------------------------------------

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

  /** A schedule by template code (the demo and tests). */
  async addSchedule(
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
      createdAt: this.k.clock.now(),
    });
    return id;
  }

  /**
   * The durable job behind every schedule: make this period's instance for every target grid that
   * has none yet (or, for equipment, one per piece falling due), and a job for when each falls due.
   * Returns how many were made.
   */
  async generate(scheduleId?: string): Promise<number> {
    const schedules = await this.k.db
      .select()
      .from(taskSchedules)
      .where(and(eq(taskSchedules.active, true), scheduleId ? eq(taskSchedules.id, scheduleId) : undefined));
    let made = 0;
    for (const s of schedules) made += await this.generateFor(s);
    return made;
  }

  private async generateFor(s: typeof taskSchedules.$inferSelect): Promise<number> {
    const now = this.k.clock.now();
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
      const due = await repo.equipmentDue(this.k.db, s.schoolId, s.equipmentKind, until);
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
      const targets = await repo.scheduleGrids(this.k.db, s);
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
    const have = await repo.periodsMade(this.k.db, s.id, [...new Set(values.map((v) => v.periodKey))]);
    values = values.filter((v) => !have.has(`${v.periodKey}|${v.gridId}`));
    if (!values.length) return 0;
    let made = 0;
    // Batches keep each statement's parameters bounded (3,000 grids are 3,000 rows).
    for (let i = 0; i < values.length; i += 500) {
      const batch = values.slice(i, i + 500);
      made += await this.k.transaction(async (tx) => {
        const created = await tx
          .insert(taskInstances)
          .values(batch)
          .onConflictDoNothing()
          .returning({ id: taskInstances.id, dueAt: taskInstances.dueAt });
        await this.k.jobs.enqueueAll(
          tx,
          created.map((c) => ({
            queue: OVERDUE_JOB,
            payload: { instanceId: c.id },
            opts: { runAt: new Date(Math.max(c.dueAt.getTime() + 1000, now.getTime())), singletonKey: c.id },
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
            sql`${taskInstances.dueAt} < ${this.k.clock.now()}`,
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
        body: `${name}（${i.periodKey.startsWith('EQ:') ? i.periodKey.slice(-10) : i.periodKey}）已超过完成时限，请督促办理。`,
        link: `/tasks/${i.id}`,
        data: { instanceId: i.id },
      });
      await appendEvent(tx, this.k.clock, {
        type: TASK_EVENTS.overdue,
        payload: { id: i.id, gridId: i.gridId, status: i.status },
        orgId: i.schoolId,
        gridId: i.gridId,
      });
    });
  }

  // ---- presenting -------------------------------------------------------------------------------

  private brief(r: repo.TaskRow) {
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
      overdue: i.status === 'open' && i.dueAt.getTime() < this.k.clock.now().getTime(),
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

  private doScope(actor: Actor): string[] {
    const s = scopeFor(actor, 'task.do');
    return s && !s.all ? (s.gridPaths ?? []) : [];
  }

  private canDo(actor: Actor, r: repo.TaskRow) {
    return r.instance.status === 'open' && this.doScope(actor).some((p) => r.instance.gridPath.startsWith(p));
  }

  /** A task the reader may see: a holder of its grid, or task.read over its school or grid. */
  private async readable(actor: Actor, id: string) {
    const r = await repo.taskById(this.k.db, id);
    if (!r) throw errors.notFound({ id });
    if (this.doScope(actor).some((p) => r.instance.gridPath.startsWith(p))) return r;
    const scope = scopeFor(actor, 'task.read');
    if (!scope || !(await repo.isTaskReadable(this.k.db, scope, id))) throw errors.notFound({ id });
    return r;
  }

  async detail(actor: Actor, id: string) {
    const r = await this.readable(actor, id);
    return this.present(actor, r);
  }

  private async present(actor: Actor, r: repo.TaskRow) {
    const i = r.instance;
    return {
      ...this.brief(r),
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
      hazards: await this.hazardsOfTask(i.id),
      canDo: this.canDo(actor, r),
    };
  }

  // ---- the grid worker --------------------------------------------------------------------------

  /** Open tasks of the grids I hold (late first, then by due time), and what was done today. */
  async today(actor: Actor) {
    authorize(actor, 'task.do');
    const now = this.k.clock.now();
    const date = chinaDate(now);
    const items = await repo.tasksOfGrids(this.k.db, this.doScope(actor), chinaDayStart(date), 300);
    return { date, items: items.map((r) => this.brief(r)) };
  }

  /**
   * A filled checklist, sent once however often the phone retries: the same key answers with the
   * task as it was recorded; another key on a task already done is a conflict (someone else did it).
   * Failed items are recorded; each becomes a hazard when the worker taps it (the hazards module).
   */
  async complete(actor: Actor, id: string, input: z.infer<typeof completeBody>) {
    authorize(actor, 'task.do');
    const r = await this.readable(actor, id);
    const i = r.instance;
    if (i.status === 'done') {
      if (i.completionKey === input.key && i.completedBy === actor.userId) return this.present(actor, r);
      throw taskErrors.alreadyDone({ completedAt: i.completedAt });
    }
    if (!this.canDo(actor, r)) throw errors.forbidden({ permission: 'task.do' });

    const photoIds = [...new Set(input.answers.flatMap((a) => a.photoIds))];
    const owned = new Set(await this.k.files.ownedImages(photoIds, actor.userId!));
    const foreign = photoIds.filter((p) => !owned.has(p));
    if (foreign.length) throw taskErrors.badPhoto({ photos: foreign });
    const badSigned = await badSignatures(this.k.files, r.items, input.answers);
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

    const now = this.k.clock.now();
    // Filled offline and sent later: the time it was done counts (never before the task existed,
    // never in the future).
    const doneAt = new Date(
      Math.min(now.getTime(), Math.max(i.createdAt.getTime(), (input.doneAt ?? now).getTime())),
    );
    const done = await this.k.transaction(async (tx) => {
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
      await appendEvent(tx, this.k.clock, {
        type: TASK_EVENTS.completed,
        payload: { id, gridId: row.gridId, status: 'done' },
        orgId: row.schoolId,
        gridId: row.gridId,
        actorId: actor.userId,
      });
      return true;
    });
    const after = await repo.taskById(this.k.db, id);
    if (!done && after?.instance.completionKey !== input.key) throw taskErrors.alreadyDone();
    return this.present(actor, after!);
  }

  // ---- the office -------------------------------------------------------------------------------

  async list(actor: Actor, q: z.infer<typeof listQuery>) {
    const scope = this.readScope(actor);
    const now = this.k.clock.now();
    const { items, total } = await repo.listTasks(
      this.k.db,
      scope,
      {
        schoolId: q.schoolId,
        gridId: q.gridId,
        status: q.status,
        overdueAt: q.overdue === 'true' ? now : undefined,
        from: q.from ? chinaDayStart(q.from) : undefined,
        to: q.to ? new Date(chinaDayStart(q.to).getTime() + DAY) : undefined,
        on: q.on ? chinaDayStart(q.on) : undefined,
        exactGrid: q.exactGrid === 'true',
      },
      q.page,
      q.pageSize,
    );
    return { items: items.map((r) => this.brief(r)), total };
  }

  /** task.read, or a grid holder's own grids through task.do. */
  private readScope(actor: Actor): Scope {
    const read = scopeFor(actor, 'task.read');
    if (read) return read;
    const grids = this.doScope(actor);
    if (!grids.length) throw errors.forbidden({ permission: 'task.read' });
    return { all: false, paths: [], gridPaths: grids };
  }

  async board(actor: Actor, schoolId: string, date?: string) {
    const scope = this.readScope(actor);
    await this.school(actor, schoolId, scope);
    const day = date ?? chinaDate(this.k.clock.now());
    const r = await repo.board(this.k.db, scope, schoolId, chinaDayStart(day), this.k.clock.now());
    return {
      date: day,
      rows: r.map((x) => ({
        gridId: x.grid_id,
        gridName: x.grid_name,
        gridLevel: x.grid_level,
        due: x.due,
        done: x.done,
        overdue: x.overdue,
        failedItems: x.failed_items,
      })),
    };
  }

  private async school(actor: Actor, schoolId: string, scope: Scope) {
    const school = await findOrgById(this.k.db, schoolId);
    const inScope =
      school &&
      school.kind === 'school' &&
      (pathInScope(scope, school.path) || actor.memberships.some((m) => m.orgPath.startsWith(school.path)));
    if (!inScope) throw errors.notFound({ schoolId });
    return school;
  }

  async templates(actor: Actor, schoolId: string) {
    const scope = scopeFor(actor, 'task.manage') ?? this.readScope(actor);
    await this.school(actor, schoolId, scope);
    return repo.templatesOf(this.k.db, schoolId);
  }

  private async manage(actor: Actor, schoolId: string) {
    const scope = authorize(actor, 'task.manage');
    const school = await findOrgById(this.k.db, schoolId);
    if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
      throw errors.notFound({ schoolId });
    return school;
  }

  async addTemplate(actor: Actor, input: z.infer<typeof templateBody>) {
    await this.manage(actor, input.schoolId);
    const row = { ...input, id: newId(), updatedAt: this.k.clock.now() };
    await this.k.transaction(async (tx) => {
      const made = await tx
        .insert(taskTemplates)
        .values(row)
        .onConflictDoNothing()
        .returning({ id: taskTemplates.id });
      if (!made.length) throw taskErrors.codeTaken({ code: input.code });
      await audit(tx, this.k.clock, actor, {
        action: 'task.template_create',
        targetType: 'task_template',
        targetId: row.id,
        orgId: input.schoolId,
        details: { code: input.code, name: input.name },
      });
    });
    return (await repo.templateById(this.k.db, row.id))!;
  }

  async updateTemplate(actor: Actor, id: string, input: z.infer<typeof templateUpdateBody>) {
    const t = await repo.templateById(this.k.db, id);
    if (!t) throw errors.notFound({ id });
    await this.manage(actor, t.schoolId);
    const { version, ...patch } = input;
    await this.k.transaction(async (tx) => {
      const [u] = await tx
        .update(taskTemplates)
        .set({ ...patch, version: version + 1, updatedAt: this.k.clock.now() })
        .where(and(eq(taskTemplates.id, id), eq(taskTemplates.version, version)))
        .returning({ id: taskTemplates.id });
      if (!u) throw errors.conflict({ id });
      await audit(tx, this.k.clock, actor, {
        action: 'task.template_update',
        targetType: 'task_template',
        targetId: id,
        orgId: t.schoolId,
        details: { fields: Object.keys(patch) },
      });
    });
    return (await repo.templateById(this.k.db, id))!;
  }

  private presentSchedule(r: Awaited<ReturnType<typeof repo.schedulesOf>>[number]) {
    return { ...r.schedule, templateName: r.templateName };
  }

  async schedules(actor: Actor, schoolId: string) {
    await this.manage(actor, schoolId);
    return (await repo.schedulesOf(this.k.db, schoolId)).map((r) => this.presentSchedule(r));
  }

  async createSchedule(actor: Actor, input: z.infer<typeof scheduleBody>) {
    await this.manage(actor, input.schoolId);
    const t = await repo.templateById(this.k.db, input.templateId);
    if (!t || t.schoolId !== input.schoolId) throw errors.notFound({ templateId: input.templateId });
    if (input.gridIds?.length) {
      const found = await repo.scheduleGrids(this.k.db, {
        schoolId: input.schoolId,
        gridLevel: null,
        gridIds: input.gridIds,
      });
      if (found.length !== new Set(input.gridIds).size) throw errors.notFound({ gridIds: input.gridIds });
    }
    const id = newId();
    await this.k.transaction(async (tx) => {
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
        createdAt: this.k.clock.now(),
      });
      await audit(tx, this.k.clock, actor, {
        action: 'task.schedule_create',
        targetType: 'task_schedule',
        targetId: id,
        orgId: input.schoolId,
        details: { template: t.code, recurrence: input.recurrence },
      });
    });
    // The current period's tasks exist at once, not at the next run of the job.
    await this.generate(id);
    return this.presentSchedule((await repo.schedulesOf(this.k.db, null, id))[0]!);
  }

  async updateSchedule(actor: Actor, id: string, input: { active: boolean }) {
    const [s] = await repo.schedulesOf(this.k.db, null, id);
    if (!s) throw errors.notFound({ id });
    await this.manage(actor, s.schedule.schoolId);
    await this.k.transaction(async (tx) => {
      await tx.update(taskSchedules).set({ active: input.active }).where(eq(taskSchedules.id, id));
      await audit(tx, this.k.clock, actor, {
        action: input.active ? 'task.schedule_resume' : 'task.schedule_pause',
        targetType: 'task_schedule',
        targetId: id,
        orgId: s.schedule.schoolId,
      });
    });
    if (input.active) await this.generate(id);
    return this.presentSchedule((await repo.schedulesOf(this.k.db, null, id))[0]!);
  }

  // ---- for the hazards module -------------------------------------------------------------------

  /**
   * The signature of a recorded checklist (typed name, drawn image's bytes) for a document the
   * caller has already decided to show (a hazard's notice): null when it was not signed.
   */
  async signatureFor(instanceId: string) {
    const r = await repo.taskById(this.k.db, instanceId);
    if (!r || r.instance.status !== 'done') return null;
    return signatureWithImage(this.k.files, r.items, r.instance.answers ?? []);
  }

  /**
   * A failed item of a task, for turning into a hazard: only a holder of the task's grid (or the
   * office) may, and only an item that failed.
   */
  async failedItem(actor: Actor, id: string, itemCode: string) {
    const r = await this.readable(actor, id);
    const verify = scopeFor(actor, 'hazard.verify');
    const mayAct =
      this.doScope(actor).some((p) => r.instance.gridPath.startsWith(p)) ||
      (verify !== null && (await repo.isTaskReadable(this.k.db, verify, id)));
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
      placeId: await repo.taskPlaceId(this.k.db, i),
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
}
