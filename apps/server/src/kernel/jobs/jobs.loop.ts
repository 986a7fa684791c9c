import os from 'node:os';
import { CronExpressionParser } from 'cron-parser';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import { rows, type Db, type Executor } from '../db.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import { DEFAULT_QUEUE, queueOf, type QueueDef, type QueuePlan } from './queues.js';

export interface JobContext {
  jobId: string;
  attempt: number;
  /** the clock time the job was claimed at */
  now: Date;
}

export interface Handler {
  schema: z.ZodType;
  run: (payload: unknown, ctx: JobContext) => Promise<void>;
  onGiveUp?: (payload: unknown, reason: string) => Promise<void>;
}

const LEASE_MS = 5 * 60_000;

interface Queue {
  def: QueueDef;
  /** jobs of this queue running in this process now */
  active: number;
  running: Promise<number> | null;
  timer: NodeJS.Timeout | null;
}

interface Claimed {
  id: string;
  queue: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

/** Schedules a job in the given transaction (JobRunner.enqueue): due schedule occurrences go through it. */
type Enqueue = (
  ex: Executor,
  queue: string,
  payload: unknown,
  opts: { runAt: Date; singletonKey: string },
) => Promise<unknown>;

/**
 * The worker side of the job runner (jobs.ts): each queue's loop claims due jobs into its free slots,
 * runs them under a renewed lease, retries with backoff, gives up for good, and fires due schedules.
 */
export class JobLoop {
  private readonly queues: Map<string, Queue>;
  private stopped = true;
  /** while stop() waits for running jobs: rounds claim nothing more (tick() works again after) */
  private halting = false;
  private readonly workerId = `${os.hostname()}:${process.pid}:${newId().slice(-6)}`;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly pollMs: number,
    private readonly plan: QueuePlan,
    private readonly handlers: ReadonlyMap<string, Handler>,
    private readonly enqueue: Enqueue,
  ) {
    // Highest priority first: rounds start in this order.
    const ordered = [...plan.queues].sort((a, b) => b.priority - a.priority);
    this.queues = new Map(ordered.map((def) => [def.name, { def, active: 0, running: null, timer: null }]));
  }

  start(): void {
    this.stopped = false;
    for (const [name, q] of this.queues) {
      const loop = () => {
        if (this.stopped) return;
        void this.tickQueue(name).finally(() => {
          if (!this.stopped) q.timer = setTimeout(loop, this.pollMs);
        });
      };
      loop();
    }
  }

  /**
   * One round in every queue at once: due schedule occurrences first (their jobs may belong to any
   * queue), then due jobs until none is left.
   */
  async tick(): Promise<number> {
    await this.fireSchedules();
    const counts = await Promise.all([...this.queues.keys()].map((l) => this.tickQueue(l)));
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * One round of one queue: claim due jobs into its free slots and run them side by side, claiming
   * again as slots free up, until nothing is due and nothing runs. Queues run side by side.
   */
  tickQueue(name: string): Promise<number> {
    const q = this.queues.get(name);
    if (!q) return Promise.resolve(0);
    if (q.running) return q.running;
    q.running = (async () => {
      let ran = 0;
      const inflight = new Set<Promise<void>>();
      try {
        if (name === DEFAULT_QUEUE) await this.fireSchedules();
        for (;;) {
          const free = q.def.concurrency - inflight.size;
          if (free > 0 && !this.halting && !this.yields(q)) {
            for (const j of await this.claim(name, free)) {
              q.active++;
              const p: Promise<void> = this.runOne(j).finally(() => {
                q.active--;
                inflight.delete(p);
              });
              inflight.add(p);
              ran++;
            }
          }
          if (!inflight.size) break;
          // A slot frees, or new jobs may have come due meanwhile.
          await waitFor([...inflight], this.pollMs);
        }
      } catch (err) {
        this.log.error({ err, queue: name }, 'job runner round failed');
      } finally {
        await Promise.allSettled([...inflight]);
        q.running = null;
      }
      return ran;
    })();
    return q.running;
  }

  /** Whether a queue of higher priority in this process has every slot busy: then this one waits. */
  private yields(q: Queue): boolean {
    for (const other of this.queues.values())
      if (other.def.priority > q.def.priority && other.active >= other.def.concurrency) return true;
    return false;
  }

  private async fireSchedules(): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction(async (tx) => {
      const due = await rows<{
        name: string;
        queue: string;
        cron: string;
        timezone: string;
        payload: unknown;
        next_run_at: string | Date;
      }>(
        tx,
        sql`select name, queue, cron, timezone, payload, next_run_at from job_schedules
            where next_run_at <= ${now.toISOString()}::timestamptz for update skip locked`,
      );
      for (const s of due) {
        const at = new Date(s.next_run_at);
        // One job per occurrence: the singleton key names the occurrence, so a second worker
        // (or a retry of this transaction) cannot enqueue it twice.
        await this.enqueue(tx, s.queue, s.payload, {
          runAt: at,
          singletonKey: `${s.name}@${at.toISOString()}`,
        });
        // Occurrences missed while the system was down collapse into this one run.
        const next = nextCron(s.cron, s.timezone, now);
        await tx.execute(
          sql`update job_schedules set next_run_at = ${next.toISOString()}::timestamptz, last_run_at = ${at.toISOString()}::timestamptz
              where name = ${s.name}`,
        );
      }
    });
  }

  private async claim(queue: string, limit: number): Promise<Claimed[]> {
    const now = this.clock.now();
    const kinds = [...this.handlers.keys()].filter((k) => queueOf(this.plan, k) === queue);
    if (!kinds.length) return [];
    const inQueue = sql`queue in (${sql.join(
      kinds.map((k) => sql`${k}`),
      sql`, `,
    )})`;
    await this.giveUpExpired(inQueue, now);
    return rows<Claimed>(
      this.db,
      sql`update jobs set status = 'running', attempts = attempts + 1, locked_by = ${this.workerId},
            locked_until = ${now.toISOString()}::timestamptz + interval '5 minutes'
          where id in (
            select id from jobs
            where ${inQueue}
              and ((status = 'queued' and run_at <= ${now.toISOString()}::timestamptz)
                or (status = 'running' and locked_until < ${now.toISOString()}::timestamptz))
            order by run_at limit ${limit} for update skip locked)
          returning id, queue, payload, attempts, max_attempts`,
    );
  }

  /**
   * A job whose lease ran out was cut short: its worker died or hung while running it (a file that
   * exhausts memory kills it every time). That counts as an attempt; past its limit it fails for
   * good instead of being claimed, and killing, again.
   */
  private async giveUpExpired(inQueue: SQL, now: Date): Promise<void> {
    const expired = await rows<{ id: string; queue: string; payload: unknown; attempts: number }>(
      this.db,
      sql`update jobs set status = 'failed', locked_by = null, locked_until = null,
            finished_at = ${now.toISOString()}::timestamptz,
            last_error = 'lease expired on attempt ' || attempts || ' of ' || max_attempts
              || ': the worker died or hung while running it'
          where id in (
            select id from jobs
            where ${inQueue} and status = 'running'
              and locked_until < ${now.toISOString()}::timestamptz and attempts >= max_attempts
            for update skip locked)
          returning id, queue, payload, attempts`,
    );
    for (const j of expired) {
      this.log.error({ job: j.id, queue: j.queue, attempts: j.attempts }, 'job lease expired too often');
      await this.gaveUp(j, `lease expired ${j.attempts} times: the worker died while running it`);
    }
  }

  private async gaveUp(j: { id: string; queue: string; payload: unknown }, reason: string) {
    const h = this.handlers.get(j.queue);
    if (!h?.onGiveUp) return;
    try {
      await h.onGiveUp(j.payload, reason);
    } catch (err) {
      this.log.error({ err, job: j.id }, 'job give-up hook failed');
    }
  }

  private async runOne(j: Claimed): Promise<void> {
    const now = this.clock.now();
    const h = this.handlers.get(j.queue);
    // Keep the lease while the job runs, however long: only a dead worker's lease runs out.
    const renew = setInterval(() => {
      void this.db
        .execute(
          sql`update jobs set locked_until = ${new Date(this.clock.now().getTime() + LEASE_MS).toISOString()}::timestamptz
              where id = ${j.id} and status = 'running' and locked_by = ${this.workerId}`,
        )
        .catch((err: unknown) => this.log.warn({ err, job: j.id }, 'job lease not renewed'));
    }, LEASE_MS / 5);
    try {
      if (!h) throw new Error(`no handler for job queue ${j.queue}`);
      const payload = h.schema.parse(j.payload);
      await h.run(payload, { jobId: j.id, attempt: j.attempts, now });
      await this.db.execute(
        sql`update jobs set status = 'done', finished_at = ${this.clock.now().toISOString()}::timestamptz, locked_by = null, locked_until = null
            where id = ${j.id}`,
      );
    } catch (err) {
      const final = j.attempts >= j.max_attempts;
      const backoffMs = Math.min(30 * 60_000, 2 ** j.attempts * 5_000);
      this.log.warn({ err, job: j.id, queue: j.queue, attempt: j.attempts, final }, 'job failed');
      await this.db.execute(
        sql`update jobs set status = ${final ? 'failed' : 'queued'},
              run_at = ${new Date(now.getTime() + backoffMs).toISOString()}::timestamptz,
              last_error = ${String(err instanceof Error ? err.message : err).slice(0, 2000)},
              locked_by = null, locked_until = null,
              finished_at = ${final ? this.clock.now().toISOString() : null}::timestamptz
            where id = ${j.id}`,
      );
      if (final) await this.gaveUp(j, String(err instanceof Error ? err.message : err));
    } finally {
      clearInterval(renew);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.halting = true;
    for (const q of this.queues.values()) if (q.timer) clearTimeout(q.timer);
    try {
      await Promise.all([...this.queues.values()].map((q) => q.running ?? Promise.resolve(0)));
    } finally {
      this.halting = false;
    }
  }
}

/** Until one of the promises settles, or ms have passed. */
async function waitFor(promises: Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const sleep = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([
      ...promises.map((p) =>
        p.then(
          () => undefined,
          () => undefined,
        ),
      ),
      sleep,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function nextCron(cron: string, tz: string, after: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: after, tz }).next().toDate();
}
