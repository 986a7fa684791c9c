import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { freshDatabase } from '../../../test/support/database.js';
import { ManualClock } from '../clock.js';
import { rows, type Database } from '../db.js';
import { createLogger } from '../logger.js';
import { JobRunner } from './jobs.js';

let database: Database;
let drop: () => Promise<void>;
const log = createLogger('silent');

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
});
afterAll(async () => drop());

function runner(clock: ManualClock, ran: string[], queue: string, fail = 0) {
  const r = new JobRunner(database.db, clock, log, 1000);
  let failures = fail;
  r.define(queue, z.object({ id: z.string() }), async (p) => {
    if (failures-- > 0) throw new Error('not yet');
    ran.push(p.id);
  });
  return r;
}

describe('durable jobs', () => {
  it('run a delayed job when the clock reaches it, not before', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const ran: string[] = [];
    const r = runner(clock, ran, 'delayed');
    await r.enqueue(database.db, 'delayed', { id: 'a' }, { runAt: new Date(clock.now().getTime() + 60_000) });
    await r.tick();
    expect(ran).toEqual([]);
    clock.advance(60_000);
    await r.tick();
    expect(ran).toEqual(['a']);
    await r.tick();
    expect(ran).toEqual(['a']);
  });

  it('survive a restart: a job enqueued by one process runs in the next', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const before = runner(clock, [], 'restart');
    await before.enqueue(
      database.db,
      'restart',
      { id: 'kept' },
      { runAt: new Date(clock.now().getTime() + 5_000) },
    );
    await before.stop();
    const ran: string[] = [];
    const after = runner(clock, ran, 'restart');
    clock.advance(5_000);
    await after.tick();
    expect(ran).toEqual(['kept']);
  });

  it('retry a failing job with back-off, then succeed', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const ran: string[] = [];
    const r = runner(clock, ran, 'flaky', 2);
    await r.enqueue(database.db, 'flaky', { id: 'x' });
    await r.tick();
    expect(ran).toEqual([]);
    clock.advance(60_000);
    await r.tick();
    clock.advance(60_000);
    await r.tick();
    expect(ran).toEqual(['x']);
    const [j] = await rows<{ attempts: number; status: string }>(
      database.db,
      sql`select attempts, status from jobs where queue = 'flaky'`,
    );
    expect(j).toEqual({ attempts: 3, status: 'done' });
  });

  it('keep one pending job per singleton key, and cancel it by key', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const ran: string[] = [];
    const r = runner(clock, ran, 'single');
    const a = await r.enqueue(
      database.db,
      'single',
      { id: '1' },
      { singletonKey: 'k', runAt: new Date(clock.now().getTime() + 1000) },
    );
    const b = await r.enqueue(
      database.db,
      'single',
      { id: '2' },
      { singletonKey: 'k', runAt: new Date(clock.now().getTime() + 1000) },
    );
    expect(a).not.toBeNull();
    expect(b).toBeNull();
    await r.cancel(database.db, 'single', 'k');
    clock.advance(2000);
    await r.tick();
    expect(ran).toEqual([]);
  });

  it('run each job once with several workers racing for it', async () => {
    const clock = new ManualClock('2026-03-02T08:00:00+08:00');
    const ran: string[] = [];
    const workers = [runner(clock, ran, 'race'), runner(clock, ran, 'race'), runner(clock, ran, 'race')];
    for (let i = 0; i < 30; i++) await workers[0]!.enqueue(database.db, 'race', { id: String(i) });
    await Promise.all(workers.map((w) => w.tick()));
    expect(ran.sort()).toEqual(Array.from({ length: 30 }, (_, i) => String(i)).sort());
  });

  it('fire a daily schedule exactly once per day across workers and a restart', async () => {
    const clock = new ManualClock('2026-03-02T07:00:00+08:00');
    const ran: string[] = [];
    const r1 = new JobRunner(database.db, clock, log, 1000);
    const r2 = new JobRunner(database.db, clock, log, 1000);
    for (const r of [r1, r2])
      r.define(
        'daily',
        z.object({ grid: z.string() }),
        async (_p, ctx) => void ran.push(ctx.now.toISOString().slice(0, 10)),
      );
    await r1.schedule('daily-check', 'daily', '0 8 * * *', { grid: 'g1' });
    for (let day = 0; day < 3; day++) {
      clock.advance(12 * 3600_000);
      await Promise.all([r1.tick(), r2.tick()]);
      clock.advance(12 * 3600_000);
      await Promise.all([r1.tick(), r2.tick()]);
    }
    // "restart": a new runner over the same database keeps the schedule
    const r3 = new JobRunner(database.db, clock, log, 1000);
    r3.define(
      'daily',
      z.object({ grid: z.string() }),
      async (_p, ctx) => void ran.push(ctx.now.toISOString().slice(0, 10)),
    );
    clock.advance(24 * 3600_000);
    await r3.tick();
    expect(ran).toEqual(['2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05']);
  });
});
