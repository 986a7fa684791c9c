import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../db.js';
import { appendEvents } from '../events/index.js';
import { newId } from '../ids.js';
import type { ChannelKind, DeliveryState, ReceiptRequest } from './channel.js';
import { notifyDeliveries } from './notify.centre.tables.js';
import { Dispatcher, UNREAD_JOB, type DispatchDeps } from './notify.dispatch.js';
import { policyFor, type Policy } from './notify.policy.js';
import { Receipts } from './notify.receipts.js';
import { Digest } from './notify.digest.js';
import { NotifyRecords } from './notify.records.js';
import { NotifySettings } from './notify.settings.js';
import { announce, furthest, moveDeliveries, type Change } from './notify.state.js';
import { NotificationInbox } from './notify.inbox.js';
import { NOTIFICATION_CREATED, type Notice, type NotificationPort } from './notify.js';
import { notifications } from './notify.tables.js';

const DELIVERED: DeliveryState = 'delivered';
const QUEUED: DeliveryState = 'queued';

export interface NotifyResult {
  /** one per person (a person named twice hears it once) */
  notificationIds: string[];
  /** the deliveries the policy started at once (in-app and, for alarms, voice and SMS) */
  deliveryIds: string[];
}

export interface Subject {
  type: string;
  id: string;
}

/**
 * The notification centre (decision 0019): the port every module calls. `notify` writes the
 * notifications and their deliveries in the caller's transaction and enqueues their sends; the
 * inbox (list, mark read) is the in-app side: reading there moves the in-app deliveries to read.
 */
export class NotificationCentre implements NotificationPort {
  /** each person's inbox: list, unread counts, mark read */
  readonly inbox: NotificationInbox;
  readonly dispatcher: Dispatcher;
  readonly receipts: Receipts;
  /** 发送记录 */
  readonly records: NotifyRecords;
  /** a person's own settings and the provider templates */
  readonly settings: NotifySettings;
  /** the daily digest of normal and digest items */
  readonly digest: Digest;

  constructor(private readonly deps: DispatchDeps) {
    this.inbox = new NotificationInbox(deps.db, deps.clock);
    // Reading in the inbox moves the in-app delivery to read (and stops an urgent item's SMS).
    this.inbox.onRead = async (tx, ids) => {
      await moveDeliveries(tx, deps.clock, await this.inappOf(tx, ids), 'read', [
        'queued',
        'sent',
        'delivered',
      ]);
    };
    this.dispatcher = new Dispatcher(deps);
    this.receipts = new Receipts(deps, this.dispatcher);
    this.records = new NotifyRecords(deps, this.dispatcher);
    this.settings = new NotifySettings(deps);
    this.digest = new Digest(deps);
  }

  async notify(ex: Executor, n: Notice): Promise<NotifyResult> {
    const { clock, cfg } = this.deps;
    const now = clock.now();
    const severity = n.severity ?? 'normal';
    const policy = this.configured(policyFor(severity, cfg));
    const rows = [...new Set(n.userIds)].map((userId) => ({
      id: newId(),
      userId,
      orgId: n.orgId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link ?? null,
      data: n.data ?? null,
      severity,
      subjectType: n.subject?.type ?? null,
      subjectId: n.subject?.id ?? null,
      createdAt: now,
    }));
    if (!rows.length) return { notificationIds: [], deliveryIds: [] };
    await ex.insert(notifications).values(rows);
    const deliveries = rows.flatMap((r) =>
      policy.now.map((channel) => ({
        id: newId(),
        notificationId: r.id,
        userId: r.userId,
        orgId: r.orgId,
        channel,
        // In-app: the row in the inbox (and the push to open consoles) is the delivery.
        state: channel === 'inapp' ? DELIVERED : QUEUED,
        createdAt: now,
        updatedAt: now,
      })),
    );
    if (deliveries.length) await ex.insert(notifyDeliveries).values(deliveries);
    // Each addressed to one user: the realtime hub pushes it to that user's consoles only.
    if (policy.now.includes('inapp'))
      await appendEvents(
        ex,
        clock,
        rows.map((r) => ({
          type: NOTIFICATION_CREATED,
          payload: { id: r.id, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null },
          orgId: n.orgId,
          userId: r.userId,
        })),
      );
    await announce(
      ex,
      clock,
      deliveries.map((d): Change => ({ deliveryId: d.id, state: d.state })),
    );
    // One statement per thousand sends, not one each: a warning's chunk of a thousand people
    // makes two thousand when it is an alarm (bench/notify).
    await this.dispatcher.enqueueSends(
      ex,
      deliveries.filter((d) => d.channel !== 'inapp').map((d) => d.id),
      0,
      severity,
    );
    if (policy.ifUnread) {
      const runAt = new Date(now.getTime() + policy.ifUnread.afterMinutes * 60_000);
      await this.deps.jobs.enqueueAll(
        ex,
        rows.map((r) => ({
          queue: UNREAD_JOB,
          payload: { notificationId: r.id, channel: policy.ifUnread!.channel },
          opts: { runAt, singletonKey: r.id },
        })),
      );
    }
    return { notificationIds: rows.map((r) => r.id), deliveryIds: deliveries.map((d) => d.id) };
  }

  /**
   * The policy without the channels this installation has no provider for: a school that has not
   * set up SMS gets no SMS deliveries (nor a timeline full of failures), only what can be sent.
   */
  private configured(policy: Policy): Policy {
    const has = (c: ChannelKind) => c === 'inapp' || this.dispatcher.providersOf(c).length > 0;
    return {
      ...policy,
      now: policy.now.filter(has),
      ifUnread: policy.ifUnread && has(policy.ifUnread.channel) ? policy.ifUnread : undefined,
    };
  }

  /**
   * The person confirmed what the subject's notifications told them (a warning, an alarm): they
   * count as read and acknowledged. Returns how many of their notifications it concerned.
   */
  async acknowledge(ex: Executor, subject: Subject, userId: string): Promise<number> {
    const now = this.deps.clock.now();
    const acked = await ex
      .update(notifications)
      .set({
        acknowledgedAt: now,
        readAt: sql`coalesce(${notifications.readAt}, ${now.toISOString()}::timestamptz)`,
      })
      .where(
        and(
          eq(notifications.subjectType, subject.type),
          eq(notifications.subjectId, subject.id),
          eq(notifications.userId, userId),
          isNull(notifications.acknowledgedAt),
        ),
      )
      .returning({ id: notifications.id });
    const ids = await this.inappOf(
      ex,
      acked.map((a) => a.id),
    );
    await moveDeliveries(ex, this.deps.clock, ids, 'acknowledged', ['queued', 'sent', 'delivered', 'read']);
    return acked.length;
  }

  /**
   * Per person the furthest state their notifications about the subject reached, over every
   * channel (a warning's summary: sent, delivered, read, acknowledged).
   */
  async states(ex: Executor, subject: Subject): Promise<{ userId: string; state: DeliveryState }[]> {
    const rows = await ex
      .select({
        userId: notifications.userId,
        readAt: notifications.readAt,
        acknowledgedAt: notifications.acknowledgedAt,
        state: notifyDeliveries.state,
      })
      .from(notifications)
      .leftJoin(notifyDeliveries, eq(notifyDeliveries.notificationId, notifications.id))
      .where(and(eq(notifications.subjectType, subject.type), eq(notifications.subjectId, subject.id)));
    const per = new Map<string, DeliveryState[]>();
    for (const r of rows) {
      const list = per.get(r.userId) ?? [];
      if (r.acknowledgedAt) list.push('acknowledged');
      else if (r.readAt) list.push('read');
      list.push(r.state ?? 'queued');
      per.set(r.userId, list);
    }
    return [...per].map(([userId, states]) => ({ userId, state: furthest(states) }));
  }

  /** A provider's receipt callback (see Receipts). */
  receive(provider: string, req: ReceiptRequest) {
    return this.receipts.receive(provider, req);
  }

  private async inappOf(ex: Executor, notificationIds: string[]): Promise<string[]> {
    if (!notificationIds.length) return [];
    const r = await ex
      .select({ id: notifyDeliveries.id })
      .from(notifyDeliveries)
      .where(
        and(inArray(notifyDeliveries.notificationId, notificationIds), eq(notifyDeliveries.channel, 'inapp')),
      );
    return r.map((x) => x.id);
  }
}
