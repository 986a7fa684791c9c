import { sql } from 'drizzle-orm';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Clock } from '../clock.js';
import { rows, type Db, type PoolStats } from '../db.js';
import type { BusEvent } from '../events/index.js';
import type { QueueStats } from '../jobs/index.js';

/** What the gauges read at each scrape. */
export interface MetricSources {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  queues: () => Promise<QueueStats[]>;
  websockets: () => number;
  pool: () => PoolStats;
}

interface Snapshot {
  outbox: { backlog: number; lag: number; consumers: Map<string, number> } | null;
  queues: QueueStats[] | null;
}

/** the event whose push to a console is the alarm ringing there */
const RING_EVENT = 'incident.raised';

/**
 * The process's Prometheus metrics, in a registry of its own (tests run several runtimes in one
 * process). Counters and histograms are fed as things happen; gauges are read from their sources
 * when Prometheus scrapes. The names are listed in the README and used by deploy/grafana-anxiao.json.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status_code'>;
  private readonly ring: Histogram;
  private snap: Snapshot = { outbox: null, queues: null };

  constructor(private readonly src: MetricSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.http = new Histogram({
      name: 'anxiao_http_request_duration_seconds',
      help: 'HTTP requests by route pattern, method and status: time to the response',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.ring = new Histogram({
      name: 'anxiao_alarm_raise_to_ring_seconds',
      help: 'From an alarm being raised (its event) to its push to each console of this process',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    new Gauge({
      name: 'anxiao_websocket_connections',
      help: 'Realtime WebSocket connections open on this process',
      registers,
      collect() {
        this.set(src.websockets());
      },
    });
    new Gauge({
      name: 'anxiao_db_pool_connections',
      help: 'Database connections of this process by state (PGlite: one, in process)',
      labelNames: ['state'],
      registers,
      collect() {
        const p = src.pool();
        for (const [state, n] of Object.entries(p) as [string, number | null][])
          if (n !== null) this.set({ state }, n);
      },
    });
    this.outboxGauges(registers);
    this.queueGauges(registers);
  }

  /** An HTTP response: route is the matched pattern (never the raw URL), "unmatched" for none. */
  observeHttp(method: string, route: string | undefined, status: number, seconds: number): void {
    this.http.observe({ method, route: route ?? 'unmatched', status_code: String(status) }, seconds);
  }

  /** An event pushed to a console (the realtime hub's hook): an alarm's push is it ringing there. */
  observePush(e: BusEvent): void {
    if (e.type !== RING_EVENT) return;
    const seconds = (this.src.clock.now().getTime() - new Date(e.occurredAt).getTime()) / 1000;
    this.ring.observe(Math.max(0, seconds));
  }

  /** The Prometheus text: the database-backed sources are read once, then every metric rendered. */
  async text(): Promise<string> {
    const [outbox, queues] = await Promise.all([this.readOutbox(), this.src.queues().catch(() => null)]);
    this.snap = { outbox, queues };
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** One read for the outbox gauges and the consumers' lag; null when the database does not answer. */
  private async readOutbox(): Promise<Snapshot['outbox']> {
    const { db, clock } = this.src;
    try {
      const [o] = await rows<{ backlog: string; oldest: string | Date | null; head: string | null }>(
        db,
        sql`select (select count(*) from events where seq is null) as backlog,
                   (select min(occurred_at) from events where seq is null) as oldest,
                   (select max(seq) from events) as head`,
      );
      const head = Number(o?.head ?? 0);
      const cursors = await rows<{ consumer: string; last_seq: string }>(
        db,
        sql`select consumer, last_seq from event_cursors`,
      );
      const lag = o?.oldest ? Math.max(0, (clock.now().getTime() - new Date(o.oldest).getTime()) / 1000) : 0;
      return {
        backlog: Number(o?.backlog ?? 0),
        lag,
        consumers: new Map(cursors.map((c) => [c.consumer, Math.max(0, head - Number(c.last_seq))])),
      };
    } catch {
      return null;
    }
  }

  private outboxGauges(registers: Registry[]): void {
    const snap = () => this.snap.outbox;
    new Gauge({
      name: 'anxiao_db_up',
      help: 'Whether the database answered this scrape (1) or not (0)',
      registers,
      collect() {
        this.set(snap() ? 1 : 0);
      },
    });
    // While the database does not answer, these keep their last values (anxiao_db_up says why).
    new Gauge({
      name: 'anxiao_outbox_backlog',
      help: 'Committed events the relay has not yet published',
      registers,
      collect() {
        const o = snap();
        if (o) this.set(o.backlog);
      },
    });
    new Gauge({
      name: 'anxiao_event_relay_lag_seconds',
      help: 'Age of the oldest event still waiting for the relay (0 when none waits)',
      registers,
      collect() {
        const o = snap();
        if (o) this.set(o.lag);
      },
    });
    new Gauge({
      name: 'anxiao_event_consumer_lag_events',
      help: 'Published events a durable consumer has not yet handled',
      labelNames: ['consumer'],
      registers,
      collect() {
        for (const [consumer, n] of snap()?.consumers ?? []) this.set({ consumer }, n);
      },
    });
  }

  private queueGauges(registers: Registry[]): void {
    const snap = () => this.snap.queues ?? [];
    new Gauge({
      name: 'anxiao_job_queue_depth',
      help: 'Jobs per queue: due (waiting for a slot), waiting (due later), running',
      labelNames: ['queue', 'state'],
      registers,
      collect() {
        for (const s of snap()) {
          this.set({ queue: s.queue, state: 'due' }, s.due);
          this.set({ queue: s.queue, state: 'waiting' }, s.waiting);
          this.set({ queue: s.queue, state: 'running' }, s.running);
        }
      },
    });
    new Gauge({
      name: 'anxiao_job_queue_oldest_due_seconds',
      help: 'How long the oldest due job of a queue has been waiting (0 when none is due)',
      labelNames: ['queue'],
      registers,
      collect() {
        for (const s of snap()) this.set({ queue: s.queue }, s.oldestDueSeconds);
      },
    });
    new Gauge({
      name: 'anxiao_job_queue_concurrency',
      help: 'Jobs a queue runs at once in each worker process',
      labelNames: ['queue'],
      registers,
      collect() {
        for (const s of snap()) this.set({ queue: s.queue }, s.concurrency);
      },
    });
  }
}
