import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../access/index.js';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db.js';
import { errors } from '../errors.js';
import { appendEvents } from '../events/index.js';
import { newId } from '../ids.js';
import type { Severity } from './channel.js';
import { notifications } from './notify.tables.js';

export interface Notice {
  userIds: string[];
  orgId: string | null;
  kind: string;
  title: string;
  body: string;
  link?: string;
  data?: Record<string, unknown>;
  /** how loud: the centre's policy for it picks the channels (default normal) */
  severity?: Severity;
  /** the object it is about (an incident, a hazard, a request, a warning), for its timeline and receipts */
  subject?: { type: string; id: string };
}

/**
 * The notification port: modules say who should hear what; an adapter delivers it. In-app now
 * (a row per user and a push to their open consoles); SMS and IM adapters implement the same.
 */
export interface NotificationPort {
  /** deliver within the caller's transaction (nothing is sent if it rolls back) */
  notify(ex: Executor, notice: Notice): Promise<unknown>;
}

export const NOTIFICATION_CREATED = 'notification.created';

export class InAppNotifications implements NotificationPort {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async notify(ex: Executor, n: Notice): Promise<unknown> {
    const now = this.clock.now();
    const rows = [...new Set(n.userIds)].map((userId) => ({
      id: newId(),
      userId,
      orgId: n.orgId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
      data: n.data ?? null,
      createdAt: now,
    }));
    if (!rows.length) return;
    await ex.insert(notifications).values(rows);
    // Each addressed to one user: the realtime hub pushes it to that user's consoles only.
    await appendEvents(
      ex,
      this.clock,
      rows.map((r) => ({
        type: NOTIFICATION_CREATED,
        payload: { id: r.id, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null },
        orgId: n.orgId,
        userId: r.userId,
      })),
    );
  }

  /** The signed-in user's own notifications, unread first. */
  async list(actor: Actor) {
    if (!actor.userId) throw errors.unauthenticated();
    const rows = await this.db
      .select()
      .from(notifications)
      .where(eq(notifications.userId, actor.userId))
      .orderBy(desc(notifications.createdAt))
      .limit(100);
    return { items: rows, unread: rows.filter((r) => !r.readAt).length };
  }

  async markRead(actor: Actor, id: string): Promise<void> {
    if (!actor.userId) throw errors.unauthenticated();
    const r = await this.db
      .update(notifications)
      .set({ readAt: this.clock.now() })
      .where(
        and(eq(notifications.id, id), eq(notifications.userId, actor.userId), isNull(notifications.readAt)),
      )
      .returning({ id: notifications.id });
    if (!r.length) {
      const [exists] = await this.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId)));
      if (!exists) throw errors.notFound({ id });
    }
  }
}
