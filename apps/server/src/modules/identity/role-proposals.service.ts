import { and, eq, gt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import {
  authorize,
  grantDecision,
  mayConfirmTwoPerson,
  orgScopeSql,
  type Actor,
  type Role,
} from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { rows, type Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { orgs } from '../orgs/index.js';
import { identityErrors } from './identity.errors.js';
import { USER_EVENTS } from './identity.events.js';
import { applyRevocation, recordRevocation } from './revocation.js';
import { memberships, roleProposals, users } from './identity.tables.js';
import { linkedOf, type UsersService } from './users.service.js';

/** A proposal not confirmed within this time lapses. */
export const PROPOSAL_HOURS = 72;

export interface ProposeInput {
  orgId: string;
  role: Role;
  reason?: string | undefined;
}

/**
 * The two-person grant of a role carrying `request.sealed` (who filed a sealed request): one
 * administrator proposes, another administrator of that school or of an organisation above it
 * confirms; the proposer and the user concerned cannot confirm. Every step is audited.
 */
export class RoleProposalsService {
  constructor(
    private readonly k: Kernel,
    private readonly users: UsersService,
  ) {}

  async propose(actor: Actor, userId: string, input: ProposeInput) {
    const scope = authorize(actor, 'user.manage');
    if (userId === actor.userId) throw identityErrors.ownRoles();
    const id = newId();
    await this.k.transaction(async (tx) => {
      const u = await this.users.manageable(tx, actor, scope, userId);
      const path = await this.users.requireOrgInScope(tx, scope, input.orgId);
      const linked = await linkedOf(tx, input.orgId, input.role);
      if (grantDecision(actor, input.role, path, linked) !== 'two_person')
        throw identityErrors.roleNotAssignable({ orgId: input.orgId, role: input.role });
      if (await holds(tx, userId, input.orgId, input.role)) throw errors.conflict({ reason: 'already_held' });
      const now = this.k.clock.now();
      const [open] = await tx
        .select({ id: roleProposals.id })
        .from(roleProposals)
        .where(
          and(
            eq(roleProposals.userId, userId),
            eq(roleProposals.orgId, input.orgId),
            eq(roleProposals.role, input.role),
            eq(roleProposals.status, 'pending'),
            gt(roleProposals.expiresAt, now),
          ),
        );
      if (open) throw errors.conflict({ reason: 'already_proposed', id: open.id });
      await tx.insert(roleProposals).values({
        id,
        userId,
        orgId: input.orgId,
        role: input.role,
        reason: input.reason ?? null,
        proposedBy: actor.userId!,
        proposedAt: now,
        expiresAt: new Date(now.getTime() + PROPOSAL_HOURS * 3600_000),
      });
      await audit(tx, this.k.clock, actor, {
        action: 'user.role_propose',
        targetType: 'user',
        targetId: userId,
        orgId: input.orgId,
        details: { proposalId: id, username: u.username, role: input.role, reason: input.reason ?? null },
      });
    });
    return this.one(actor, id);
  }

  /** Pending proposals in the organisations the actor manages, each saying whether they may confirm it. */
  async list(actor: Actor) {
    const scope = authorize(actor, 'user.manage');
    const proposer = alias(users, 'proposer');
    const found = await this.k.db
      .select({
        p: roleProposals,
        username: users.username,
        displayName: users.displayName,
        orgName: orgs.name,
        orgPath: orgs.path,
        proposerName: proposer.displayName,
      })
      .from(roleProposals)
      .innerJoin(users, eq(users.id, roleProposals.userId))
      .innerJoin(proposer, eq(proposer.id, roleProposals.proposedBy))
      .innerJoin(orgs, eq(orgs.id, roleProposals.orgId))
      .where(
        and(
          eq(roleProposals.status, 'pending'),
          gt(roleProposals.expiresAt, this.k.clock.now()),
          orgScopeSql(scope, roleProposals.orgId),
        ),
      )
      .orderBy(roleProposals.proposedAt);
    const items = [];
    for (const r of found) {
      const linked = await linkedOf(this.k.db, r.p.orgId, r.p.role);
      items.push({
        id: r.p.id,
        userId: r.p.userId,
        username: r.username,
        displayName: r.displayName,
        orgId: r.p.orgId,
        orgName: r.orgName,
        role: r.p.role,
        reason: r.p.reason,
        proposedBy: r.p.proposedBy,
        proposedByName: r.proposerName,
        proposedAt: r.p.proposedAt,
        expiresAt: r.p.expiresAt,
        canConfirm:
          r.p.proposedBy !== actor.userId &&
          r.p.userId !== actor.userId &&
          mayConfirmTwoPerson(actor, r.p.role, r.orgPath, linked),
      });
    }
    return { items };
  }

  async confirm(actor: Actor, id: string) {
    const scope = authorize(actor, 'user.manage');
    let userId = '';
    await this.k.transaction(async (tx) => {
      const p = await this.pending(tx, actor, id);
      userId = p.userId;
      if (p.proposedBy === actor.userId) throw identityErrors.ownProposal();
      if (p.userId === actor.userId) throw identityErrors.ownRoles();
      const linked = await linkedOf(tx, p.orgId, p.role);
      if (!mayConfirmTwoPerson(actor, p.role, p.orgPath, linked)) throw identityErrors.cannotConfirm();
      const u = await this.users.manageable(tx, actor, scope, p.userId);
      const now = this.k.clock.now();
      if (!(await holds(tx, p.userId, p.orgId, p.role))) {
        await tx
          .insert(memberships)
          .values({ id: newId(), userId: p.userId, orgId: p.orgId, role: p.role, createdAt: now });
      }
      await tx
        .update(roleProposals)
        .set({ status: 'confirmed', decidedBy: actor.userId, decidedAt: now })
        .where(eq(roleProposals.id, id));
      await recordRevocation(tx, this.k.clock, { userId: p.userId, code: 4409 });
      await appendEvent(tx, this.k.clock, {
        type: USER_EVENTS.rolesChanged,
        payload: { id: u.id, username: u.username, displayName: u.displayName },
        orgId: u.orgId,
        actorId: actor.userId,
      });
      await audit(tx, this.k.clock, actor, {
        action: 'user.role_confirm',
        targetType: 'user',
        targetId: p.userId,
        orgId: p.orgId,
        details: { proposalId: id, role: p.role, proposedBy: p.proposedBy },
      });
    });
    applyRevocation(this.k, { userId, code: 4409 });
    return this.users.get(actor, userId);
  }

  /** The proposer withdraws, or an administrator who could confirm refuses. */
  async reject(actor: Actor, id: string): Promise<void> {
    authorize(actor, 'user.manage');
    await this.k.transaction(async (tx) => {
      const p = await this.pending(tx, actor, id);
      const linked = await linkedOf(tx, p.orgId, p.role);
      if (p.proposedBy !== actor.userId && !mayConfirmTwoPerson(actor, p.role, p.orgPath, linked))
        throw identityErrors.cannotConfirm();
      await tx
        .update(roleProposals)
        .set({ status: 'rejected', decidedBy: actor.userId, decidedAt: this.k.clock.now() })
        .where(eq(roleProposals.id, id));
      await audit(tx, this.k.clock, actor, {
        action: 'user.role_reject',
        targetType: 'user',
        targetId: p.userId,
        orgId: p.orgId,
        details: { proposalId: id, role: p.role, proposedBy: p.proposedBy },
      });
    });
  }

  private async one(actor: Actor, id: string) {
    const found = (await this.list(actor)).items.find((i) => i.id === id);
    if (!found) throw identityErrors.proposalNotFound({ id });
    return found;
  }

  /** A pending, unexpired proposal in the actor's scope, locked for the decision. */
  private async pending(ex: Executor, actor: Actor, id: string) {
    const scope = authorize(actor, 'user.manage');
    const [p] = await ex
      .select({
        userId: roleProposals.userId,
        orgId: roleProposals.orgId,
        role: roleProposals.role,
        proposedBy: roleProposals.proposedBy,
        orgPath: orgs.path,
      })
      .from(roleProposals)
      .innerJoin(orgs, eq(orgs.id, roleProposals.orgId))
      .where(
        and(
          eq(roleProposals.id, id),
          eq(roleProposals.status, 'pending'),
          gt(roleProposals.expiresAt, this.k.clock.now()),
          orgScopeSql(scope, roleProposals.orgId),
        ),
      )
      .for('update', { of: roleProposals });
    if (!p) throw identityErrors.proposalNotFound({ id });
    return p;
  }
}

async function holds(ex: Executor, userId: string, orgId: string, role: Role): Promise<boolean> {
  const r = await rows(
    ex,
    sql`select 1 from memberships where user_id = ${userId} and org_id = ${orgId} and role = ${role}`,
  );
  return r.length > 0;
}
