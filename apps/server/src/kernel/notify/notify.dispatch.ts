import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Clock } from '../clock.js';
import { rows, type Db, type Executor } from '../db.js';
import { newId } from '../ids.js';
import type { JobRunner } from '../jobs/index.js';
import type { Logger } from '../logger.js';
import type { ChannelAdapter, ChannelKind, SendResult, Severity } from './channel.js';
import { notifyAttempts, notifyContacts, notifyDeliveries, notifyPrefs } from './notify.centre.tables.js';
import { maskAddress, quietUntil, sameForEveryProvider, type NotifyConfig } from './notify.policy.js';
import { announce, countWithin, moveDeliveries, windowOf } from './notify.state.js';
import { findTemplate, renderedText, renderParams } from './notify.templates.js';
import { notifications } from './notify.tables.js';

/** Send one delivery's next attempt (default queue). */
export const SEND_JOB = 'notify.send';
/** The same for alarm severity, on the urgent queue. */
export const SEND_URGENT_JOB = 'notify.send_urgent';
/** An attempt's receipt window ran out: the next provider. */
export const RECEIPT_TIMEOUT_JOB = 'notify.receipt_timeout';
/** An urgent notification still unread after its minutes: its SMS. */
export const UNREAD_JOB = 'notify.unread';

export interface DispatchDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  jobs: JobRunner;
  cfg: NotifyConfig;
  adapters: readonly ChannelAdapter[];
}

const HOUR = 3600_000;
/** jobs per insert statement (8 parameters each, well under PostgreSQL's 65,535) */
const SEND_BATCH = 1000;
const MINUTE = 60_000;

type Failure = Extract<SendResult, { ok: false }>;

/**
 * The send side of the centre. A delivery moves by steps: attempt k (counted from the last retry)
 * uses the k-th provider of its channel kind in configuration order. Every step is claimed by a
 * compare-and-set on the delivery's `step`, so a duplicated or retried job never sends again, and
 * the attempt row and its receipt-timeout job are written before the provider is called: a worker
 * that dies mid-send is followed by the timeout, not by a second message.
 */
export class Dispatcher {
  constructor(private readonly d: DispatchDeps) {}

  providersOf(kind: ChannelKind): ChannelAdapter[] {
    return this.d.adapters.filter((a) => a.kind === kind);
  }

  /** Enqueue the send of a delivery's step (alarm severity on the urgent queue). */
  async enqueueSend(ex: Executor, deliveryId: string, step: number, severity: Severity, runAt?: Date) {
    await this.enqueueSends(ex, [deliveryId], step, severity, runAt);
  }

  /**
   * The same for many deliveries at once, a statement per SEND_BATCH jobs (a warning's chunk of a
   * thousand people makes two thousand sends when it is an alarm).
   */
  async enqueueSends(ex: Executor, deliveryIds: string[], step: number, severity: Severity, runAt?: Date) {
    const job = severity === 'alarm' ? SEND_URGENT_JOB : SEND_JOB;
    for (let i = 0; i < deliveryIds.length; i += SEND_BATCH)
      await this.d.jobs.enqueueAll(
        ex,
        deliveryIds.slice(i, i + SEND_BATCH).map((deliveryId) => ({
          queue: job,
          payload: { deliveryId, step },
          opts: { singletonKey: `${deliveryId}:${step}${runAt ? `:${runAt.toISOString()}` : ''}`, runAt },
        })),
      );
  }

  async send(deliveryId: string, step: number): Promise<void> {
    const { db, clock, cfg } = this.d;
    const [row] = await db
      .select({ d: notifyDeliveries, n: notifications })
      .from(notifyDeliveries)
      .innerJoin(notifications, eq(notifications.id, notifyDeliveries.notificationId))
      .where(eq(notifyDeliveries.id, deliveryId));
    if (!row || row.d.channel === 'inapp') return;
    const { d, n } = row;
    if (d.step !== step || !(d.state === 'queued' || d.state === 'sent')) return;
    const severity = n.severity;
    const now = clock.now();

    if (step === d.retryFrom && d.state === 'queued' && severity !== 'alarm') {
      const [prefs] = await db.select().from(notifyPrefs).where(eq(notifyPrefs.userId, d.userId));
      const until = prefs ? quietUntil(now, prefs.quietFrom, prefs.quietTo) : null;
      if (until) {
        await db.transaction(async (tx) => {
          await tx.update(notifyDeliveries).set({ notBefore: until }).where(eq(notifyDeliveries.id, d.id));
          await this.enqueueSend(tx, d.id, step, severity, until);
        });
        return;
      }
    }

    const providers = this.providersOf(d.channel);
    const adapter = providers[step - d.retryFrom];
    if (!adapter) {
      // Out of providers. A delivery whose message may still arrive (sent, or its receipt only late)
      // stays sent; one never handed over, or refused by every provider, fails with the last reason.
      const tried = await db
        .select({ state: notifyAttempts.state, code: notifyAttempts.code, answered: notifyAttempts.answered })
        .from(notifyAttempts)
        .where(eq(notifyAttempts.deliveryId, d.id))
        .orderBy(asc(notifyAttempts.step));
      const mayArrive = tried.some((a) => a.state !== 'failed' || a.code === 'receipt_timeout');
      // A call that rang but was not picked up is what the last attempt says: "no answer", not an error.
      const unanswered = tried.at(-1)?.answered === false;
      if (d.state === 'queued' || !mayArrive)
        await db.transaction((tx) =>
          moveDeliveries(tx, clock, [d.id], 'failed', ['queued', 'sent'], {
            reason: d.reason ?? (providers.length ? '所有服务商均未成功' : `未配置${d.channel}服务商`),
            ...(unanswered ? { answered: false } : {}),
          }),
        );
      return;
    }
    const to = await this.addressOf(d.userId, d.channel);
    if (!to) {
      await db.transaction((tx) =>
        moveDeliveries(tx, clock, [d.id], 'failed', ['queued'], { reason: '此人未登记该渠道的地址' }),
      );
      return;
    }
    const masked = maskAddress(d.channel, to);
    const template = adapter.needsTemplate
      ? await findTemplate(db, adapter.provider, n.kind, severity)
      : null;
    const params = template
      ? renderParams(template.params, {
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          data: n.data,
        })
      : null;

    // Claim the step; count the message against the person's and the provider's limits.
    const attemptId = newId();
    const window = (adapter.receiptWindowSeconds ?? cfg.NOTIFY_RECEIPT_WINDOW_SECONDS) * 1000;
    const claim = await db.transaction(async (tx) => {
      const claimed = await tx
        .update(notifyDeliveries)
        .set({ step: step + 1, provider: adapter.provider, toMasked: masked, updatedAt: now })
        .where(and(eq(notifyDeliveries.id, d.id), eq(notifyDeliveries.step, step)))
        .returning({ id: notifyDeliveries.id });
      if (!claimed.length) return null;
      let refusal: Failure | null = null;
      if (adapter.needsTemplate && !template)
        refusal = {
          ok: false,
          retryable: false,
          code: 'no_template',
          reason: `未配置模板：${adapter.provider} / ${n.kind}（${severity}）`,
        };
      else if (
        step === d.retryFrom &&
        severity !== 'alarm' &&
        !(await countWithin(tx, `user:${d.userId}`, windowOf(now, HOUR), cfg.NOTIFY_RECIPIENT_PER_HOUR))
      )
        refusal = {
          ok: false,
          retryable: false,
          code: 'recipient_rate_limited',
          reason: `超过每人每小时 ${cfg.NOTIFY_RECIPIENT_PER_HOUR} 条的限制`,
        };
      else if (
        !(await countWithin(
          tx,
          `provider:${adapter.provider}`,
          windowOf(now, MINUTE),
          cfg.NOTIFY_PROVIDER_PER_MINUTE,
        ))
      ) {
        // The last provider of its kind is full this minute: the message waits for the next
        // minute rather than fail (a school-wide alarm must still reach everyone, only later).
        if (!providers[step + 1 - d.retryFrom]) {
          await tx.update(notifyDeliveries).set({ step }).where(eq(notifyDeliveries.id, d.id));
          await this.enqueueSend(
            tx,
            d.id,
            step,
            severity,
            new Date(windowOf(now, MINUTE).getTime() + MINUTE),
          );
          return null;
        }
        refusal = {
          ok: false,
          retryable: true,
          code: 'provider_rate_limited',
          reason: `${adapter.provider} 超过每分钟 ${cfg.NOTIFY_PROVIDER_PER_MINUTE} 条的限制`,
        };
      }
      await tx.insert(notifyAttempts).values({
        id: attemptId,
        deliveryId: d.id,
        step: step + 1,
        provider: adapter.provider,
        toMasked: masked,
        state: refusal ? 'failed' : 'sending',
        code: refusal?.code ?? null,
        reason: refusal?.reason ?? null,
        templateCode: template?.code ?? null,
        createdAt: now,
      });
      if (!refusal)
        await this.d.jobs.enqueue(
          tx,
          RECEIPT_TIMEOUT_JOB,
          { attemptId },
          { singletonKey: attemptId, runAt: new Date(now.getTime() + window) },
        );
      return { refusal };
    });
    if (!claim) return;
    if (claim.refusal) {
      await this.afterFailure(
        d.id,
        step + 1,
        severity,
        claim.refusal,
        claim.refusal.code !== 'recipient_rate_limited',
      );
      return;
    }

    let result: SendResult;
    try {
      result = await adapter.send({
        attemptId,
        to,
        ...(template && params ? { template: { code: template.code, params } } : {}),
        title: n.title,
        body: params ? renderedText(params) : n.body,
        ...(n.link && cfg.NOTIFY_CONSOLE_URL
          ? { url: new URL(n.link, cfg.NOTIFY_CONSOLE_URL).toString() }
          : {}),
      });
    } catch (err) {
      this.d.log.error({ err, provider: adapter.provider }, 'notify: adapter threw');
      result = {
        ok: false,
        retryable: true,
        code: 'adapter_error',
        reason: (err as Error).message.slice(0, 300),
      };
    }
    if (!result.ok) {
      await db.transaction(async (tx) => {
        await tx
          .update(notifyAttempts)
          .set({ state: 'failed', code: result.code, reason: result.reason.slice(0, 500) })
          .where(and(eq(notifyAttempts.id, attemptId), eq(notifyAttempts.state, 'sending')));
        await this.d.jobs.cancel(tx, RECEIPT_TIMEOUT_JOB, attemptId);
      });
      await this.afterFailure(d.id, step + 1, severity, result, !sameForEveryProvider(result));
      return;
    }
    const ok = result;
    await db.transaction(async (tx) => {
      // A receipt may have come first (the provider echoed our attempt id): keep its state.
      await tx
        .update(notifyAttempts)
        .set({
          providerMessageId: ok.providerMessageId,
          sentAt: now,
          state: sql`case when ${notifyAttempts.state} = 'sending' then 'sent' else ${notifyAttempts.state} end`,
        })
        .where(eq(notifyAttempts.id, attemptId));
      if (!ok.receiptExpected) await this.d.jobs.cancel(tx, RECEIPT_TIMEOUT_JOB, attemptId);
      await moveDeliveries(tx, clock, [d.id], 'sent', ['queued'], {
        provider: adapter.provider,
        to: masked,
      });
    });
  }

  /**
   * After an attempt failed: the next provider when it may do better, else the delivery fails
   * (only if nothing was sent before: an earlier provider's message may still arrive).
   */
  async afterFailure(deliveryId: string, failedStep: number, severity: Severity, r: Failure, next: boolean) {
    await this.d.db.transaction(async (tx) => {
      await tx
        .update(notifyDeliveries)
        .set({ reason: `${r.code}: ${r.reason}`.slice(0, 500) })
        .where(and(eq(notifyDeliveries.id, deliveryId), eq(notifyDeliveries.step, failedStep)));
      if (next) await this.enqueueSend(tx, deliveryId, failedStep, severity);
      else
        await moveDeliveries(tx, this.d.clock, [deliveryId], 'failed', ['queued'], {
          reason: `${r.code}: ${r.reason}`.slice(0, 500),
        });
    });
  }

  /** No receipt within the window: the attempt counts as lost and the next provider is tried. */
  async receiptTimeout(attemptId: string): Promise<void> {
    const { db, clock } = this.d;
    await db.transaction(async (tx) => {
      const [a] = await tx
        .update(notifyAttempts)
        .set({ state: 'failed', code: 'receipt_timeout', reason: '在回执时限内未收到回执', receiptAt: null })
        .where(and(eq(notifyAttempts.id, attemptId), inArray(notifyAttempts.state, ['sending', 'sent'])))
        .returning();
      if (!a) return;
      const [row] = await tx
        .select({ d: notifyDeliveries, severity: notifications.severity })
        .from(notifyDeliveries)
        .innerJoin(notifications, eq(notifications.id, notifyDeliveries.notificationId))
        .where(eq(notifyDeliveries.id, a.deliveryId));
      if (!row || row.d.step !== a.step || !(row.d.state === 'queued' || row.d.state === 'sent')) return;
      await tx
        .update(notifyDeliveries)
        .set({ reason: `receipt_timeout: ${a.provider}`, updatedAt: clock.now() })
        .where(eq(notifyDeliveries.id, a.deliveryId));
      await this.enqueueSend(tx, a.deliveryId, a.step, row.severity);
    });
  }

  /** Urgent: still unread after its minutes, so the policy's later channel goes out. */
  async unread(notificationId: string, channel: ChannelKind): Promise<void> {
    const { db, clock } = this.d;
    await db.transaction(async (tx) => {
      const [n] = await tx.select().from(notifications).where(eq(notifications.id, notificationId));
      if (!n || n.readAt || n.acknowledgedAt) return;
      const now = clock.now();
      const [created] = await tx
        .insert(notifyDeliveries)
        .values({
          id: newId(),
          notificationId,
          userId: n.userId,
          orgId: n.orgId,
          channel,
          state: 'queued',
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: notifyDeliveries.id });
      if (!created) return;
      await announce(tx, clock, [{ deliveryId: created.id, state: 'queued' }]);
      await this.enqueueSend(tx, created.id, 0, n.severity);
    });
  }

  /** The real address, read from the person at send time (only its mask is stored). */
  private async addressOf(userId: string, channel: ChannelKind): Promise<string | null> {
    if (channel === 'sms' || channel === 'voice' || channel === 'email') {
      // The users table is identity's; the kernel reads the two columns by name, not through it.
      const [u] = await rows<{ phone: string | null; email: string | null; status: string }>(
        this.d.db,
        sql`select phone, email, status from users where id = ${userId}`,
      );
      if (!u || u.status !== 'active') return null;
      return (channel === 'email' ? u.email : u.phone) || null;
    }
    if (channel === 'inapp') return null;
    const [c] = await this.d.db
      .select({ address: notifyContacts.address })
      .from(notifyContacts)
      .where(and(eq(notifyContacts.userId, userId), eq(notifyContacts.channel, channel)));
    return c?.address ?? null;
  }
}
