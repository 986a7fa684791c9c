import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDatabase } from '../../../test/support/database.js';
import { ManualClock } from '../clock.js';
import { rows, type Database } from '../db.js';
import { newId } from '../ids.js';
import { createLogger } from '../logger.js';
import { JobRunner } from './jobs.js';
import type { QueuePlan } from './queues.js';

let database: Database;
let drop: () => Promise<void>;
const log = createLogger('silent');

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
});
afterAll(async () => drop());

const job = async (id: string) =>
  (
    await rows<{ status: string; attempts: number; last_error: string | null }>(
      database.db,
      sql`select status, attempts, last_error from jobs where id = ${id}`,
    )
  )[0]!;

/** A job some worker claimed and then died with: running, its lease run out. */
async function orphan(queue: string, attempts: number, maxAttempts: number, clock: ManualClock) {
  const id = newId();
  const past = new Date(clock.now().getTime() - 60_000).toISOString();
  await database.db.execute(
    sql`insert into jobs (id, queue, payload, status, run_at, attempts, max_attempts, locked_by, locked_until, created_at)
        values (${id}, ${queue}, ${JSON.stringify({ id })}::jsonb, 'running', ${past}::timestamptz, ${attempts},
                ${maxAttempts}, 'dead-worker', ${past}::timestamptz, ${past}::timestamptz)`,
  );
  return id;
}

describe('jobs whose worker died', () => {
  it('count the reclaim as an attempt, and past the limit fail for good saying why instead of running again', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const ran: string[] = [];
    const gaveUp: string[] = [];
    const r = new JobRunner(database.db, clock, log, 1000);
    r.define('killer', z.object({ id: z.string() }), async (p) => void ran.push(p.id), {
      onGiveUp: async (p, reason) => void gaveUp.push(`${(p as { id: string }).id}: ${reason}`),
    });
    const retried = await orphan('killer', 1, 3, clock);
    const spent = await orphan('killer', 3, 3, clock);
    await r.tick();
    expect(ran).toEqual([retried]);
    expect(await job(retried)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await job(spent)).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_error: 'lease expired on attempt 3 of 3: the worker died or hung while running it',
    });
    expect(gaveUp).toEqual([`${spent}: lease expired 3 times: the worker died while running it`]);
    // and it stays failed: the next round does not claim it
    clock.advance(3_600_000);
    await r.tick();
    expect(ran).toEqual([retried]);
  });
});

const PLAN: QueuePlan = {
  queues: [
    { name: 'urgent', concurrency: 1, priority: 30 },
    { name: 'default', concurrency: 2, priority: 20 },
    { name: 'heavy', concurrency: 1, priority: 0 },
  ],
  kinds: { 'q.escalate': 'urgent', 'q.import': 'heavy', 'q.import2': 'heavy' },
};

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 250 && !cond(); i++) await new Promise((res) => setTimeout(res, 20));
};

/** a job kind whose runs wait on a gate the test opens */
function gated(r: JobRunner, kind: string, events: string[]) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  r.define(kind, z.object({ n: z.number() }), async (p) => {
    events.push(`${kind} ${p.n} started`);
    await gate;
    events.push(`${kind} ${p.n} done`);
  });
  return () => open();
}

describe('named queues', () => {
  it('run an alarm escalation while a long import is still running', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const r = new JobRunner(database.db, clock, log, 50, PLAN);
    const events: string[] = [];
    const release = gated(r, 'q.import', events);
    r.define('q.escalate', z.object({}), async () => void events.push('escalated'));
    await r.enqueue(database.db, 'q.import', { n: 1 });
    r.start();
    await until(() => events.includes('q.import 1 started'));
    await r.enqueue(database.db, 'q.escalate', {});
    await until(() => events.includes('escalated'));
    expect(events).toEqual(['q.import 1 started', 'escalated']);
    release();
    await r.stop();
    expect(events).toEqual(['q.import 1 started', 'escalated', 'q.import 1 done']);
  });

  it('run as many jobs of a queue at once as its concurrency, no more', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const r = new JobRunner(database.db, clock, log, 50, PLAN);
    const events: string[] = [];
    const release = gated(r, 'q.clock', events);
    for (const n of [1, 2, 3]) await r.enqueue(database.db, 'q.clock', { n });
    r.start();
    await until(() => events.length >= 2);
    await new Promise((res) => setTimeout(res, 200));
    expect(events.filter((e) => e.endsWith('started'))).toHaveLength(2);
    release();
    await until(() => events.filter((e) => e.endsWith('done')).length === 3);
    await r.stop();
    expect(events.filter((e) => e.endsWith('started'))).toHaveLength(3);
  });

  it('start no heavy job while the urgent queue has every slot busy', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const r = new JobRunner(database.db, clock, log, 50, PLAN);
    const events: string[] = [];
    const release = gated(r, 'q.escalate', events);
    r.define('q.import2', z.object({}), async () => void events.push('imported'));
    await r.enqueue(database.db, 'q.escalate', { n: 1 });
    r.start();
    await until(() => events.includes('q.escalate 1 started'));
    await r.enqueue(database.db, 'q.import2', {});
    await new Promise((res) => setTimeout(res, 300));
    expect(events).toEqual(['q.escalate 1 started']);
    release();
    await until(() => events.includes('imported'));
    await r.stop();
    expect(events).toEqual(['q.escalate 1 started', 'q.escalate 1 done', 'imported']);
  });

  it("report each queue's depth (due, waiting, running) and the age of its oldest due job", async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const r = new JobRunner(database.db, clock, log, 50, PLAN);
    const events: string[] = [];
    const release = gated(r, 'q.depth', events);
    r.define('q.import', z.object({ n: z.number() }), async () => undefined);
    await r.enqueue(database.db, 'q.import', { n: 1 });
    clock.advance(30_000);
    await r.enqueue(database.db, 'q.import', { n: 2 });
    await r.enqueue(
      database.db,
      'q.import',
      { n: 3 },
      { runAt: new Date(clock.now().getTime() + 3_600_000) },
    );
    await r.enqueue(database.db, 'q.depth', { n: 1 });
    clock.advance(15_000);
    const running = r.tickQueue('default');
    await until(() => events.includes('q.depth 1 started'));
    const stats = Object.fromEntries((await r.stats()).map((s) => [s.queue, s]));
    expect(stats.heavy).toMatchObject({ due: 2, waiting: 1, running: 0, oldestDueSeconds: 45 });
    expect(stats.default).toMatchObject({ due: 0, waiting: 0, running: 1, oldestDueSeconds: 0 });
    expect(stats.urgent).toMatchObject({ due: 0, waiting: 0, running: 0, oldestDueSeconds: 0 });
    release();
    await running;
    while ((await r.tick()) > 0);
    const after = Object.fromEntries((await r.stats()).map((s) => [s.queue, s]));
    expect(after.heavy).toMatchObject({ due: 0, waiting: 1, running: 0, oldestDueSeconds: 0 });
    expect(after.default).toMatchObject({ running: 0 });
  });
});
