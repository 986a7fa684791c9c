import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import {
  PERMISSIONS,
  ROLE_GRANTS,
  ROLE_LINK_KIND,
  ROLES,
  can,
  grantDecision,
  systemActor,
  type Actor,
  type CachedSession,
  type GridPosition,
  type Membership,
  type Role,
} from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import type { Executor } from '../../kernel/db.js';
import type { Lang } from '../../kernel/i18n.js';
import type { Kernel } from '../../kernel/kernel.js';
import { linkedPaths } from '../orgs/index.js';
import type { IdentityConfig } from './identity.config.js';
import { identityErrors } from './identity.errors.js';
import { lockMinutesAfter, normaliseUsername, sessionAlive } from './identity.model.js';
import * as repo from './identity.repository.js';
import { checkPassword } from './password-policy.js';
import { Batcher } from './batcher.js';
import { applyRevocation, recordRevocation } from './revocation.js';
import * as throttle from './throttle.repository.js';

// argon2id (algorithm 2 in @node-rs/argon2; its enum is const and cannot be imported here).
export const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(pw: string): Promise<string> {
  return hash(pw, ARGON2_OPTIONS);
}

/** Compared against when the user does not exist, so timing does not reveal which names exist. */
let dummyHash: Promise<string> | null = null;

export interface RequestInfo {
  ip?: string;
  userAgent?: string;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  lang: Lang | null;
  mustChangePassword: boolean;
  memberships: { orgId: string; orgName: string; role: Role }[];
  permissions: string[];
  /** grids this user leads or works in */
  grids: { gridId: string; position: 'leader' | 'member' }[];
  /** roles this user may grant (in the organisations they manage) */
  assignableRoles: Role[];
  /** roles this user may only propose: another administrator confirms (request.sealed) */
  proposableRoles: Role[];
}

export class AuthService {
  constructor(
    private readonly k: Kernel,
    private readonly cfg: IdentityConfig,
    /** the grids each user leads or works in (provided by the grids module at composition) */
    private readonly gridPositionsOf: (
      ex: Executor,
      userIds: string[],
    ) => Promise<Map<string, GridPosition[]>> = async () => new Map(),
  ) {}

  /** Sessions not in the cache, read together with their actors for everyone asking in one turn. */
  private readonly sessionBatch = new Batcher<string, CachedSession | null>((ids) => this.loadSessions(ids));

  private get idleMinutes() {
    return this.cfg.SESSION_IDLE_MINUTES;
  }

  async login(
    username: string,
    password: string,
    info: RequestInfo,
  ): Promise<{ token: string; me: Me; csrfToken: string }> {
    const name = normaliseUsername(username);
    const user = await repo.findUserByUsername(this.k.db, name);
    const now = this.k.clock.now();
    const anon: Actor = { ...systemActor(name), kind: 'user', ...info };
    const actorForAudit: Actor = user ? { ...anon, userId: user.id, name: user.displayName } : anon;
    const deny = (reason: string) =>
      audit(this.k.db, this.k.clock, actorForAudit, {
        action: 'auth.login',
        outcome: 'denied',
        ...(user ? { orgId: user.orgId, targetType: 'user', targetId: user.id } : {}),
        details: user
          ? { reason }
          : { username: name, reason: reason === 'locked' ? reason : 'unknown_user' },
      });
    // Counted per name as typed and address, before any check: an unknown name goes through
    // the same steps (a dummy hash, the same lock), so the answers tell nothing about which exist.
    const key = { username: name, ip: info.ip ?? '' };
    const attempt = await throttle.reserveAttempt(this.k.db, key, now, this.cfg.LOGIN_MAX_FAILURES, (locks) =>
      lockMinutesAfter(locks, this.cfg.LOGIN_LOCK_MINUTES),
    );
    if (attempt.failures > this.cfg.LOGIN_MAX_FAILURES) {
      await deny('locked');
      throw identityErrors.locked({ until: attempt.lockedUntil?.toISOString() });
    }
    const hashToCheck = user?.passwordHash ?? (await (dummyHash ??= hashPassword('not-a-real-password-0')));
    const ok = (await verify(hashToCheck, password).catch(() => false)) && !!user?.passwordHash;
    if (!ok || !user) {
      if (user && attempt.lockedUntil)
        await repo.updateUser(this.k.db, user.id, { lockedUntil: attempt.lockedUntil });
      await deny(attempt.lockedUntil ? 'wrong_password_locked' : 'wrong_password');
      if (attempt.lockedUntil) throw identityErrors.locked({ until: attempt.lockedUntil.toISOString() });
      throw identityErrors.invalidCredentials();
    }
    await throttle.clearAttempts(this.k.db, key);
    if (user.status !== 'active') {
      await deny('disabled');
      throw identityErrors.disabled();
    }
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    await this.k.transaction(async (tx) => {
      await repo.insertSession(tx, {
        id: sessionId(token),
        userId: user.id,
        csrfToken,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + this.cfg.SESSION_ABSOLUTE_HOURS * 3600_000),
        ip: info.ip ?? null,
        userAgent: info.userAgent?.slice(0, 300) ?? null,
      });
      await repo.updateUser(tx, user.id, { failedLogins: 0, lockedUntil: null, lastLoginAt: now });
      await audit(tx, this.k.clock, actorForAudit, {
        action: 'auth.login',
        orgId: user.orgId,
        targetType: 'user',
        targetId: user.id,
      });
    });
    const actor = await this.actorFor(user.id, info);
    return { token, csrfToken, me: await this.me(actor!) };
  }

  /** Resolve a session cookie to an actor; touches the session (idle timer) at most once a minute. */
  async authenticate(
    token: string | undefined,
    info: RequestInfo,
  ): Promise<{ actor: Actor; csrfToken: string } | null> {
    if (!token || token.length > 100) return null;
    const id = sessionId(token);
    const load = async () => (await this.sessionBatch.load(id)) ?? null;
    let s = await this.k.actors.getOrLoad(id, load);
    if (!s) return null;
    const now = this.k.clock.now();
    if (!sessionAlive(s, now, this.idleMinutes)) {
      // Another process may have seen the session in use since this one cached it.
      this.k.actors.dropKey(id);
      s = await load();
      if (!s) return null;
      if (!sessionAlive(s, now, this.idleMinutes)) {
        await repo.deleteSession(this.k.db, id);
        return null;
      }
      this.k.actors.set(id, s);
    }
    if (now.getTime() - s.lastSeenAt.getTime() > 60_000) {
      s.lastSeenAt = now;
      await repo.touchSession(this.k.db, id, now);
    }
    return { actor: { ...s.actor, ...info, sessionId: id }, csrfToken: s.csrfToken };
  }

  /** Sessions by id with their users' actors, a handful of queries for any number of them. */
  private async loadSessions(ids: string[]): Promise<Map<string, CachedSession | null>> {
    const out = new Map<string, CachedSession | null>();
    const rows = await repo.findSessions(this.k.db, ids);
    const actors = await this.actorsFor([...new Set(rows.map((r) => r.userId))]);
    const orphaned: string[] = [];
    for (const r of rows) {
      const actor = actors.get(r.userId);
      if (!actor) {
        orphaned.push(r.id);
        continue;
      }
      out.set(r.id, {
        sessionId: r.id,
        userId: r.userId,
        actor,
        csrfToken: r.csrfToken,
        expiresAt: r.expiresAt,
        lastSeenAt: r.lastSeenAt,
      });
    }
    // Sessions of a disabled or deleted user go.
    for (const id of orphaned) await repo.deleteSession(this.k.db, id);
    return out;
  }

  /** Build the actor of an active user: memberships with their organisation paths and links. */
  async actorFor(userId: string, info: RequestInfo = {}, sessionIdValue?: string): Promise<Actor | null> {
    const actor = (await this.actorsFor([userId])).get(userId);
    if (!actor) return null;
    return { ...actor, ...info, ...(sessionIdValue ? { sessionId: sessionIdValue } : {}) };
  }

  /** The actors of the active users among `userIds`: five queries however many there are. */
  private async actorsFor(userIds: string[]): Promise<Map<string, Actor>> {
    const out = new Map<string, Actor>();
    const users = (await repo.findUsersByIds(this.k.db, userIds)).filter((u) => u.status === 'active');
    if (users.length === 0) return out;
    const ids = users.map((u) => u.id);
    const ms = await repo.membershipsOf(this.k.db, ids);
    const byKind = { jurisdiction: new Set<string>(), supervision: new Set<string>() };
    for (const m of ms) {
      const kind = ROLE_LINK_KIND[m.role];
      if (kind) byKind[kind].add(m.orgId);
    }
    const [jur, sup, grids] = await Promise.all([
      linkedPaths(this.k.db, [...byKind.jurisdiction], 'jurisdiction'),
      linkedPaths(this.k.db, [...byKind.supervision], 'supervision'),
      this.gridPositionsOf(this.k.db, ids),
    ]);
    const membershipsOf = new Map<string, Membership[]>();
    for (const m of ms) {
      const kind = ROLE_LINK_KIND[m.role];
      const linked =
        kind === 'jurisdiction' ? jur.get(m.orgId) : kind === 'supervision' ? sup.get(m.orgId) : undefined;
      const list = membershipsOf.get(m.userId) ?? [];
      list.push({
        orgId: m.orgId,
        orgPath: m.orgPath,
        orgName: m.orgName,
        role: m.role,
        linkedPaths: linked ?? [],
      });
      membershipsOf.set(m.userId, list);
    }
    for (const user of users)
      out.set(user.id, {
        kind: 'user',
        userId: user.id,
        name: user.displayName,
        lang: user.lang ?? 'zh-CN',
        memberships: membershipsOf.get(user.id) ?? [],
        gridPositions: grids.get(user.id) ?? [],
        mustChangePassword: user.mustChangePassword,
      });
    return out;
  }

  /** For an open realtime connection: is its session still valid? Counts as use of the session. */
  async keepAlive(actor: Actor): Promise<boolean> {
    if (!actor.sessionId) return false;
    const s = await repo.findSession(this.k.db, actor.sessionId);
    const now = this.k.clock.now();
    if (!s || now >= s.expiresAt) return false;
    const user = await repo.findUserById(this.k.db, s.userId);
    if (!user || user.status !== 'active') return false;
    await repo.touchSession(this.k.db, s.id, now);
    return true;
  }

  async me(actor: Actor): Promise<Me> {
    const user = await repo.findUserById(this.k.db, actor.userId!);
    if (!user) throw identityErrors.invalidCredentials();
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      orgId: user.orgId,
      orgName: await repo.orgNameOf(this.k.db, user.orgId),
      lang: user.lang ?? null,
      mustChangePassword: user.mustChangePassword,
      memberships: actor.memberships.map((m) => ({ orgId: m.orgId, orgName: m.orgName, role: m.role })),
      permissions: PERMISSIONS.filter((p) => can(actor, p)),
      grids: (actor.gridPositions ?? []).map((g) => ({ gridId: g.gridId, position: g.position })),
      assignableRoles: rolesGrantable(actor, 'ok'),
      proposableRoles: rolesGrantable(actor, 'two_person'),
    };
  }

  async logout(actor: Actor): Promise<void> {
    const sessionIdValue = actor.sessionId;
    if (!sessionIdValue || !actor.userId) return;
    const revocation = { userId: actor.userId, sessionId: sessionIdValue, code: 4401 } as const;
    await this.k.transaction(async (tx) => {
      await repo.deleteSession(tx, sessionIdValue);
      await audit(tx, this.k.clock, actor, {
        action: 'auth.logout',
        targetType: 'user',
        targetId: actor.userId ?? undefined,
      });
      await recordRevocation(tx, this.k.clock, revocation);
    });
    applyRevocation(this.k, revocation);
  }

  async changePassword(actor: Actor, current: string, next: string): Promise<void> {
    const user = await repo.findUserById(this.k.db, actor.userId!);
    if (!user?.passwordHash || !(await verify(user.passwordHash, current).catch(() => false))) {
      throw identityErrors.wrongCurrentPassword();
    }
    checkPassword(next, user.username, { demo: this.k.config.demo });
    const passwordHash = await hashPassword(next);
    const revocation = {
      userId: user.id,
      code: 4401,
      ...(actor.sessionId ? { keepSessionId: actor.sessionId } : {}),
    } as const;
    await this.k.transaction(async (tx) => {
      await repo.updateUser(tx, user.id, {
        passwordHash,
        mustChangePassword: false,
        passwordChangedAt: this.k.clock.now(),
        updatedAt: this.k.clock.now(),
      });
      // Other devices signed in with the old password are signed out.
      await repo.deleteSessionsOf(tx, user.id, actor.sessionId);
      await audit(tx, this.k.clock, actor, {
        action: 'auth.password_change',
        targetType: 'user',
        targetId: user.id,
        orgId: user.orgId,
      });
      await recordRevocation(tx, this.k.clock, revocation);
    });
    applyRevocation(this.k, revocation);
  }

  async setLang(actor: Actor, lang: Lang): Promise<void> {
    await repo.updateUser(this.k.db, actor.userId!, { lang });
    this.k.actors.dropUser(actor.userId!);
  }

  /** Housekeeping: remove sessions past their idle or absolute limit. */
  async purgeSessions(): Promise<void> {
    const now = this.k.clock.now();
    await repo.deleteExpiredSessions(this.k.db, now, new Date(now.getTime() - this.idleMinutes * 60_000));
    await throttle.purgeStaleAttempts(this.k.db, now);
  }
}

/** Roles the actor may grant (or propose) in at least one organisation they manage. */
function rolesGrantable(actor: Actor, kind: 'ok' | 'two_person'): Role[] {
  const managed = actor.memberships.filter((m) => ROLE_GRANTS[m.role].own.includes('user.manage'));
  return ROLES.filter((r) => managed.some((m) => grantDecision(actor, r, m.orgPath) === kind));
}

export function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
