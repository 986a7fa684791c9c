import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support/database.js';
import { ManualClock } from '../clock.js';
import { rows, type Database } from '../db.js';
import { createLogger } from '../logger.js';
import { MemoryBus, type BusEvent } from './bus.js';
import { ConsumerRunner } from './consumers.js';
import { appendEvent, EventRelay } from './outbox.js';

let database: Database;
let drop: () => Promise<void>;
const log = createLogger('silent');
const clock = new ManualClock();

beforeAll(async () => {
  ({ database, drop } = await freshDatabase());
});
afterAll(async () => drop());

describe('outbox and relay', () => {
  it('publishes committed events in order with rising sequence numbers, and never rolled-back ones', async () => {
    const bus = new MemoryBus();
    const seen: BusEvent[] = [];
    bus.subscribe((e) => seen.push(e));
    const relay = new EventRelay(database.db, bus, clock, log, 1000);
    await database.db.transaction(async (tx) => {
      await appendEvent(tx, clock, { type: 'test.a', payload: { n: 1 } });
      await appendEvent(tx, clock, { type: 'test.a', payload: { n: 2 } });
    });
    await database.db
      .transaction(async (tx) => {
        await appendEvent(tx, clock, { type: 'test.a', payload: { n: 99 } });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    await database.db.transaction(async (tx) =>
      appendEvent(tx, clock, { type: 'test.a', payload: { n: 3 } }),
    );
    await relay.nudge();
    expect(seen.map((e) => (e.payload as { n: number }).n)).toEqual([1, 2, 3]);
    expect(seen.map((e) => e.seq)).toEqual([...seen.map((e) => e.seq)].sort((a, b) => a - b));
    await relay.nudge();
    expect(seen).toHaveLength(3);
  });

  it('delivers to each durable consumer once, even with two processes and a re-published event', async () => {
    const handled: string[] = [];
    const make = () => {
      const c = new ConsumerRunner(database.db, clock, log, 1000);
      c.register({ name: 'count', types: ['test.b'], handle: async (e) => void handled.push(e.id) });
      return c;
    };
    const [p1, p2] = [make(), make()];
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(
        await database.db.transaction(async (tx) =>
          appendEvent(tx, clock, { type: i % 2 ? 'test.b' : 'test.other', payload: { i } }),
        ),
      );
    }
    await new EventRelay(database.db, new MemoryBus(), clock, log, 1000).nudge();
    // The relay may publish an event twice (crash after publishing, before commit): simulate that.
    await database.db.execute(sql`update events set seq = nextval('event_seq') where id = ${ids[1]!}`);
    await Promise.all([p1.drainAll(), p2.drainAll()]);
    await Promise.all([p1.drainAll(), p2.drainAll()]);
    expect(handled.sort()).toEqual(ids.filter((_, i) => i % 2).sort());
  });

  it('retries a consumer that fails, from the same event, without losing it', async () => {
    let fail = true;
    const got: number[] = [];
    const c = new ConsumerRunner(database.db, clock, log, 1000);
    c.register({
      name: 'flaky',
      types: ['test.c'],
      handle: async (e) => {
        if (fail) throw new Error('down');
        got.push((e.payload as { n: number }).n);
      },
    });
    await database.db.transaction(async (tx) =>
      appendEvent(tx, clock, { type: 'test.c', payload: { n: 7 } }),
    );
    await new EventRelay(database.db, new MemoryBus(), clock, log, 1000).nudge();
    await c.drainAll();
    expect(got).toEqual([]);
    fail = false;
    await c.drainAll();
    expect(got).toEqual([7]);
  });
});

describe('audit log', () => {
  it('is append-only: updates and deletes are refused by the database', async () => {
    await database.db.execute(
      sql`insert into audit_log (id, at, actor_name, action) values (gen_random_uuid(), now(), 'x', 'test.action')`,
    );
    await expect(database.db.execute(sql`update audit_log set action = 'changed'`)).rejects.toThrow();
    await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
    const r = await rows<{ n: string }>(
      database.db,
      sql`select count(*) as n from audit_log where action = 'test.action'`,
    );
    expect(Number(r[0]!.n)).toBe(1);
  });
});
