import type { Actor } from './access.js';

/**
 * Signed-in sessions this process has resolved lately: session id → what authentication found
 * (the actor with its roles, links and grid positions, the session's times). Bounded in size
 * (least recently used out first) and in age (an entry older than the TTL is read again), so a
 * change nobody announced is seen within the TTL; announced changes (sign-out, a disabled account,
 * new roles or grids) drop entries at once on every process through the bus (see identity's
 * revocation listener).
 *
 * Loads of the same session that overlap share one load, and a load that started before a drop
 * is not stored: what it read may predate the change.
 */
export class ActorCache<V extends { userId: string }> {
  private readonly entries = new Map<string, { value: V; at: number }>();
  private readonly loading = new Map<string, Promise<V | null>>();
  /** bumped by every drop: a load that saw another generation at its start is not kept */
  private generation = 0;

  constructor(private readonly opts: { maxEntries: number; ttlMs: number; now?: () => number }) {}

  private now(): number {
    return this.opts.now?.() ?? Date.now();
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (this.now() - hit.at >= this.opts.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit.value;
  }

  /** The cached value, or one load shared by every caller asking meanwhile. */
  async getOrLoad(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const hit = this.get(key);
    if (hit) return hit;
    const running = this.loading.get(key);
    if (running) return running;
    const gen = this.generation;
    const p = load().then(
      (value) => {
        if (this.loading.get(key) === p) this.loading.delete(key);
        if (value && gen === this.generation) this.set(key, value);
        return value;
      },
      (err: unknown) => {
        if (this.loading.get(key) === p) this.loading.delete(key);
        throw err;
      },
    );
    this.loading.set(key, p);
    return p;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.now() });
    while (this.entries.size > this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** Forget one session (signed out). */
  dropKey(key: string): void {
    this.generation++;
    this.entries.delete(key);
    this.loading.delete(key);
  }

  /** Forget every session of a user (disabled, new roles, new password). */
  dropUser(userId: string): void {
    this.generation++;
    for (const [key, e] of this.entries) if (e.value.userId === userId) this.entries.delete(key);
    this.loading.clear();
  }

  /** Forget everything (the organisation tree, its links or the grids changed). */
  clear(): void {
    this.generation++;
    this.entries.clear();
    this.loading.clear();
  }
}

/** What authentication keeps per session: the actor (without the request's address) and its times. */
export interface CachedSession {
  sessionId: string;
  userId: string;
  actor: Actor;
  csrfToken: string;
  expiresAt: Date;
  lastSeenAt: Date;
}
