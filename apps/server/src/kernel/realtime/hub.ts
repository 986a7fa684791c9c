import type { WebSocket } from 'ws';
import { pathInScope, scopeFor, type Actor, type Permission } from '../access/index.js';
import type { Db } from '../db.js';
import type { BusEvent, EventBus } from '../events/index.js';
import { lastEventSeq, readEventsAfter } from '../events/index.js';
import type { Logger } from '../logger.js';

/** What a client receives. Mirrors packages/contracts' RealtimeMessage. */
type Outgoing =
  | { type: 'ready'; lastSeq: number }
  | { type: 'event'; event: Omit<BusEvent, 'orgPath'> }
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
    this.unsubscribe = this.bus.subscribe((e) => {
      for (const c of this.clients) this.deliver(c, e);
    });
    this.sweep = setInterval(() => void this.checkSessions(), checkEveryMs);
    this.sweep.unref();
  }

  async checkSessions(): Promise<void> {
    for (const c of [...this.clients]) {
      const ok = await this.sessionCheck(c.actor).catch(() => true);
      if (!ok) c.socket.close(4401, 'session ended');
    }
  }

  get size(): number {
    return this.clients.size;
  }

  visible(actor: Actor, e: BusEvent): boolean {
    if (e.userId) return actor.userId === e.userId;
    const perm = this.permissions.get(e.type);
    if (!perm || !e.orgPath) return false;
    const scope = scopeFor(actor, perm);
    return scope !== null && pathInScope(scope, e.orgPath);
  }

  async attach(socket: WebSocket, actor: Actor, after: number | null): Promise<void> {
    const client: Client = { socket, actor, pending: [], lastSeq: 0, sentIds: new Set() };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
    try {
      const head = await lastEventSeq(this.db);
      if (after === null || after > head) {
        client.lastSeq = head;
      } else if (head - after > MAX_REPLAY) {
        client.lastSeq = head;
        this.send(client, { type: 'reset', reason: 'too_far_behind' });
      } else {
        client.lastSeq = after;
        for (;;) {
          const page = await readEventsAfter(this.db, client.lastSeq, PAGE);
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

  private deliver(c: Client, e: BusEvent): void {
    if (c.pending) c.pending.push(e);
    else this.push(c, e);
  }

  private push(c: Client, e: BusEvent): void {
    if (c.sentIds.has(e.id)) return;
    if (e.seq > c.lastSeq) c.lastSeq = e.seq;
    if (!this.visible(c.actor, e)) return;
    c.sentIds.add(e.id);
    if (c.sentIds.size > 10_000) c.sentIds.clear();
    const { orgPath: _omit, ...event } = e;
    this.send(c, { type: 'event', event });
  }

  private send(c: Client, m: Outgoing): void {
    if (c.socket.readyState === c.socket.OPEN) c.socket.send(JSON.stringify(m));
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    if (this.sweep) clearInterval(this.sweep);
    for (const c of this.clients) c.socket.close(1001, 'server shutting down');
    this.clients.clear();
  }
}
