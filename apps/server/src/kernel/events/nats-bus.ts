import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, DeliverPolicy, type ConsumerMessages } from '@nats-io/jetstream';
import type { Logger } from '../logger.js';
import { safeCall, type BusEvent, type EventBus } from './bus.js';

const STREAM = 'ANXIAO_EVENTS';
const SUBJECT_PREFIX = 'anxiao.events.';

/**
 * NATS JetStream bus for several API processes. The relay publishes each event with its id as
 * the message id (JetStream drops a duplicate within the window); every process reads the
 * stream through its own ordered consumer starting at "new", which NATS resumes after a
 * reconnect without gaps.
 */
export class NatsBus implements EventBus {
  readonly kind = 'nats' as const;
  private nc: NatsConnection | null = null;
  private messages: ConsumerMessages | null = null;
  private handlers = new Set<(e: BusEvent) => void>();

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.nc = await connect({ servers: this.url, name: `anxiao-${process.pid}`, maxReconnectAttempts: -1 });
    const jsm = await jetstreamManager(this.nc);
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
    const js = jetstream(this.nc);
    const consumer = await js.consumers.get(STREAM, { deliver_policy: DeliverPolicy.New });
    this.messages = await consumer.consume();
    void this.pump(this.messages);
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    try {
      for await (const m of messages) {
        let e: BusEvent;
        try {
          e = m.json<BusEvent>();
        } catch (err) {
          this.log.warn({ err }, 'nats bus: unreadable message dropped');
          continue;
        }
        for (const h of this.handlers) safeCall(h, e);
      }
    } catch (err) {
      this.log.error({ err }, 'nats bus: consumer stopped');
    }
  }

  async publish(events: BusEvent[]): Promise<void> {
    if (!this.nc) throw new Error('nats bus not started');
    const js = jetstream(this.nc);
    await Promise.all(
      events.map((e) =>
        js.publish(`${SUBJECT_PREFIX}${e.type}`, JSON.stringify(e), { msgID: `${e.id}:${e.seq}` }),
      ),
    );
  }

  subscribe(handler: (e: BusEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
    await this.nc?.drain().catch(() => undefined);
    this.nc = null;
  }
}
