import type { Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import type { Executor } from '../../kernel/db.js';
import type { OrgRow } from '../orgs/index.js';
import { changeable } from './warnings.access.js';
import { insertRecipients, type AudienceTargets } from './warnings.audience.js';
import type { WarningsContext } from './warnings.context.js';
import { queueDelivery, queueReminders, remindRound } from './warnings.delivery.js';
import { warningErrors } from './warnings.errors.js';
import { WARNING_EVENTS, warningEvent } from './warnings.events.js';
import { canRemindNow, isLive } from './warnings.model.js';
import * as repo from './warnings.repository.js';

/**
 * Send a warning (in the caller's transaction): its audience becomes recipients in one statement,
 * warning.published goes into the outbox, and the hand-out to the notification port and the
 * reminders are queued as jobs (10,000 notices are handed over in chunks, after commit).
 */
export async function publish(
  c: WarningsContext,
  tx: Executor,
  actor: Actor,
  w: repo.WarningRow,
  org: Pick<OrgRow, 'id' | 'name'>,
  targets: AudienceTargets,
  how: 'send' | 'approve',
) {
  const now = c.k.clock.now();
  const n = await insertRecipients(tx, w.id, w.audience, targets, w.schoolIds);
  if (n === 0) throw warningErrors.noRecipients();
  const sent = await repo.updateIn(tx, w.id, ['draft', 'pending'], {
    state: 'sent',
    version: 1,
    sentAt: now,
    updatedAt: now,
  });
  if (!sent) throw warningErrors.state();
  await warningEvent(c, tx, WARNING_EVENTS.published, sent, org.name, actor.userId);
  await queueDelivery(c, tx, sent);
  await queueReminders(c, tx, sent);
  await audit(tx, c.k.clock, actor, {
    action: how === 'approve' ? 'warning.approve' : 'warning.send',
    targetType: 'warning',
    targetId: w.id,
    orgId: w.orgId,
    details: { headline: w.headline, recipients: n, severity: w.severity, status: w.capStatus },
  });
}

/** After an update or a cancellation of a sent warning: the event, the recipients told, the audit. */
export async function afterChange(
  c: WarningsContext,
  tx: Executor,
  actor: Actor,
  w: repo.WarningRow,
  senderName: string,
  change: 'updated' | 'cancelled',
) {
  await warningEvent(c, tx, WARNING_EVENTS[change], w, senderName, actor.userId);
  await queueDelivery(c, tx, w);
  await audit(tx, c.k.clock, actor, {
    action: change === 'updated' ? 'warning.update' : 'warning.cancel',
    targetType: 'warning',
    targetId: w.id,
    orgId: w.orgId,
    details: {
      headline: w.headline,
      version: w.version,
      ...(w.cancelReason ? { reason: w.cancelReason } : {}),
    },
  });
}

/** Cancel a sent warning (version + 1, recipients told), or withdraw a draft or a pending one. */
export async function cancel(c: WarningsContext, actor: Actor, id: string, reason: string) {
  const w = await changeable(c, actor, id);
  const now = c.k.clock.now();
  await c.k.transaction(async (tx) => {
    if (w.state === 'draft' || w.state === 'pending') {
      const r = await repo.updateIn(tx, id, ['draft', 'pending'], {
        state: 'withdrawn',
        cancelledAt: now,
        cancelReason: reason || null,
        updatedAt: now,
      });
      if (!r) throw warningErrors.state();
      await audit(tx, c.k.clock, actor, {
        action: 'warning.cancel',
        targetType: 'warning',
        targetId: id,
        orgId: w.orgId,
        details: { headline: w.headline, withdrawn: true },
      });
      return;
    }
    if (w.state !== 'sent') throw warningErrors.state({ state: w.state });
    const r = await repo.updateIn(tx, id, ['sent'], {
      state: 'cancelled',
      version: w.version + 1,
      cancelledAt: now,
      cancelReason: reason || null,
      capPending: null,
      updatedAt: now,
    });
    if (!r) throw warningErrors.state();
    await afterChange(c, tx, actor, r, w.orgName, 'cancelled');
  });
}

/** 提醒未确认: remind now everyone who has not acknowledged (bounded and spaced out). */
export async function remindNow(c: WarningsContext, actor: Actor, id: string) {
  const w = await changeable(c, actor, id);
  const now = c.k.clock.now();
  if (!isLive(w, now)) throw warningErrors.state({ state: w.state });
  if (!canRemindNow(w, now)) throw warningErrors.remindTooSoon();
  const round = await c.k.transaction(async (tx) => {
    const r = await repo.updateIn(tx, id, ['sent'], { reminders: w.reminders + 1, remindedAt: now });
    if (!r || r.reminders !== w.reminders + 1) throw warningErrors.state();
    await audit(tx, c.k.clock, actor, {
      action: 'warning.remind',
      targetType: 'warning',
      targetId: id,
      orgId: w.orgId,
      details: { headline: w.headline, round: r.reminders },
    });
    return r.reminders;
  });
  return { reminded: await remindRound(c, id, round) };
}
