/** An event as it travels on the bus, after the relay gave it its delivery sequence number. */
export interface BusEvent {
  id: string;
  seq: number;
  type: string;
  payload: unknown;
  orgId: string | null;
  /** path of orgId in the organisation tree, for scope checks without another query */
  orgPath: string | null;
  gridId: string | null;
  /** path of gridId in the grid tree: grid leaders and workers receive their grids' events */
  gridPath?: string | null;
  userId: string | null;
  actorId: string | null;
  occurredAt: string;
}

/**
 * The bus port. It carries committed events to every process (realtime fan-out, waking
 * consumers). Durable reactions do not depend on it: they read the outbox by sequence (see
 * consumers.ts), so a bus message lost in a crash delays a reaction but never drops it.
 */
export interface EventBus {
  readonly kind: 'memory' | 'nats';
  start(): Promise<void>;
  publish(events: BusEvent[]): Promise<void>;
  /** every process receives every event published by any process */
  subscribe(handler: (e: BusEvent) => void): () => void;
  close(): Promise<void>;
  /** whether this process reaches the bus now (readiness) */
  isConnected(): boolean;
}

/** The embedded bus: one process, delivery by function call. */
export class MemoryBus implements EventBus {
  readonly kind = 'memory' as const;
  private handlers = new Set<(e: BusEvent) => void>();
  async start(): Promise<void> {}
  async publish(events: BusEvent[]): Promise<void> {
    for (const e of events) for (const h of this.handlers) safeCall(h, e);
  }
  subscribe(handler: (e: BusEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  async close(): Promise<void> {
    this.handlers.clear();
  }
  isConnected(): boolean {
    return true;
  }
}

export function safeCall(h: (e: BusEvent) => void, e: BusEvent): void {
  try {
    h(e);
  } catch {
    // A subscriber's failure must not stop delivery to the others; subscribers log their own errors.
  }
}
