import { pathInScope, scopeFor, type Actor } from '../../kernel/access/index.js';
import { ownSendRoots, mayApprove } from './warnings.access.js';
import { audiencePaths, targetsOf } from './warnings.audience.js';
import type { WarningsContext } from './warnings.context.js';
import { isLive } from './warnings.model.js';
import type { Counts, WarningItem } from './warnings.repository.js';

type Action = 'edit' | 'submit' | 'approve' | 'reject' | 'update' | 'cancel' | 'withdraw' | 'remind';

/** Whether the actor sends from the warning's organisation (and so may change it). */
export function sendsFrom(actor: Actor, orgPath: string): boolean {
  if (!scopeFor(actor, 'warning.send')) return false;
  try {
    return pathInScope(ownSendRoots(actor), orgPath);
  } catch {
    return false;
  }
}

/** The steps the actor may take on a warning now. */
export async function actionsOf(c: WarningsContext, actor: Actor, w: WarningItem): Promise<Action[]> {
  const out: Action[] = [];
  const sender = sendsFrom(actor, w.orgPath);
  if (w.state === 'draft' && sender) out.push('edit', 'submit', 'withdraw');
  if (w.state === 'pending') {
    if (actor.userId !== w.submittedBy && scopeFor(actor, 'warning.approve')) {
      const targets = await targetsOf(c.k.db, w.audience).catch(() => null);
      if (targets && mayApprove(actor, w.orgPath, audiencePaths(targets))) out.push('approve', 'reject');
    }
    if (sender) out.push('withdraw');
  }
  if (w.state === 'sent' && sender) {
    out.push('update', 'cancel');
    if (isLive(w, c.k.clock.now())) out.push('remind');
  }
  return out;
}

export function approvalOf(w: WarningItem): 'none' | 'pending' | 'approved' | 'rejected' {
  if (!w.needsApproval) return 'none';
  if (w.state === 'pending') return 'pending';
  if (w.rejectReason && w.state === 'draft') return 'rejected';
  return w.decidedAt ? 'approved' : 'none';
}

export async function present(c: WarningsContext, actor: Actor, w: WarningItem, counts: Counts) {
  return {
    id: w.id,
    orgId: w.orgId,
    orgName: w.orgName,
    schoolId: w.schoolId,
    state: w.state,
    version: w.version,
    audience: w.audience,
    schoolIds: w.schoolIds,
    capStatus: w.capStatus,
    publicFeed: w.publicFeed,
    category: w.category,
    event: w.event,
    headline: w.headline,
    description: w.description,
    instruction: w.instruction,
    severity: w.severity,
    urgency: w.urgency,
    certainty: w.certainty,
    areaDesc: w.areaDesc,
    hasPolygon: !!w.polygon,
    effective: w.effective,
    expires: w.expires,
    needsApproval: w.needsApproval,
    approval: approvalOf(w),
    createdByName: w.createdByName,
    decidedByName: w.decidedByName,
    rejectReason: w.rejectReason,
    sentAt: w.sentAt,
    cancelledAt: w.cancelledAt,
    cancelReason: w.cancelReason,
    reminders: w.reminders,
    source: w.capIdentifier ? ('cap' as const) : ('manual' as const),
    capPending: w.capPending
      ? { ...w.capPending, fields: w.capPending.fields as Record<string, unknown> | undefined }
      : null,
    counts,
    actions: await actionsOf(c, actor, w),
    createdAt: w.createdAt,
  };
}
