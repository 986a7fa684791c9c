import type { z } from 'zod';
import { scopeFor, type Actor } from '../../kernel/access/index.js';
import { chinaDate, chinaDayStart } from '../../kernel/calendar/index.js';
import { readScope, school } from './tasks.access.js';
import type { TasksContext } from './tasks.context.js';
import { brief } from './tasks.present.js';
import * as repo from './tasks.repository.js';
import type { listQuery } from './tasks.schemas.js';

const DAY = 86_400_000;

/** The office's list of tasks, filtered and paged. */
export async function list(c: TasksContext, actor: Actor, q: z.infer<typeof listQuery>) {
  const scope = readScope(actor);
  const now = c.k.clock.now();
  const { items, total } = await repo.listTasks(
    c.k.db,
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
  return { items: items.map((r) => brief(c, r)), total };
}

/** A day's board: per grid, what was due, done and late, and how many items failed. */
export async function board(c: TasksContext, actor: Actor, schoolId: string, date?: string) {
  const scope = readScope(actor);
  await school(c, actor, schoolId, scope);
  const day = date ?? chinaDate(c.k.clock.now());
  const r = await repo.board(c.k.db, scope, schoolId, chinaDayStart(day), c.k.clock.now());
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

/** A school's checklist templates. */
export async function templates(c: TasksContext, actor: Actor, schoolId: string) {
  const scope = scopeFor(actor, 'task.manage') ?? readScope(actor);
  await school(c, actor, schoolId, scope);
  return repo.templatesOf(c.k.db, schoolId);
}
