import { and, eq, inArray, or, type SQL } from 'drizzle-orm';
import { errors } from '../errors.js';
import type { Receipt, ReceiptRequest } from './channel.js';
import { RECEIPT_TIMEOUT_JOB, type DispatchDeps, type Dispatcher } from './notify.dispatch.js';
import { notifyAttempts, notifyDeliveries } from './notify.centre.tables.js';
import { notifications } from './notify.tables.js';
import { moveDeliveries } from './notify.state.js';

/**
 * Provider receipts (POST /api/notify/receipts/:provider). The adapter checks the callback is its
 * provider's and reads it; each receipt updates its attempt, and the delivery: delivered once
 * (a second provider's receipt is only recorded on its attempt), or on a failure of the delivery's
 * current attempt, the next provider.
 */
export class Receipts {
  constructor(
    private readonly d: DispatchDeps,
    private readonly dispatcher: Dispatcher,
  ) {}

  async receive(provider: string, req: ReceiptRequest): Promise<{ status: number; body: unknown }> {
    const adapter = this.d.adapters.find((a) => a.provider === provider);
    if (!adapter?.readReceipts) throw errors.notFound({ provider });
    const { receipts, answer } = adapter.readReceipts(req);
    for (const r of receipts) await this.apply(provider, r);
    return answer;
  }

  async apply(provider: string, r: Receipt): Promise<void> {
    const { db, clock } = this.d;
    const match: SQL[] = [];
    if (r.providerMessageId) match.push(eq(notifyAttempts.providerMessageId, r.providerMessageId));
    if (r.attemptId && /^[0-9a-f-]{36}$/i.test(r.attemptId)) match.push(eq(notifyAttempts.id, r.attemptId));
    if (!match.length) return;
    const attempts = await db
      .select()
      .from(notifyAttempts)
      .where(and(eq(notifyAttempts.provider, provider), or(...match)));
    for (const a of attempts) {
      await db.transaction(async (tx) => {
        // A delivered attempt stays delivered; a receipt after a timeout still records the truth.
        const [updated] = await tx
          .update(notifyAttempts)
          .set({
            state: r.state,
            receiptAt: r.at,
            answered: r.answered ?? null,
            ...(r.state === 'failed' ? { code: r.code ?? 'failed', reason: r.reason ?? null } : {}),
          })
          .where(
            and(eq(notifyAttempts.id, a.id), inArray(notifyAttempts.state, ['sending', 'sent', 'failed'])),
          )
          .returning();
        if (!updated) return;
        await this.d.jobs.cancel(tx, RECEIPT_TIMEOUT_JOB, a.id);
        if (r.state === 'delivered') {
          await moveDeliveries(tx, clock, [a.deliveryId], 'delivered', ['queued', 'sent'], {
            provider,
            to: a.toMasked,
            ...(r.answered !== undefined ? { answered: r.answered } : {}),
          });
          return;
        }
        const [row] = await tx
          .select({
            step: notifyDeliveries.step,
            state: notifyDeliveries.state,
            severity: notifications.severity,
          })
          .from(notifyDeliveries)
          .innerJoin(notifications, eq(notifications.id, notifyDeliveries.notificationId))
          .where(eq(notifyDeliveries.id, a.deliveryId));
        // Only the failure of the current attempt moves on (a late failure of an earlier one was
        // already followed by the next provider); a timed-out attempt was already moved on.
        if (!row || row.step !== a.step || a.state === 'failed') return;
        if (!(row.state === 'queued' || row.state === 'sent')) return;
        await tx
          .update(notifyDeliveries)
          .set({ reason: `${r.code ?? 'failed'}: ${r.reason ?? ''}`.slice(0, 500), updatedAt: clock.now() })
          .where(eq(notifyDeliveries.id, a.deliveryId));
        await this.dispatcher.enqueueSend(tx, a.deliveryId, a.step, row.severity);
      });
    }
  }
}
