import { and, desc, eq, gte, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../access/index.js';
import type { Clock } from '../clock.js';
import type { Db, Executor } from '../db.js';
import { errors } from '../errors.js';
import { appendEvent } from '../events/index.js';
import { notifications } from './notify.tables.js';

/** Pushed to the reader's own consoles when they read one (id) or several (id null), so every tab's bell agrees. */
export const NOTIFICATION_READ = 'notification.read';

/** Kinds whose prefix is this one count as alarms: marked red, counted apart on the bell. */
export const ALARM_KIND_PREFIX = 'incident.';

/** Where a page of the inbox ends: the last item's instant (microseconds, UTC) and id. */
export interface InboxCursor {
  at: string;
  id: string;
}

export interface InboxFilter {
  unread?: boolean;
  /** a kind ("hazard.overdue") or a family of kinds ("hazard" or "hazard."): that kind and those below it */
  kind?: string;
  from?: Date;
  to?: Date;
  cursor?: InboxCursor;
  limit: number;
}

/** The cursor as the client carries it: `<instant>~<id>`. */
export const formatCursor = (c: InboxCursor) => `${c.at}~${c.id}`;

/** The kind filter: "hazard" and "hazard." mean every hazard.* kind; "hazard.overdue" that one (and below). */
function kindSql(kind: string): SQL {
  if (kind.endsWith('.')) return sql`starts_with(${notifications.kind}, ${kind})`;
  return or(eq(notifications.kind, kind), sql`starts_with(${notifications.kind}, ${`${kind}.`})`)!;
}

/**
 * The read side of the in-app channel: a person's inbox. Every query is bounded by the signed-in
 * user's own id, which is the whole of the access rule: nobody reads or marks another's rows.
 */
export class NotificationInbox {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Told, in the reading transaction, which notifications were just read (the centre moves their in-app deliveries). */
  onRead: (tx: Executor, notificationIds: string[]) => Promise<void> = async () => {};

  private owner(actor: Actor): string {
    if (!actor.userId) throw errors.unauthenticated();
    return actor.userId;
  }

  /** A page of the user's notifications, newest first, with where the next page starts and the unread counts. */
  async list(actor: Actor, f: InboxFilter) {
    const userId = this.owner(actor);
    const where = and(
      eq(notifications.userId, userId),
      f.unread ? isNull(notifications.readAt) : undefined,
      f.kind ? kindSql(f.kind) : undefined,
      f.from ? gte(notifications.createdAt, f.from) : undefined,
      f.to ? lt(notifications.createdAt, f.to) : undefined,
      f.cursor
        ? sql`(${notifications.createdAt}, ${notifications.id}) < (${f.cursor.at}::timestamptz, ${f.cursor.id}::uuid)`
        : undefined,
    );
    const [rows, counts] = await Promise.all([
      this.db
        .select({
          id: notifications.id,
          kind: notifications.kind,
          title: notifications.title,
          body: notifications.body,
          link: notifications.link,
          createdAt: notifications.createdAt,
          readAt: notifications.readAt,
          // The cursor keeps the database's own microseconds: a JavaScript Date has milliseconds only.
          cursorAt: sql<string>`to_char(${notifications.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
        })
        .from(notifications)
        .where(where)
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(f.limit + 1),
      this.countUnread(userId),
    ]);
    const page = rows.slice(0, f.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(({ cursorAt: _, ...item }) => ({
        ...item,
        alarm: item.kind.startsWith(ALARM_KIND_PREFIX),
      })),
      nextCursor: rows.length > f.limit && last ? formatCursor({ at: last.cursorAt, id: last.id }) : null,
      ...counts,
    };
  }

  /** How many are unread, and how many of those are alarms: what the bell shows. */
  async unreadCount(actor: Actor) {
    return this.countUnread(this.owner(actor));
  }

  private async countUnread(userId: string): Promise<{ unread: number; unreadAlarms: number }> {
    // Served by the partial index on unread rows: cheap however long the user's history is.
    const [row] = await this.db
      .select({
        unread: sql<number>`count(*)::int`,
        unreadAlarms: sql<number>`(count(*) filter (where starts_with(${notifications.kind}, ${ALARM_KIND_PREFIX})))::int`,
      })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    return { unread: row?.unread ?? 0, unreadAlarms: row?.unreadAlarms ?? 0 };
  }

  /** Marks one read (again is fine); someone else's, or none, answers 404. */
  async markRead(actor: Actor, id: string): Promise<void> {
    const userId = this.owner(actor);
    const marked = await this.db.transaction(async (tx) => {
      const r = await tx
        .update(notifications)
        .set({ readAt: this.clock.now() })
        .where(and(eq(notifications.id, id), eq(notifications.userId, userId), isNull(notifications.readAt)))
        .returning({ kind: notifications.kind });
      if (r.length) await this.onRead(tx, [id]);
      if (r.length)
        await appendEvent(tx, this.clock, {
          type: NOTIFICATION_READ,
          payload: { id, kind: r[0]!.kind, count: 1 },
          userId,
          actorId: userId,
        });
      return r.length > 0;
    });
    if (marked) return;
    const [exists] = await this.db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
    if (!exists) throw errors.notFound({ id });
  }

  /**
   * Marks every unread one read (of a kind or family when given), up to `before` when given: a
   * notification that arrived after the list the user looked at stays unread.
   */
  async markAllRead(actor: Actor, opts: { kind?: string; before?: Date }): Promise<{ marked: number }> {
    const userId = this.owner(actor);
    return this.db.transaction(async (tx) => {
      const r = await tx
        .update(notifications)
        .set({ readAt: this.clock.now() })
        .where(
          and(
            eq(notifications.userId, userId),
            isNull(notifications.readAt),
            opts.kind ? kindSql(opts.kind) : undefined,
            opts.before ? lte(notifications.createdAt, opts.before) : undefined,
          ),
        )
        .returning({ id: notifications.id });
      if (r.length)
        await this.onRead(
          tx,
          r.map((x) => x.id),
        );
      if (r.length)
        await appendEvent(tx, this.clock, {
          type: NOTIFICATION_READ,
          payload: { id: null, kind: opts.kind ?? null, count: r.length },
          userId,
          actorId: userId,
        });
      return { marked: r.length };
    });
  }
}
