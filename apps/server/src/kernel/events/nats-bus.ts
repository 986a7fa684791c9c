import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  jetstream,
  jetstreamManager,
  DeliverPolicy,
  type ConsumerMessages,
  type JetStreamManager,
} from '@nats-io/jetstream';
import type { Db } from '../db.js';
import type { Logger } from '../logger.js';
import { safeCall, type BusEvent, type EventBus } from './bus.js';
import { lastEventSeq, readEventsAfter } from './outbox.js';

const STREAM = 'ANXIAO_EVENTS';
const SUBJECT_PREFIX = 'anxiao.events.';
/** how often the outbox is read while the JetStream consumer is broken */
const FALLBACK_POLL_MS = 250;
/** how often a consumer that could not be recreated is tried again */
const RECREATE_RETRY_MS = 250;
const PAGE = 500;

/**
 * NATS JetStream bus for several API processes. The relay publishes each event with its id as
 * the message id (JetStream drops a duplicate within the window); every process reads the
 * stream through its own ordered consumer.
 *
 * The client's own recovery of an ordered consumer after a server restart waits for its heartbeat
 * and expiry cycle (30 s and more), and consoles would hear nothing meanwhile. So this bus watches
 * the connection itself: on a disconnect it reads the outbox directly (the events the relays of
 * other processes publish, and this one's once NATS is back), and on a reconnect it recreates the
 * consumer from the last stream sequence it saw. Both paths deliver in event order and an event at
 * or below the last delivered sequence is dropped, so the seam neither loses nor doubles.
 */
export class NatsBus implements EventBus {
  readonly kind = 'nats' as const;
  private nc: NatsConnection | null = null;
  private jsm: JetStreamManager | null = null;
  private messages: ConsumerMessages | null = null;
  private handlers = new Set<(e: BusEvent) => void>();
  /** the highest event sequence handed to the handlers */
  private lastSeq = 0;
  /** the highest stream sequence read from JetStream: a new consumer starts after it */
  private streamSeq = 0;
  private connected = false;
  /** true while the consumer works; the outbox is read while it is false */
  private consuming = false;
  private generation = 0;
  private fallbackRun = 0;
  /** publishes waiting for their acknowledgement; a disconnect fails them */
  private readonly inFlight = new Set<(err: Error) => void>();
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
    private readonly db: Db,
  ) {}

  async start(): Promise<void> {
    this.closed = false;
    this.nc = await connect({
      servers: this.url,
      name: `anxiao-${process.pid}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1000,
      // A server that went away without closing the connection (a partition) is noticed after two
      // unanswered pings: 20 s rather than the client's default of 4 minutes.
      pingInterval: 10_000,
      maxPingOut: 2,
    });
    this.connected = true;
    this.jsm = await jetstreamManager(this.nc);
    await this.ensureStream();
    // Read before the consumer exists: whatever is published from here on has a higher sequence.
    this.lastSeq = await lastEventSeq(this.db);
    this.streamSeq = (await this.jsm.streams.info(STREAM)).state.last_seq;
    await this.openConsumer();
    void this.watch(this.nc);
  }

  /** Whether this process can reach NATS (readiness). */
  isConnected(): boolean {
    return this.connected && !this.closed;
  }

  private async ensureStream(): Promise<void> {
    const jsm = this.jsm!;
    try {
      await jsm.streams.info(STREAM);
    } catch {
      await jsm.streams.add({
        name: STREAM,
        subjects: [`${SUBJECT_PREFIX}>`],
        max_age: 7 * 24 * 3600 * 1e9,
        duplicate_window: 10 * 60 * 1e9,
      });
    }
  }

  private async watch(nc: NatsConnection): Promise<void> {
    for await (const s of nc.status()) {
      if (this.closed) return;
      if (s.type === 'disconnect') {
        this.connected = false;
        for (const abandon of this.inFlight) abandon(new Error('nats bus: disconnected while publishing'));
        this.broken('disconnected from NATS');
      } else if (s.type === 'reconnect') {
        this.connected = true;
        this.log.warn('nats bus: reconnected; recreating the consumer');
        void this.recreate();
      }
    }
  }

  /** Stop trusting the consumer: deliver from the outbox until a new one works. */
  private broken(why: string): void {
    this.generation++;
    const old = this.messages;
    this.messages = null;
    void old?.close().catch(() => undefined);
    if (this.consuming) this.log.warn(`nats bus: ${why}; delivering from the outbox meanwhile`);
    this.consuming = false;
    this.startFallback();
  }

  private async recreate(): Promise<void> {
    this.broken('consumer interrupted');
    const gen = this.generation;
    while (!this.closed && gen === this.generation && this.connected) {
      try {
        await this.ensureStream();
        const info = await this.jsm!.streams.info(STREAM);
        // A stream that was lost and made anew starts its sequence again.
        if (info.state.last_seq < this.streamSeq) this.streamSeq = Math.max(0, info.state.first_seq - 1);
        if (await this.openConsumer(gen)) {
          this.log.warn({ fromStreamSeq: this.streamSeq + 1 }, 'nats bus: consumer recreated');
        }
        return;
      } catch (err) {
        this.log.debug({ err }, 'nats bus: consumer not recreated yet');
        await new Promise((r) => setTimeout(r, RECREATE_RETRY_MS));
      }
    }
  }

  /** Open an ordered consumer after the last stream sequence seen; false if superseded meanwhile. */
  private async openConsumer(gen = this.generation): Promise<boolean> {
    const js = jetstream(this.nc!);
    const consumer = await js.consumers.get(STREAM, {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: this.streamSeq + 1,
    });
    const messages = await consumer.consume();
    if (gen !== this.generation || this.closed) {
      await messages.close().catch(() => undefined);
      return false;
    }
    this.messages = messages;
    this.consuming = true;
    this.fallbackRun++;
    void this.pump(messages, gen);
    return true;
  }

  private async pump(messages: ConsumerMessages, gen: number): Promise<void> {
    try {
      for await (const m of messages) {
        if (gen !== this.generation) return;
        this.streamSeq = Math.max(this.streamSeq, m.seq);
        let e: BusEvent;
        try {
          e = m.json<BusEvent>();
        } catch (err) {
          this.log.warn({ err }, 'nats bus: unreadable message dropped');
          continue;
        }
        this.deliver(e);
      }
    } catch (err) {
      if (gen === this.generation && !this.closed) this.log.error({ err }, 'nats bus: consumer stopped');
    }
    // Ended without being asked to (the client gave the consumer up): make a new one.
    if (gen === this.generation && !this.closed && this.connected) void this.recreate();
  }

  private deliver(e: BusEvent): void {
    if (e.seq <= this.lastSeq) return;
    this.lastSeq = e.seq;
    for (const h of this.handlers) safeCall(h, e);
  }

  /** Read the outbox until the consumer works again (a new run supersedes an older one). */
  private startFallback(): void {
    if (this.closed) return;
    const run = ++this.fallbackRun;
    const live = () => run === this.fallbackRun && !this.consuming && !this.closed;
    void (async () => {
      while (live()) {
        try {
          for (;;) {
            const page = await readEventsAfter(this.db, this.lastSeq, PAGE);
            // The consumer came back while reading: from here on it delivers.
            if (!live()) return;
            for (const e of page) this.deliver(e);
            if (page.length < PAGE) break;
          }
        } catch (err) {
          this.log.debug({ err }, 'nats bus: outbox read failed');
        }
        await new Promise((r) => setTimeout(r, FALLBACK_POLL_MS));
      }
    })();
  }

  async publish(events: BusEvent[]): Promise<void> {
    if (!this.nc) throw new Error('nats bus not started');
    // Fail at once rather than buffer: a publish buffered while disconnected holds the relay until
    // it times out (5 s) after NATS is back; failing, the relay tries again at its next poll.
    if (!this.connected) throw new Error('nats bus: not connected');
    const js = jetstream(this.nc);
    let abandon: (err: Error) => void = () => undefined;
    const lost = new Promise<never>((_, reject) => (abandon = reject));
    this.inFlight.add(abandon);
    try {
      // A publish caught by a disconnect fails with it too, not 5 s later by its own timeout.
      await Promise.race([
        lost,
        Promise.all(
          events.map((e) =>
            js.publish(`${SUBJECT_PREFIX}${e.type}`, JSON.stringify(e), { msgID: `${e.id}:${e.seq}` }),
          ),
        ),
      ]);
    } finally {
      this.inFlight.delete(abandon);
    }
  }

  subscribe(handler: (e: BusEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.generation++;
    this.fallbackRun++;
    await this.messages?.close().catch(() => undefined);
    await this.nc?.drain().catch(() => undefined);
    this.nc = null;
  }
}
