import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { gridScopeSql, type Scope } from '../../kernel/access/index.js';
import { escapeLike, rows, type Executor } from '../../kernel/db.js';
import { grids } from '../grids/index.js';
import { equipment } from '../places/index.js';
import { taskInstances, taskSchedules, taskTemplates } from './tasks.tables.js';

/** A task with what a list shows of it: template, grid, who did it, its piece of equipment. */
const briefColumns = {
  instance: taskInstances,
  templateName: taskTemplates.name,
  kind: taskTemplates.kind,
  domain: taskTemplates.domain,
  items: taskTemplates.items,
  gridName: grids.name,
  completedByName: sql<
    string | null
  >`(select u.display_name from users u where u.id = ${taskInstances.completedBy})`,
  equipmentCode: equipment.code,
  equipmentName: equipment.name,
  /** the schedule's rhythm, for labelling the task by its real cadence */
  schedule: {
    recurrence: taskSchedules.recurrence,
    weekdays: taskSchedules.weekdays,
    equipmentKind: taskSchedules.equipmentKind,
    intervalDays: taskSchedules.intervalDays,
  },
};
export type TaskRow = Awaited<ReturnType<typeof selectTasks>>[number];

function selectTasks(ex: Executor, where: SQL | undefined) {
  return ex
    .select(briefColumns)
    .from(taskInstances)
    .innerJoin(taskTemplates, eq(taskTemplates.id, taskInstances.templateId))
    .innerJoin(grids, eq(grids.id, taskInstances.gridId))
    .innerJoin(taskSchedules, eq(taskSchedules.id, taskInstances.scheduleId))
    .leftJoin(equipment, eq(equipment.id, taskInstances.equipmentId))
    .where(where);
}

export async function taskById(ex: Executor, id: string) {
  const [r] = await selectTasks(ex, eq(taskInstances.id, id)).limit(1);
  return r;
}

/** The open tasks of some grids (and their subtrees), and those done since `since`. */
export async function tasksOfGrids(ex: Executor, gridPaths: string[], since: Date, limit: number) {
  if (!gridPaths.length) return [];
  const inGrids = or(...gridPaths.map((p) => sql`${taskInstances.gridPath} like ${`${escapeLike(p)}%`}`));
  return selectTasks(
    ex,
    and(inGrids, or(eq(taskInstances.status, 'open'), gte(taskInstances.completedAt, since))),
  )
    .orderBy(desc(sql`${taskInstances.status} = 'open'`), asc(taskInstances.dueAt), asc(taskInstances.id))
    .limit(limit);
}

export interface TaskFilter {
  schoolId?: string | undefined;
  gridId?: string | undefined;
  status?: 'open' | 'done' | undefined;
  overdueAt?: Date | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** a day's start: tasks whose period covers that day (the board's rule) */
  on?: Date | undefined;
  exactGrid?: boolean | undefined;
}

function filterSql(scope: Scope, f: TaskFilter) {
  return and(
    gridScopeSql(scope, taskInstances.schoolId, taskInstances.gridPath),
    f.schoolId ? eq(taskInstances.schoolId, f.schoolId) : undefined,
    f.gridId && f.exactGrid ? eq(taskInstances.gridId, f.gridId) : undefined,
    f.gridId && !f.exactGrid
      ? sql`${taskInstances.gridPath} like (select g.path from grids g where g.id = ${f.gridId}) || '%'`
      : undefined,
    f.on
      ? and(
          gte(taskInstances.dueAt, f.on),
          lt(taskInstances.createdAt, new Date(f.on.getTime() + 86_400_000)),
        )
      : undefined,
    f.status ? eq(taskInstances.status, f.status) : undefined,
    f.overdueAt ? and(eq(taskInstances.status, 'open'), lt(taskInstances.dueAt, f.overdueAt)) : undefined,
    f.from ? gte(taskInstances.dueAt, f.from) : undefined,
    f.to ? lt(taskInstances.dueAt, f.to) : undefined,
  );
}

export async function listTasks(ex: Executor, scope: Scope, f: TaskFilter, page: number, pageSize: number) {
  const where = filterSql(scope, f);
  const [items, [total]] = await Promise.all([
    selectTasks(ex, where)
      .orderBy(desc(taskInstances.dueAt), asc(grids.path), asc(taskInstances.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ex.select({ n: count() }).from(taskInstances).where(where),
  ]);
  return { items, total: total?.n ?? 0 };
}

export async function isTaskReadable(ex: Executor, scope: Scope, id: string) {
  const [r] = await ex
    .select({ id: taskInstances.id })
    .from(taskInstances)
    .where(and(eq(taskInstances.id, id), gridScopeSql(scope, taskInstances.schoolId, taskInstances.gridPath)))
    .limit(1);
  return !!r;
}

/** A day's tasks per grid: those whose period covers the day. */
export async function board(ex: Executor, scope: Scope, schoolId: string, dayStart: Date, now: Date) {
  const dayEnd = new Date(dayStart.getTime() + 86_400_000);
  return rows<{
    grid_id: string;
    grid_name: string;
    grid_level: string;
    due: number;
    done: number;
    overdue: number;
    failed_items: number;
  }>(
    ex,
    sql`select g.id as grid_id, g.name as grid_name, g.level as grid_level,
          count(*)::int as due,
          count(*) filter (where t.status = 'done')::int as done,
          count(*) filter (where t.status = 'open' and t.due_at < ${now})::int as overdue,
          coalesce(sum(jsonb_array_length(coalesce(t.failed, '[]'::jsonb))), 0)::int as failed_items
        from task_instances t join grids g on g.id = t.grid_id
        where t.school_id = ${schoolId} and t.due_at >= ${dayStart} and t.created_at < ${dayEnd}
          and ${gridScopeSql(scope, sql`t.school_id`, sql`t.grid_path`)}
        group by g.id, g.name, g.level, g.path
        order by g.path`,
  );
}

export async function templatesOf(ex: Executor, schoolId: string) {
  return ex
    .select()
    .from(taskTemplates)
    .where(eq(taskTemplates.schoolId, schoolId))
    .orderBy(asc(taskTemplates.kind), asc(taskTemplates.code));
}

export async function templateById(ex: Executor, id: string) {
  const [r] = await ex.select().from(taskTemplates).where(eq(taskTemplates.id, id)).limit(1);
  return r;
}

export async function schedulesOf(ex: Executor, schoolId: string | null, id?: string) {
  return ex
    .select({ schedule: taskSchedules, templateName: taskTemplates.name })
    .from(taskSchedules)
    .innerJoin(taskTemplates, eq(taskTemplates.id, taskSchedules.templateId))
    .where(
      and(
        schoolId ? eq(taskSchedules.schoolId, schoolId) : undefined,
        id ? eq(taskSchedules.id, id) : undefined,
      ),
    )
    .orderBy(asc(taskSchedules.createdAt), asc(taskSchedules.id));
}

/** Target grids of a schedule (every grid of its level, or its named grids). */
export async function scheduleGrids(
  ex: Executor,
  s: { schoolId: string; gridLevel: string | null; gridIds: string[] },
) {
  return ex
    .select({ id: grids.id, path: grids.path })
    .from(grids)
    .where(
      and(
        eq(grids.schoolId, s.schoolId),
        s.gridLevel
          ? eq(grids.level, s.gridLevel as (typeof grids.level.enumValues)[number])
          : inArray(grids.id, s.gridIds),
      ),
    );
}

/**
 * Equipment of a kind falling due by `until` (a China date) and still in service, each with the
 * physical grid covering its place (or else the school's campus grid).
 */
export async function equipmentDue(ex: Executor, schoolId: string, kind: string, until: string) {
  return rows<{ id: string; code: string; due: string; grid_id: string | null; grid_path: string | null }>(
    ex,
    sql`select e.id, e.code, e.next_inspection_due::text as due, cg.id as grid_id, cg.path as grid_path
        from equipment e
        left join places p on p.id = e.place_id
        left join lateral (
          select g.id, g.path from grid_bindings b
            join grids g on g.id = b.grid_id and g.kind = 'physical'
            join places bp on bp.id = b.place_id
          where p.path like bp.path || '%'
          order by length(bp.path) desc, length(g.path) desc limit 1) pg on true
        left join lateral (
          select g.id, g.path from grids g
          where g.id = pg.id or (pg.id is null and g.school_id = ${schoolId} and g.level = 'campus')
          order by length(g.path) limit 1) cg on true
        where e.school_id = ${schoolId} and e.kind = ${kind} and e.status <> 'retired'
          and e.next_inspection_due is not null and e.next_inspection_due <= ${until}::date`,
  );
}

/** The (period, grid) pairs of a schedule that already have their task, among these periods. */
export async function periodsMade(ex: Executor, scheduleId: string, periodKeys: string[]) {
  if (!periodKeys.length) return new Set<string>();
  const r = await ex
    .select({ p: taskInstances.periodKey, g: taskInstances.gridId })
    .from(taskInstances)
    .where(and(eq(taskInstances.scheduleId, scheduleId), inArray(taskInstances.periodKey, periodKeys)));
  return new Set(r.map((x) => `${x.p}|${x.g}`));
}

/**
 * Where a task is done: its piece of equipment's place, or else the one place its grid covers (a
 * building's grid, a dorm room's); null for a grid over several places or none (a class, a zone).
 */
export async function taskPlaceId(
  ex: Executor,
  i: { gridId: string; equipmentId: string | null },
): Promise<string | null> {
  const [r] = await rows<{ place_id: string | null }>(
    ex,
    sql`select coalesce(
          (select e.place_id from equipment e where e.id = ${i.equipmentId}),
          (select min(b.place_id::text)::uuid from grid_bindings b
            where b.grid_id = ${i.gridId} and b.place_id is not null having count(*) = 1)) as place_id`,
  );
  return r?.place_id ?? null;
}
