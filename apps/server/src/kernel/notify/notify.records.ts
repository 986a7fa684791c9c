import { and, asc, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { authorize, orgScopeSql, type Actor } from '../access/index.js';
import { audit } from '../audit/audit.js';
import type { ChannelKind, DeliveryState, Severity } from './channel.js';
import { errors } from '../errors.js';
import { notifyAttempts, notifyDeliveries } from './notify.centre.tables.js';
import type { DispatchDeps, Dispatcher } from './notify.dispatch.js';
import { moveDeliveries } from './notify.state.js';
import { notifications } from './notify.tables.js';

export interface RecordFilter {
  state?: DeliveryState;
  channel?: ChannelKind;
  severity?: Severity;
  kind?: string;
  userId?: string;
  subjectType?: string;
  subjectId?: string;
  /** China dates, inclusive */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

const userName = sql<
  string | null
>`(select u.display_name from users u where u.id = ${notifyDeliveries.userId})`;

const CHINA = '+08:00';

/**
 * 发送记录: every delivery within the reader's organisations (a delivery belongs to the
 * organisation of its notification), with its attempts in order: the failover path taken.
 */
export class NotifyRecords {
  constructor(
    private readonly d: DispatchDeps,
    private readonly dispatcher: Dispatcher,
  ) {}

  async list(actor: Actor, f: RecordFilter) {
    const scope = authorize(actor, 'notify.records');
    const where: SQL[] = [orgScopeSql(scope, notifyDeliveries.orgId)];
    if (f.state) where.push(eq(notifyDeliveries.state, f.state));
    if (f.channel) where.push(eq(notifyDeliveries.channel, f.channel));
    if (f.severity) where.push(eq(notifications.severity, f.severity));
    if (f.kind) where.push(eq(notifications.kind, f.kind));
    if (f.userId) where.push(eq(notifyDeliveries.userId, f.userId));
    if (f.subjectType) where.push(eq(notifications.subjectType, f.subjectType));
    if (f.subjectId) where.push(eq(notifications.subjectId, f.subjectId));
    if (f.from) where.push(gte(notifyDeliveries.createdAt, new Date(`${f.from}T00:00:00${CHINA}`)));
    if (f.to)
      where.push(
        lt(notifyDeliveries.createdAt, new Date(new Date(`${f.to}T00:00:00${CHINA}`).getTime() + 86_400_000)),
      );
    const cond = and(...where);
    const [items, [total]] = await Promise.all([
      this.d.db
        .select(this.columns())
        .from(notifyDeliveries)
        .innerJoin(notifications, eq(notifications.id, notifyDeliveries.notificationId))
        .where(cond)
        .orderBy(desc(notifyDeliveries.createdAt), asc(notifyDeliveries.id))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.d.db
        .select({ n: count() })
        .from(notifyDeliveries)
        .innerJoin(notifications, eq(notifications.id, notifyDeliveries.notificationId))
        .where(cond),
    ]);
    return { items, total: total?.n ?? 0 };
  }

  async get(actor: Actor, id: string) {
    const scope = authorize(actor, 'notify.records');
    const [row] = await this.d.db
      .select(this.columns())
      .from(notifyDeliveries)
      .innerJoin(notifications, eq(notifications.id, notifyDeliveries.notificationId))
      .where(and(eq(notifyDeliveries.id, id), orgScopeSql(scope, notifyDeliveries.orgId)));
    if (!row) throw errors.notFound({ id });
    const attempts = await this.d.db
      .select({
        id: notifyAttempts.id,
        step: notifyAttempts.step,
        provider: notifyAttempts.provider,
        to: notifyAttempts.toMasked,
        state: notifyAttempts.state,
        providerMessageId: notifyAttempts.providerMessageId,
        code: notifyAttempts.code,
        reason: notifyAttempts.reason,
        answered: notifyAttempts.answered,
        templateCode: notifyAttempts.templateCode,
        createdAt: notifyAttempts.createdAt,
        sentAt: notifyAttempts.sentAt,
        receiptAt: notifyAttempts.receiptAt,
      })
      .from(notifyAttempts)
      .where(eq(notifyAttempts.deliveryId, id))
      .orderBy(asc(notifyAttempts.step));
    return { ...row, attempts };
  }

  /** Send a failed delivery again, from the first provider of its kind. */
  async retry(actor: Actor, id: string) {
    const record = await this.get(actor, id);
    if (record.channel === 'inapp')
      throw errors.validation({ reason: 'in-app notifications are not resent' });
    if (record.state !== 'failed') throw errors.conflict({ state: record.state });
    await this.d.db.transaction(async (tx) => {
      const [moved] = await tx
        .update(notifyDeliveries)
        .set({ retryFrom: sql`${notifyDeliveries.step}`, reason: null })
        .where(and(eq(notifyDeliveries.id, id), eq(notifyDeliveries.state, 'failed')))
        .returning({ step: notifyDeliveries.step });
      if (!moved) throw errors.conflict({ id });
      await moveDeliveries(tx, this.d.clock, [id], 'queued', ['failed']);
      await this.dispatcher.enqueueSend(tx, id, moved.step, record.severity);
      await audit(tx, this.d.clock, actor, {
        action: 'notify.retry',
        targetType: 'notify_delivery',
        targetId: id,
        orgId: record.orgId,
        details: { channel: record.channel, kind: record.kind },
      });
    });
    return this.get(actor, id);
  }

  private columns() {
    return {
      id: notifyDeliveries.id,
      notificationId: notifyDeliveries.notificationId,
      userId: notifyDeliveries.userId,
      userName,
      orgId: notifyDeliveries.orgId,
      kind: notifications.kind,
      title: notifications.title,
      severity: notifications.severity,
      subjectType: notifications.subjectType,
      subjectId: notifications.subjectId,
      channel: notifyDeliveries.channel,
      state: notifyDeliveries.state,
      provider: notifyDeliveries.provider,
      to: notifyDeliveries.toMasked,
      reason: notifyDeliveries.reason,
      steps: notifyDeliveries.step,
      readAt: notifications.readAt,
      acknowledgedAt: notifications.acknowledgedAt,
      createdAt: notifyDeliveries.createdAt,
      updatedAt: notifyDeliveries.updatedAt,
    };
  }
}
