import { and, eq, gte, inArray, isNull, notExists, or, sql } from 'drizzle-orm';
import { rows } from '../db.js';
import { newId } from '../ids.js';
import type { ChannelKind } from './channel.js';
import { notifyAttempts, notifyDeliveries, notifyPrefs } from './notify.centre.tables.js';
import type { DispatchDeps } from './notify.dispatch.js';
import { maskAddress } from './notify.policy.js';
import { announce, moveDeliveries } from './notify.state.js';
import { notifications } from './notify.tables.js';

/** The daily digest (recurring): one job per person who has something to read in it. */
export const DIGEST_JOB = 'notify.digest';
export const DIGEST_USER_JOB = 'notify.digest_user';

const DAY = 86_400_000;
/** a digest lists at most this many items (the rest: "and N more" in the inbox) */
const DIGEST_MAX_ITEMS = 50;

/**
 * The daily digest: a person's normal items still unread and their digest-only items of the last
 * day, in one message by e-mail or IM (their choice; e-mail when they never chose). Each item gets
 * a delivery on that channel, so an item is in one digest only however often the job runs.
 */
export class Digest {
  constructor(private readonly d: DispatchDeps) {}

  private items(userId: string | null, since: Date) {
    return and(
      gte(notifications.createdAt, since),
      or(
        eq(notifications.severity, 'digest'),
        and(eq(notifications.severity, 'normal'), isNull(notifications.readAt)),
      ),
      userId ? eq(notifications.userId, userId) : undefined,
      notExists(
        this.d.db
          .select({ one: sql`1` })
          .from(notifyDeliveries)
          .where(
            and(
              eq(notifyDeliveries.notificationId, notifications.id),
              sql`${notifyDeliveries.channel} <> 'inapp'`,
            ),
          ),
      ),
    );
  }

  /** Queue one digest job per person with items; returns how many. */
  async run(): Promise<number> {
    const now = this.d.clock.now();
    const people = await this.d.db
      .selectDistinct({ userId: notifications.userId })
      .from(notifications)
      .where(this.items(null, new Date(now.getTime() - DAY)));
    const day = new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    for (let i = 0; i < people.length; i += 500)
      await this.d.jobs.enqueueAll(
        this.d.db,
        people.slice(i, i + 500).map((p) => ({
          queue: DIGEST_USER_JOB,
          payload: { userId: p.userId },
          opts: { singletonKey: `${p.userId}:${day}` },
        })),
      );
    return people.length;
  }

  async send(userId: string): Promise<void> {
    const { db, clock } = this.d;
    const now = clock.now();
    const [prefs] = await db.select().from(notifyPrefs).where(eq(notifyPrefs.userId, userId));
    const channel: ChannelKind | null = prefs ? prefs.digestChannel : 'email';
    if (!channel) return;
    const to = await this.addressOf(userId, channel);
    const items = await db
      .select()
      .from(notifications)
      .where(this.items(userId, new Date(now.getTime() - DAY)))
      .orderBy(notifications.createdAt)
      .limit(DIGEST_MAX_ITEMS);
    if (!items.length) return;
    const masked = to ? maskAddress(channel, to) : null;
    // Claim the items: a delivery each on the digest channel (unique), so a second run finds none.
    const ids = await db.transaction(async (tx) => {
      const made = await tx
        .insert(notifyDeliveries)
        .values(
          items.map((n) => ({
            id: newId(),
            notificationId: n.id,
            userId,
            orgId: n.orgId,
            channel,
            state: 'queued' as const,
            toMasked: masked,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: notifyDeliveries.id });
      await announce(
        tx,
        clock,
        made.map((m) => ({ deliveryId: m.id, state: 'queued' })),
      );
      return made.map((m) => m.id);
    });
    if (!ids.length) return;
    if (!to) {
      await db.transaction((tx) =>
        moveDeliveries(tx, clock, ids, 'failed', ['queued'], { reason: '此人未登记该渠道的地址' }),
      );
      return;
    }
    const title = `每日通知摘要（${items.length} 条）`;
    const body = items.map((n) => `· ${n.title}`).join('\n');
    let step = 0;
    for (const adapter of this.d.adapters.filter((a) => a.kind === channel)) {
      step += 1;
      const attemptIds = ids.map(() => newId());
      await db.insert(notifyAttempts).values(
        ids.map((deliveryId, i) => ({
          id: attemptIds[i]!,
          deliveryId,
          step,
          provider: adapter.provider,
          toMasked: masked,
          state: 'sending' as const,
          createdAt: now,
        })),
      );
      const r = await adapter.send({ attemptId: attemptIds[0]!, to, title, body }).catch((err: Error) => ({
        ok: false as const,
        retryable: true,
        code: 'adapter_error',
        reason: err.message,
      }));
      await db.transaction(async (tx) => {
        await tx
          .update(notifyAttempts)
          .set(
            r.ok
              ? { state: 'sent', providerMessageId: r.providerMessageId, sentAt: now }
              : { state: 'failed', code: r.code, reason: r.reason.slice(0, 500) },
          )
          .where(inArray(notifyAttempts.id, attemptIds));
        await tx
          .update(notifyDeliveries)
          .set({ step, provider: adapter.provider })
          .where(inArray(notifyDeliveries.id, ids));
        if (r.ok)
          await moveDeliveries(tx, clock, ids, 'sent', ['queued'], {
            provider: adapter.provider,
            to: masked,
          });
      });
      if (r.ok) return;
    }
    await db.transaction((tx) =>
      moveDeliveries(tx, clock, ids, 'failed', ['queued'], {
        reason: `没有可用的${channel}服务商或均发送失败`,
      }),
    );
  }

  private async addressOf(userId: string, channel: ChannelKind): Promise<string | null> {
    if (channel === 'email') {
      const [u] = await rows<{ email: string | null; status: string }>(
        this.d.db,
        sql`select email, status from users where id = ${userId}`,
      );
      return u?.status === 'active' ? u.email || null : null;
    }
    const [c] = await rows<{ address: string }>(
      this.d.db,
      sql`select address from notify_contacts where user_id = ${userId} and channel = ${channel}`,
    );
    return c?.address ?? null;
  }
}
