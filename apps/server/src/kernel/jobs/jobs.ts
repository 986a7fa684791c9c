import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import { JobLoop, nextCron, type Handler, type JobContext } from './jobs.loop.js';
import { jobSchedules, jobs } from './jobs.tables.js';
import { checkPlan, queueStats, SINGLE_QUEUE, type QueuePlan, type QueueStats } from './queues.js';

export { nextCron, type JobContext } from './jobs.loop.js';

export interface DefineOptions {
  /** Called once the job has failed for good (last attempt failed, or its lease ran out once too often). */
  onGiveUp?: (payload: unknown, reason: string) => Promise<void>;
}

export interface EnqueueOptions {
  runAt?: Date;
  singletonKey?: string;
  maxAttempts?: number;
}

/**
 * Durable jobs on the application's own database (PGlite embedded, PostgreSQL in production).
 * Due time is judged against the injectable clock, so tests move time instead of waiting.
 * A job is claimed with SELECT … FOR UPDATE SKIP LOCKED under a 5-minute lease: with several worker
 * processes each job runs once; the lease is renewed while the job runs, so it runs out only when
 * the worker died: the job is then retried, and that counts as an attempt.
 * Each job kind (the `queue` column, for history's sake) runs in one of the plan's named queues:
 * each queue has its own loop, concurrency and priority, side by side (alarm escalations never
 * wait behind an import). Handlers must be idempotent (a retry after a crash re-runs them).
 */
export class JobRunner {
  private handlers = new Map<string, Handler>();
  /** the worker side: the queues' loops (jobs.loop.ts) */
  private readonly loop: JobLoop;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    log: Logger,
    pollMs: number,
    readonly plan: QueuePlan = SINGLE_QUEUE,
  ) {
    checkPlan(plan);
    this.loop = new JobLoop(db, clock, log, pollMs, plan, this.handlers, (ex, queue, payload, opts) =>
      this.enqueue(ex, queue, payload, opts),
    );
  }

  /** Depth (due, waiting, running) and the age of the oldest due job, per queue. */
  stats(): Promise<QueueStats[]> {
    return queueStats(this.db, this.plan, this.clock.now());
  }

  define<S extends z.ZodType>(
    queue: string,
    schema: S,
    run: (payload: z.infer<S>, ctx: JobContext) => Promise<void>,
    opts: DefineOptions = {},
  ): void {
    if (this.handlers.has(queue)) throw new Error(`job queue ${queue} defined twice`);
    this.handlers.set(queue, {
      schema,
      run: run as (p: unknown, ctx: JobContext) => Promise<void>,
      onGiveUp: opts.onGiveUp,
    });
  }

  /** Enqueue in the caller's transaction: the job exists if and only if the change committed. */
  async enqueue(
    ex: Executor,
    queue: string,
    payload: unknown,
    opts: EnqueueOptions = {},
  ): Promise<string | null> {
    return (await this.enqueueAll(ex, [{ queue, payload, opts }]))[0] ?? null;
  }

  /**
   * Several jobs in one statement (a request's clock steps); those whose singleton key is already
   * queued are skipped. Returns the ids of the jobs created.
   */
  async enqueueAll(
    ex: Executor,
    items: { queue: string; payload: unknown; opts?: EnqueueOptions }[],
  ): Promise<string[]> {
    if (!items.length) return [];
    const now = this.clock.now();
    const values = items.map(({ queue, payload, opts = {} }) => {
      this.handlers.get(queue)?.schema.parse(payload);
      return {
        id: newId(),
        queue,
        payload,
        status: 'queued' as const,
        runAt: opts.runAt ?? now,
        maxAttempts: opts.maxAttempts ?? 5,
        singletonKey: opts.singletonKey ?? null,
        createdAt: now,
      };
    });
    const inserted = await ex.insert(jobs).values(values).onConflictDoNothing().returning({ id: jobs.id });
    return inserted.map((r) => r.id);
  }

  /** Cancel a queued job by its singleton key (e.g. the alarm was acknowledged in time). */
  async cancel(ex: Executor, queue: string, singletonKey: string): Promise<void> {
    await ex.execute(
      sql`update jobs set status = 'cancelled', finished_at = ${this.clock.now().toISOString()}::timestamptz
          where queue = ${queue} and singleton_key = ${singletonKey} and status = 'queued'`,
    );
  }

  /** Create or change a recurring job. Cron in the given time zone (default China Standard Time). */
  async schedule(
    name: string,
    queue: string,
    cron: string,
    payload: unknown,
    timezone = 'Asia/Shanghai',
  ): Promise<void> {
    const next = nextCron(cron, timezone, this.clock.now());
    await this.db
      .insert(jobSchedules)
      .values({ name, queue, cron, timezone, payload: payload, nextRunAt: next })
      .onConflictDoUpdate({
        target: jobSchedules.name,
        set: { queue, cron, timezone, payload: payload, nextRunAt: next },
      });
  }

  start(): void {
    this.loop.start();
  }

  /** One round in every queue at once: due schedule occurrences, then due jobs until none is left. */
  tick(): Promise<number> {
    return this.loop.tick();
  }

  /** One round of one queue (see JobLoop.tickQueue). */
  tickQueue(name: string): Promise<number> {
    return this.loop.tickQueue(name);
  }

  /** Stop the loops and wait for the jobs running in this process. */
  stop(): Promise<void> {
    return this.loop.stop();
  }
}
