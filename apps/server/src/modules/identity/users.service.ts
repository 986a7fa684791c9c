import {
  authorize,
  grantDecision,
  pathInScope,
  ROLE_LINK_KIND,
  scopeFor,
  type Actor,
  type Role,
  type Scope,
} from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import type { Executor, Tx } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { linkedPaths, pathOf } from '../orgs/index.js';
import { hashPassword } from './auth.service.js';
import { identityErrors } from './identity.errors.js';
import { USER_EVENTS } from './identity.events.js';
import { normaliseUsername } from './identity.model.js';
import * as repo from './identity.repository.js';
import { checkPassword } from './password-policy.js';
import { applyRevocation, recordRevocation } from './revocation.js';
import { maskPhone } from '@anxiao/contracts';
import { clearAllAttempts } from './throttle.repository.js';

export interface RoleAssignment {
  orgId: string;
  role: Role;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  phone?: string | undefined;
  email?: string | undefined;
  orgId: string;
  password: string;
  roles: RoleAssignment[];
}

export interface UpdateUserInput {
  displayName?: string | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
  status?: 'active' | 'disabled' | undefined;
}

export class UsersService {
  constructor(private readonly k: Kernel) {}

  async list(actor: Actor, filter: repo.UserFilter) {
    const scope = authorize(actor, 'user.read');
    const manage = scopeFor(actor, 'user.manage');
    const { items, total } = await repo.listUsers(this.k.db, scope, filter, manage);
    const ms = await repo.membershipsOf(
      this.k.db,
      items.map((i) => i.user.id),
    );
    return {
      items: items.map((i) => present(i.user, i.orgName, ms, !!manage && pathInScope(manage, i.orgPath))),
      total,
    };
  }

  async get(actor: Actor, id: string) {
    const scope = authorize(actor, 'user.read');
    const u = await repo.findUserInScope(this.k.db, scope, id);
    if (!u) throw errors.notFound({ id });
    const manage = scopeFor(actor, 'user.manage');
    const path = manage ? await pathOf(this.k.db, u.orgId) : null;
    return this.presentOne(u, !!manage && !!path && pathInScope(manage, path));
  }

  async create(actor: Actor, input: CreateUserInput) {
    const scope = authorize(actor, 'user.manage');
    const username = normaliseUsername(input.username);
    await this.requireOrgInScope(this.k.db, scope, input.orgId);
    checkPassword(input.password, username, { demo: this.k.config.demo });
    await this.checkAssignable(this.k.db, actor, scope, input.roles);
    const passwordHash = await hashPassword(input.password);
    const id = newId();
    await this.k.transaction(async (tx) => {
      if (await repo.findUserByUsername(tx, username)) throw identityErrors.usernameTaken({ username });
      const now = this.k.clock.now();
      await repo.insertUser(tx, {
        id,
        username,
        displayName: input.displayName,
        phone: input.phone ?? null,
        email: input.email ?? null,
        orgId: input.orgId,
        passwordHash,
        // An administrator chose this password: the user sets their own at first sign-in.
        mustChangePassword: true,
        createdAt: now,
        updatedAt: now,
      });
      await this.writeRoles(tx, id, input.roles);
      await appendEvent(tx, this.k.clock, {
        type: USER_EVENTS.created,
        payload: { id, username, displayName: input.displayName },
        orgId: input.orgId,
        actorId: actor.userId,
      });
      await audit(tx, this.k.clock, actor, {
        action: 'user.create',
        targetType: 'user',
        targetId: id,
        orgId: input.orgId,
        details: { username, roles: input.roles },
      });
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: string, patch: UpdateUserInput) {
    const scope = authorize(actor, 'user.manage');
    await this.k.transaction(async (tx) => {
      const u = await this.manageable(tx, actor, scope, id);
      if (patch.status === 'disabled' && u.id === actor.userId)
        throw errors.forbidden({ reason: 'cannot_disable_self' });
      await repo.updateUser(tx, id, { ...patch, updatedAt: this.k.clock.now(), version: u.version + 1 });
      if (patch.status === 'disabled') {
        await repo.deleteSessionsOf(tx, id);
        await recordRevocation(tx, this.k.clock, { userId: id, code: 4401 });
      }
      await appendEvent(tx, this.k.clock, {
        type: USER_EVENTS.updated,
        payload: {
          id,
          username: u.username,
          displayName: patch.displayName ?? u.displayName,
          status: patch.status ?? u.status,
        },
        orgId: u.orgId,
        actorId: actor.userId,
      });
      await audit(tx, this.k.clock, actor, {
        action:
          patch.status === 'disabled'
            ? 'user.disable'
            : patch.status === 'active' && u.status === 'disabled'
              ? 'user.enable'
              : 'user.update',
        targetType: 'user',
        targetId: id,
        orgId: u.orgId,
        details: { changes: patch },
      });
    });
    if (patch.status === 'disabled') applyRevocation(this.k, { userId: id, code: 4401 });
    return this.get(actor, id);
  }

  async setRoles(actor: Actor, id: string, roles: RoleAssignment[]) {
    const scope = authorize(actor, 'user.manage');
    await this.k.transaction(async (tx) => {
      if (id === actor.userId) throw identityErrors.ownRoles();
      const u = await this.manageable(tx, actor, scope, id);
      const current = await repo.membershipsOf(tx, [id]);
      // Only what is newly granted needs the right to grant it: a console sends back the roles
      // it shows, including ones held elsewhere.
      const held = new Set(current.map((m) => `${m.orgId}:${m.role}`));
      await this.checkAssignable(
        tx,
        actor,
        scope,
        roles.filter((r) => !held.has(`${r.orgId}:${r.role}`)),
      );
      await this.writeRoles(tx, id, roles);
      await recordRevocation(tx, this.k.clock, { userId: id, code: 4409 });
      await appendEvent(tx, this.k.clock, {
        type: USER_EVENTS.rolesChanged,
        payload: { id, username: u.username, displayName: u.displayName },
        orgId: u.orgId,
        actorId: actor.userId,
      });
      await audit(tx, this.k.clock, actor, {
        action: 'user.roles',
        targetType: 'user',
        targetId: id,
        orgId: u.orgId,
        details: { roles },
      });
    });
    // Open sockets carry the old scope: make them reconnect with the new one.
    applyRevocation(this.k, { userId: id, code: 4409 });
    return this.get(actor, id);
  }

  async resetPassword(actor: Actor, id: string, newPassword: string): Promise<void> {
    const scope = authorize(actor, 'user.manage');
    const u = await this.manageable(this.k.db, actor, scope, id);
    checkPassword(newPassword, u.username, { demo: this.k.config.demo });
    const passwordHash = await hashPassword(newPassword);
    await this.k.transaction(async (tx) => {
      await repo.updateUser(tx, id, {
        passwordHash,
        mustChangePassword: true,
        failedLogins: 0,
        lockedUntil: null,
        passwordChangedAt: this.k.clock.now(),
        updatedAt: this.k.clock.now(),
      });
      await repo.deleteSessionsOf(tx, id);
      await recordRevocation(tx, this.k.clock, { userId: id, code: 4401 });
      await clearAllAttempts(tx, u.username);
      await audit(tx, this.k.clock, actor, {
        action: 'user.reset_password',
        targetType: 'user',
        targetId: id,
        orgId: u.orgId,
      });
    });
    applyRevocation(this.k, { userId: id, code: 4401 });
  }

  async requireOrgInScope(ex: Executor, scope: Scope, orgId: string): Promise<string> {
    const path = await pathOf(ex, orgId);
    if (!path || !pathInScope(scope, path)) throw errors.notFound({ orgId });
    return path;
  }

  /** An administrator lifts the sign-in locks of a user from every address. */
  async unlock(actor: Actor, id: string) {
    const scope = authorize(actor, 'user.manage');
    await this.k.transaction(async (tx) => {
      const u = await this.manageable(tx, actor, scope, id);
      await clearAllAttempts(tx, u.username);
      await repo.updateUser(tx, id, { failedLogins: 0, lockedUntil: null });
      await audit(tx, this.k.clock, actor, {
        action: 'user.unlock',
        targetType: 'user',
        targetId: id,
        orgId: u.orgId,
      });
    });
    return this.get(actor, id);
  }

  /**
   * The user, if the actor manages their home organisation and every organisation where they
   * hold a role: otherwise an administrator of one school could reset the password of an account
   * that acts at the bureau, and sign in as it.
   */
  async manageable(ex: Executor, actor: Actor, scope: Scope, id: string): Promise<repo.UserRow> {
    const u = await repo.findUserInScope(ex, scope, id);
    if (!u) throw errors.notFound({ id });
    const foreign = (await repo.membershipsOf(ex, [id])).filter((m) => !pathInScope(scope, m.orgPath));
    if (foreign.length) {
      throw identityErrors.foreignMembership({
        orgs: [...new Set(foreign.map((m) => m.orgName))],
      });
    }
    return u;
  }

  /**
   * Every role must be grantable by the actor in that organisation: one their role hands out,
   * carrying no permission they do not hold there. A role carrying `request.sealed` needs the
   * two-person step (RoleProposalsService).
   */
  private async checkAssignable(
    ex: Executor,
    actor: Actor,
    scope: Scope,
    roles: RoleAssignment[],
  ): Promise<void> {
    for (const r of roles) {
      const path = await this.requireOrgInScope(ex, scope, r.orgId);
      const decision = grantDecision(actor, r.role, path, await linkedOf(ex, r.orgId, r.role));
      if (decision === 'two_person') throw identityErrors.needsTwoPeople({ orgId: r.orgId, role: r.role });
      if (decision !== 'ok') throw identityErrors.roleNotAssignable({ orgId: r.orgId, role: r.role });
    }
  }

  private async writeRoles(tx: Tx, userId: string, roles: RoleAssignment[]): Promise<void> {
    const seen = new Set<string>();
    const now = this.k.clock.now();
    const rows = roles
      .filter((r) => {
        const key = `${r.orgId}:${r.role}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((r) => ({ id: newId(), orgId: r.orgId, role: r.role, createdAt: now }));
    await repo.replaceMemberships(tx, userId, rows);
  }

  /** A user as the one who may change them sees them (the phone in full unless `fullPhone` is false). */
  private async presentOne(u: repo.UserRow, fullPhone = true) {
    const ms = await repo.membershipsOf(this.k.db, [u.id]);
    return present(u, await repo.orgNameOf(this.k.db, u.orgId), ms, fullPhone);
  }
}

/** The schools a role held in an organisation reaches through links (police, supervisors). */
export async function linkedOf(ex: Executor, orgId: string, role: Role): Promise<string[]> {
  const kind = ROLE_LINK_KIND[role];
  if (!kind) return [];
  return (await linkedPaths(ex, [orgId], kind)).get(orgId) ?? [];
}

/**
 * An account as a reader sees it. The phone is personal data: in full only to those who administer
 * the account (user.manage over its organisation), masked for everyone else who may list users
 * (issue 14 item 18: the same rule as the people registry's numbers).
 */
function present(u: repo.UserRow, orgName: string, ms: repo.MembershipWithOrg[], fullPhone: boolean) {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phone: fullPhone ? u.phone : maskPhone(u.phone),
    email: u.email,
    orgId: u.orgId,
    orgName,
    status: u.status,
    memberships: ms
      .filter((m) => m.userId === u.id)
      .map((m) => ({ orgId: m.orgId, orgName: m.orgName, role: m.role })),
    lastLoginAt: u.lastLoginAt,
    lockedUntil: u.lockedUntil,
    createdAt: u.createdAt,
  };
}
