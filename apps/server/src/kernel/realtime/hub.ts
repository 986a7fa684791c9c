import type { WebSocket } from 'ws';
import { gridInScope, scopeFor, type Actor, type Permission, type Scope } from '../access/index.js';
import type { Db } from '../db.js';
import type { BusEvent, EventBus } from '../events/index.js';
import { lastEventSeq, readEventsAfter } from '../events/index.js';
import type { Logger } from '../logger.js';

/** What a client receives. Mirrors packages/contracts' RealtimeMessage. */
type Outgoing =
  | { type: 'ready'; lastSeq: number }
  | { type: 'event'; event: Omit<BusEvent, 'orgPath' | 'gridPath'> }
  | { type: 'reset'; reason: 'too_far_behind' };

const MAX_REPLAY = 5000;
const PAGE = 500;

interface Client {
  socket: WebSocket;
  actor: Actor;
  /** events that arrived live while the replay ran */
  pending: BusEvent[] | null;
  lastSeq: number;
  sentIds: Set<string>;
  /** the actor's scope per permission: fixed for the socket's life (new roles close it) */
  scopes: Map<Permission, Scope | null>;
}

/**
 * Pushes events to the WebSocket clients of this process. Each event type is pushed only to
 * actors holding its read permission over the event's organisation (or to the one user of a
 * personal event). A client reconnecting with ?after=N first gets what it missed from the
 * outbox, then live events, with nothing lost or doubled at the seam.
 */
export class RealtimeHub {
  private clients = new Set<Client>();
  private readonly permissions = new Map<string, Permission>();
  private unsubscribe: (() => void) | null = null;
  private sweep: NodeJS.Timeout | null = null;
  private sessionCheck: (actor: Actor) => Promise<boolean> = async () => true;
  /** consoles attaching in the same turn (a reconnect storm) share the outbox reads */
  private readonly heads = new SharedReads(() => lastEventSeq(this.db));
  /**
   * The highest sequence this hub has handed to its clients (null until known): what a console
   * attaching now has seen once it is `ready`. Events come off the bus in sequence order, so every
   * later one reaches the new console live; no outbox read is needed per console.
   */
  private head: number | null = null;
  private readonly pages = new SharedReads((after: number) => readEventsAfter(this.db, after, PAGE));
  /** called for each event written to a console (metrics: an alarm's raise-to-ring time) */
  onPush: ((e: BusEvent) => void) | null = null;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly log: Logger,
  ) {}

  /** Declare who may receive an event type. Types not declared are never pushed. */
  declare(type: string, permission: Permission): void {
    this.permissions.set(type, permission);
  }

  /**
   * How to tell whether a connected actor's session is still valid. An open console counts as in
   * use (a security room watches all night without clicking), so the check also keeps the session
   * alive; the absolute expiry and a disabled account still end it.
   */
  checkSessionsWith(fn: (actor: Actor) => Promise<boolean>): void {
    this.sessionCheck = fn;
  }

  start(checkEveryMs = 60_000): void {
    // Written to the sockets on the next turn, not inside the publisher's call (the relay's
    // transaction): the callbacks run in order, so events keep their sequence. One JSON text per
    // event, whatever the number of consoles.
    this.unsubscribe = this.bus.subscribe((e) => {
      setImmediate(() => {
        if (this.head === null || e.seq > this.head) this.head = e.seq;
        const frame = lazyFrame(e);
        for (const c of this.clients) this.deliver(c, e, frame);
      });
    });
    this.sweep = setInterval(() => void this.checkSessions(), checkEveryMs);
    this.sweep.unref();
  }

  /**
   * Check each session once, however many sockets it has open (a security room's wall of screens),
   * yielding between checks so that pushes and requests are not held up behind them.
   */
  async checkSessions(): Promise<void> {
    const bySession = new Map<string, Client[]>();
    for (const c of this.clients) {
      const key = c.actor.sessionId ?? `user:${c.actor.userId}`;
      bySession.set(key, [...(bySession.get(key) ?? []), c]);
    }
    for (const clients of bySession.values()) {
      const ok = await this.sessionCheck(clients[0]!.actor).catch(() => true);
      if (!ok) for (const c of clients) c.socket.close(4401, 'session ended');
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  get size(): number {
    return this.clients.size;
  }

  visible(actor: Actor, e: BusEvent, scopes?: Map<Permission, Scope | null>): boolean {
    if (e.userId) return actor.userId === e.userId;
    const perm = this.permissions.get(e.type);
    if (!perm || (!e.orgPath && !e.gridPath)) return false;
    let scope = scopes?.get(perm);
    if (scope === undefined) {
      scope = scopeFor(actor, perm);
      scopes?.set(perm, scope);
    }
    // By organisation, or (grid-bound events) by a grid the actor leads or works in.
    return scope !== null && gridInScope(scope, e.orgPath ?? '', e.gridPath ?? '');
  }

  async attach(socket: WebSocket, actor: Actor, after: number | null): Promise<void> {
    const client: Client = {
      socket,
      actor,
      pending: [],
      lastSeq: 0,
      sentIds: new Set(),
      scopes: new Map(),
    };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
    try {
      const head = this.head ?? (await this.firstHead());
      // Nothing missed (the usual reconnect): no outbox read; what comes next arrives live.
      if (after === null || after >= head) {
        client.lastSeq = head;
      } else if (head - after > MAX_REPLAY) {
        client.lastSeq = head;
        this.send(client, { type: 'reset', reason: 'too_far_behind' });
      } else {
        client.lastSeq = after;
        for (;;) {
          const page = await this.pages.get(client.lastSeq);
          for (const e of page) this.push(client, e);
          if (page.length < PAGE) break;
        }
      }
      const buffered = client.pending ?? [];
      client.pending = null;
      for (const e of buffered) this.push(client, e);
      this.send(client, { type: 'ready', lastSeq: client.lastSeq });
    } catch (err) {
      this.log.error({ err }, 'realtime: replay failed');
      socket.close(1011, 'replay failed');
    }
  }

  /** Before the first event: the outbox's head (events that came meanwhile may be past it). */
  private async firstHead(): Promise<number> {
    const read = await this.heads.get(0);
    // Kept only while events keep it current (started).
    if (!this.unsubscribe) return read;
    this.head = Math.max(this.head ?? 0, read);
    return this.head;
  }

  /**
   * Close this process's sockets of a user (disabled account, password reset, new roles), except
   * those of `keepSessionId`. Other processes close theirs at their next session check.
   */
  disconnectUser(userId: string, code = 4401, keepSessionId?: string): void {
    for (const c of this.clients) {
      if (c.actor.userId === userId && c.actor.sessionId !== keepSessionId)
        c.socket.close(code, 'session ended');
    }
  }

  /** Close the sockets of one session (sign-out): the user's other devices stay connected. */
  disconnectSession(sessionId: string): void {
    for (const c of this.clients) if (c.actor.sessionId === sessionId) c.socket.close(4401, 'session ended');
  }

  private deliver(c: Client, e: BusEvent, frame: () => string): void {
    if (c.pending) c.pending.push(e);
    else this.push(c, e, frame);
  }

  private push(c: Client, e: BusEvent, frame = lazyFrame(e)): void {
    if (c.sentIds.has(e.id)) return;
    if (e.seq > c.lastSeq) c.lastSeq = e.seq;
    if (!this.visible(c.actor, e, c.scopes)) return;
    c.sentIds.add(e.id);
    if (c.sentIds.size > 10_000) c.sentIds.clear();
    this.write(c, frame());
    this.onPush?.(e);
  }

  private send(c: Client, m: Outgoing): void {
    this.write(c, JSON.stringify(m));
  }

  private write(c: Client, text: string): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(text);
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    if (this.sweep) clearInterval(this.sweep);
    for (const c of this.clients) c.socket.close(1001, 'server shutting down');
    this.clients.clear();
  }
}

/**
 * Reads asked for within one turn of the event loop share one query. A read already under way is
 * never joined: it may predate the asker's subscription, and what it misses would be lost.
 */
class SharedReads<K, V> {
  private readonly next = new Map<K, Promise<V>>();
  constructor(private readonly read: (key: K) => Promise<V>) {}

  get(key: K): Promise<V> {
    let p = this.next.get(key);
    if (!p) {
      p = new Promise<V>((resolve, reject) =>
        setImmediate(() => {
          this.next.delete(key);
          this.read(key).then(resolve, reject);
        }),
      );
      this.next.set(key, p);
    }
    return p;
  }
}

/** The event as a client receives it, serialised once on first use. */
function lazyFrame(e: BusEvent): () => string {
  let text: string | undefined;
  return () => {
    if (text === undefined) {
      const { orgPath: _omit, gridPath: _omitGrid, ...event } = e;
      const m: Outgoing = { type: 'event', event };
      text = JSON.stringify(m);
    }
    return text;
  };
}
