import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db.js';
import { appendEvents } from '../events/index.js';
import { newId } from '../ids.js';
import type { Severity } from './channel.js';
import { NotificationInbox } from './notify.inbox.js';
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
  notify(ex: Executor, notice: Notice): Promise<void>;
}

export const NOTIFICATION_CREATED = 'notification.created';

export class InAppNotifications implements NotificationPort {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.inbox = new NotificationInbox(this.db, this.clock);
  }

  /** The read side: each person's inbox (list, unread counts, mark read). */
  readonly inbox: NotificationInbox;

  async notify(ex: Executor, n: Notice): Promise<void> {
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
}
