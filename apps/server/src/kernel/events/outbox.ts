import { sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import { rows, type Db, type Executor } from '../db.js';
import { newId } from '../ids.js';
import type { Logger } from '../logger.js';
import type { BusEvent, EventBus } from './bus.js';
import { events } from './events.tables.js';

export interface NewEvent<P = unknown> {
  type: string;
  payload: P;
  /** organisation the event belongs to: readers with scope over it may see it */
  orgId?: string | null;
  gridId?: string | null;
  /** a personal event (only this user sees it) */
  userId?: string | null;
  actorId?: string | null;
}

/** Write an event in the caller's transaction (the outbox). It goes out after commit. */
export async function appendEvent(ex: Executor, clock: Clock, e: NewEvent): Promise<string> {
  return (await appendEvents(ex, clock, [e]))[0]!;
}

/** Several events in one statement (one notification per user of a unit, say). */
export async function appendEvents(ex: Executor, clock: Clock, es: NewEvent[]): Promise<string[]> {
  if (!es.length) return [];
  const at = clock.now();
  const values = es.map((e) => ({
    id: newId(),
    type: e.type,
    payload: e.payload,
    orgId: e.orgId ?? null,
    gridId: e.gridId ?? null,
    userId: e.userId ?? null,
    actorId: e.actorId ?? null,
    occurredAt: at,
  }));
  await ex.insert(events).values(values);
  return values.map((v) => v.id);
}

interface EventRow {
  id: string;
  seq: string | number;
  type: string;
  payload: unknown;
  org_id: string | null;
  org_path: string | null;
  grid_id: string | null;
  grid_path?: string | null;
  user_id: string | null;
  actor_id: string | null;
  occurred_at: string | Date;
}

export function toBusEvent(r: EventRow): BusEvent {
  return {
    id: r.id,
    seq: Number(r.seq),
    type: r.type,
    payload: r.payload,
    orgId: r.org_id,
    orgPath: r.org_path,
    gridId: r.grid_id,
    gridPath: r.grid_path ?? null,
    userId: r.user_id,
    actorId: r.actor_id,
    occurredAt: new Date(r.occurred_at).toISOString(),
  };
}

/** Published events after a sequence number, oldest first (realtime resume, consumers). */
export async function readEventsAfter(ex: Executor, afterSeq: number, limit: number): Promise<BusEvent[]> {
  const r = await rows<EventRow>(
    ex,
    sql`select e.id, e.seq, e.type, e.payload, e.org_id, o.path as org_path, e.grid_id, g.path as grid_path,
          e.user_id, e.actor_id, e.occurred_at
        from events e left join orgs o on o.id = e.org_id left join grids g on g.id = e.grid_id
        where e.seq > ${afterSeq} order by e.seq limit ${limit}`,
  );
  return r.map(toBusEvent);
}

export async function lastEventSeq(ex: Executor): Promise<number> {
  const r = await rows<{ s: string | null }>(ex, sql`select max(seq) as s from events`);
  return Number(r[0]?.s ?? 0);
}

const RELAY_LOCK = 727002;
const BATCH = 200;

/**
 * Moves committed outbox rows onto the bus. Only one relay in the whole deployment works at a
 * time (transaction-scoped advisory lock), so sequence numbers are handed out in the order events
 * are published and a reader that has seen seq N has seen everything before it.
 * Delivery is at least once: if the commit fails after publishing, the same event goes out again
 * and readers drop it by id.
 */
export class EventRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly pollMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    const loop = () => {
      if (this.stopped) return;
      void this.nudge();
      this.timer = setTimeout(loop, this.pollMs);
    };
    loop();
  }

  /** Publish now (called after a commit that wrote events). Coalesces concurrent calls. */
  nudge(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.publishBatch()) === BATCH) {
            /* keep draining */
          }
        } while (this.again && !this.stopped);
        if (this.failing) this.log.info('event relay publishing again');
        this.failing = false;
      } catch (err) {
        // Once per outage at error level: it retries every poll until the bus or database is back.
        if (this.failing) this.log.debug({ err }, 'event relay still failing');
        else this.log.error({ err }, 'event relay failed; will retry');
        this.failing = true;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Publish one batch; returns how many were published. */
  async publishBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const lock = await rows<{ ok: boolean }>(
        tx,
        sql`select pg_try_advisory_xact_lock(${RELAY_LOCK}) as ok`,
      );
      if (!lock[0]?.ok) return 0;
      const batch = await rows<EventRow>(
        tx,
        sql`with picked as (
              select id from events where seq is null order by id limit ${BATCH} for update
            ), numbered as (
              select id, nextval('event_seq') as seq from (select id from picked order by id) p
            )
            update events e set seq = n.seq, published_at = ${this.clock.now().toISOString()}::timestamptz
            from numbered n where e.id = n.id
            returning e.id, e.seq, e.type, e.payload, e.org_id,
              (select path from orgs o where o.id = e.org_id) as org_path,
              e.grid_id, (select path from grids g where g.id = e.grid_id) as grid_path, e.user_id, e.actor_id, e.occurred_at`,
      );
      if (batch.length === 0) return 0;
      const out = batch.map(toBusEvent).sort((a, b) => a.seq - b.seq);
      await this.bus.publish(out);
      return batch.length;
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
