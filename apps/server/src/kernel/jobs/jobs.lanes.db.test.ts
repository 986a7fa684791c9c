import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDatabase } from '../../../test/support/database.js';
import { ManualClock } from '../clock.js';
import { rows, type Database } from '../db.js';
import { newId } from '../ids.js';
import { createLogger } from '../logger.js';
import { JobRunner } from './jobs.js';

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

describe('lanes', () => {
  it('run an alarm-path job while a heavy job of its own lane is still running', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const r = new JobRunner(database.db, clock, log, 50);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const events: string[] = [];
    r.define(
      'lanes.import',
      z.object({}),
      async () => {
        events.push('import started');
        await gate;
        events.push('import done');
      },
      { lane: 'imports' },
    );
    r.define('lanes.escalate', z.object({}), async () => void events.push('escalated'));
    await r.enqueue(database.db, 'lanes.import', {});
    r.start();
    for (let i = 0; i < 100 && !events.includes('import started'); i++)
      await new Promise((res) => setTimeout(res, 20));
    await r.enqueue(database.db, 'lanes.escalate', {});
    const t0 = Date.now();
    for (let i = 0; i < 100 && !events.includes('escalated'); i++)
      await new Promise((res) => setTimeout(res, 20));
    expect(events).toEqual(['import started', 'escalated']);
    expect(Date.now() - t0).toBeLessThan(1_000);
    release();
    await r.stop();
    expect(events).toEqual(['import started', 'escalated', 'import done']);
  });
});
