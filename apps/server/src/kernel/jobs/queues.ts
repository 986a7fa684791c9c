import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../db.js';

/**
 * A named queue: its own loop, claiming only the job kinds assigned to it, running up to
 * `concurrency` of them at once. A queue of lower priority starts no new job while a queue of
 * higher priority in the same process has every slot busy (see JobRunner).
 */
export interface QueueDef {
  name: string;
  concurrency: number;
  /** higher runs first */
  priority: number;
}

/** Which queues exist and which job kind runs in which; kinds not named go to `default`. */
export interface QueuePlan {
  queues: QueueDef[];
  kinds: Record<string, string>;
}

export const DEFAULT_QUEUE = 'default';

/** One queue, everything in `default`: what a runner gets when it is given no plan. */
export const SINGLE_QUEUE: QueuePlan = {
  queues: [{ name: DEFAULT_QUEUE, concurrency: 1, priority: 0 }],
  kinds: {},
};

export function queueOf(plan: QueuePlan, kind: string): string {
  return plan.kinds[kind] ?? DEFAULT_QUEUE;
}

/** A plan checked: `default` exists, names are unique, every kind goes to a queue that exists. */
export function checkPlan(plan: QueuePlan): QueuePlan {
  const names = new Set(plan.queues.map((q) => q.name));
  if (names.size !== plan.queues.length) throw new Error('job queues: a queue is named twice');
  if (!names.has(DEFAULT_QUEUE)) throw new Error(`job queues: the plan needs a "${DEFAULT_QUEUE}" queue`);
  for (const q of plan.queues)
    if (!Number.isInteger(q.concurrency) || q.concurrency < 1)
      throw new Error(`job queues: ${q.name} needs a concurrency of at least 1`);
  for (const [kind, q] of Object.entries(plan.kinds))
    if (!names.has(q)) throw new Error(`job queues: ${kind} is assigned to ${q}, which does not exist`);
  return plan;
}

/**
 * The plan with the concurrencies an operator set, as `queue=n,queue=n` (JOBS_CONCURRENCY).
 * Unknown queue names and bad numbers are refused, so a typo does not pass unnoticed.
 */
export function withConcurrency(plan: QueuePlan, setting: string | undefined): QueuePlan {
  if (!setting) return plan;
  const wanted = new Map<string, number>();
  for (const part of setting
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([a-z_][a-z0-9_-]*)=(\d{1,3})$/i.exec(part);
    const name = m?.[1];
    const n = Number(m?.[2]);
    if (!name || !plan.queues.some((q) => q.name === name) || n < 1)
      throw new Error(
        `JOBS_CONCURRENCY: "${part}" is not queue=n with a queue of ${plan.queues.map((q) => q.name).join(', ')} and n ≥ 1`,
      );
    wanted.set(name, n);
  }
  return {
    ...plan,
    queues: plan.queues.map((q) => ({ ...q, concurrency: wanted.get(q.name) ?? q.concurrency })),
  };
}

export interface QueueStats {
  queue: string;
  concurrency: number;
  priority: number;
  /** queued and due now: waiting for a free slot */
  due: number;
  /** queued for later (a clock's next step, a retry's back-off) */
  waiting: number;
  running: number;
  /** seconds the oldest due job has been due; 0 when none is */
  oldestDueSeconds: number;
}

/**
 * Depth and age of every queue of the plan, from the jobs table (so any node can tell, whichever
 * process runs the jobs). One grouped read over the pending jobs (the status index).
 */
export async function queueStats(ex: Executor, plan: QueuePlan, now: Date): Promise<QueueStats[]> {
  const at = now.toISOString();
  const byKind = await rows<{
    kind: string;
    due: string;
    waiting: string;
    running: string;
    oldest: string | Date | null;
  }>(
    ex,
    sql`select queue as kind,
          count(*) filter (where status = 'queued' and run_at <= ${at}::timestamptz) as due,
          count(*) filter (where status = 'queued' and run_at > ${at}::timestamptz) as waiting,
          count(*) filter (where status = 'running') as running,
          min(run_at) filter (where status = 'queued' and run_at <= ${at}::timestamptz) as oldest
        from jobs where status in ('queued', 'running') group by queue`,
  );
  const out = new Map<string, QueueStats>(
    plan.queues.map((q) => [
      q.name,
      {
        queue: q.name,
        concurrency: q.concurrency,
        priority: q.priority,
        due: 0,
        waiting: 0,
        running: 0,
        oldestDueSeconds: 0,
      },
    ]),
  );
  for (const r of byKind) {
    const s = out.get(queueOf(plan, r.kind)) ?? out.get(DEFAULT_QUEUE)!;
    s.due += Number(r.due);
    s.waiting += Number(r.waiting);
    s.running += Number(r.running);
    if (r.oldest !== null) {
      const age = Math.max(0, (now.getTime() - new Date(r.oldest).getTime()) / 1000);
      s.oldestDueSeconds = Math.max(s.oldestDueSeconds, age);
    }
  }
  return [...out.values()];
}
