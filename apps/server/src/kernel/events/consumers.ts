import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import { rows, type Db, type Tx } from '../db.js';
import type { Logger } from '../logger.js';
import type { BusEvent } from './bus.js';
import { readEventsAfter } from './outbox.js';

/**
 * A durable reaction to events (notifications, escalation timers, projections). It reads the
 * outbox by sequence from its own cursor, so nothing is lost across crashes; one process at a
 * time holds a consumer's cursor (row lock, SKIP LOCKED), so each event is handled once per
 * consumer however many processes run. handle() runs in the transaction that advances the cursor.
 */
export interface EventConsumer {
  name: string;
  /** event types to handle; others only move the cursor */
  types: readonly string[];
  handle(event: BusEvent, tx: Tx): Promise<void>;
}

const BATCH = 100;

export class ConsumerRunner {
  private consumers = new Map<string, EventConsumer>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly pollMs: number,
  ) {}

  register(c: EventConsumer): void {
    if (this.consumers.has(c.name)) throw new Error(`consumer ${c.name} registered twice`);
    this.consumers.set(c.name, c);
  }

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      void this.nudge();
      this.timer = setTimeout(loop, this.pollMs);
    };
    loop();
  }

  nudge(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.drainAll();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Run every consumer until it has caught up. Tests call this to settle. */
  async drainAll(): Promise<void> {
    for (const c of this.consumers.values()) {
      try {
        while ((await this.runBatch(c)) === BATCH) {
          /* keep draining */
        }
      } catch (err) {
        this.log.error({ err, consumer: c.name }, 'event consumer failed; it will retry from the same event');
      }
    }
  }

  private async runBatch(c: EventConsumer): Promise<number> {
    const now = this.clock.now().toISOString();
    await this.db.execute(
      sql`insert into event_cursors (consumer, last_seq, updated_at) values (${c.name}, 0, ${now}::timestamptz)
          on conflict (consumer) do nothing`,
    );
    return this.db.transaction(async (tx) => {
      const cur = await rows<{ last_seq: string }>(
        tx,
        sql`select last_seq from event_cursors where consumer = ${c.name} for update skip locked`,
      );
      if (!cur[0]) return 0; // another process holds this consumer right now
      const batch = await readEventsAfter(tx, Number(cur[0].last_seq), BATCH);
      if (batch.length === 0) return 0;
      for (const e of batch) {
        if (!c.types.includes(e.type)) continue;
        const fresh = await rows<{ event_id: string }>(
          tx,
          sql`insert into event_consumptions (consumer, event_id, handled_at) values (${c.name}, ${e.id}, ${now}::timestamptz)
              on conflict do nothing returning event_id`,
        );
        if (fresh.length === 0) continue; // delivered twice (at-least-once relay): already handled
        await c.handle(e, tx);
      }
      const last = batch[batch.length - 1]!.seq;
      await tx.execute(
        sql`update event_cursors set last_seq = ${last}, updated_at = ${now}::timestamptz where consumer = ${c.name}`,
      );
      return batch.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
