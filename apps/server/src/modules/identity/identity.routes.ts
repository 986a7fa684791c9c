import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, LANG_COOKIE, type ZodApp } from '../../kernel/http/http.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { AuthService } from './auth.service.js';
import type { IdentityConfig } from './identity.config.js';
import type { Role } from '../../kernel/access/index.js';
import { identityErrors } from './identity.errors.js';
import {
  createUserBody,
  demoAccountsSchema,
  idParams,
  langBody,
  loginBody,
  passwordBody,
  proposeRoleBody,
  resetPasswordBody,
  roleProposalListSchema,
  roleProposalSchema,
  rolesBody,
  sessionSchema,
  updateUserBody,
  userListSchema,
  userQuery,
  userSchema,
} from './identity.schemas.js';
import { RoleProposalsService } from './role-proposals.service.js';
import type { UsersService } from './users.service.js';

/**
 * What a session flagged "must change password" may still call; everything else answers 403.
 * Besides the session itself: the page's language (the change-password page has a switch), and
 * an SOS, which reads nothing and must never be refused to someone in danger.
 */
const OPEN_WHILE_PASSWORD_CHANGE: ReadonlySet<string> = new Set([
  'POST /api/auth/logout',
  'GET /api/auth/me',
  'POST /api/auth/password',
  'PUT /api/auth/lang',
  'POST /api/alarms/sos',
]);

/**
 * Called once the session is known: an account whose password an administrator set (or reset)
 * acts only after choosing its own, so a leaked temporary password cannot read anything.
 */
export function enforcePasswordChange(req: FastifyRequest): void {
  if (!req.actor?.mustChangePassword) return;
  if (OPEN_WHILE_PASSWORD_CHANGE.has(`${req.method} ${req.routeOptions.url ?? ''}`)) return;
  throw identityErrors.passwordChangeRequired();
}

export const SESSION_COOKIE = 'anxiao_sid';

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  orgName: string;
}

export function requestInfo(req: FastifyRequest) {
  return { ip: req.ip, userAgent: req.headers['user-agent'] ?? '' };
}

export function identityRoutes(
  app: ZodApp,
  k: Kernel,
  auth: AuthService,
  users: UsersService,
  cfg: IdentityConfig,
  demoAccounts: () => Promise<DemoAccount[]>,
): void {
  const secure = k.config.COOKIE_SECURE ?? false;
  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: cfg.SESSION_ABSOLUTE_HOURS * 3600,
    });
  const tags = ['auth'];

  app.post(
    '/api/auth/login',
    {
      config: { public: true, rateLimit: { max: cfg.LOGIN_RATE_PER_MINUTE, timeWindow: 60_000 } },
      schema: {
        tags,
        summary: 'Sign in with user name and password',
        body: loginBody,
        response: { 200: sessionSchema },
      },
    },
    async (req, reply) => {
      // A new session every time (rotation): any session cookie sent along is dropped.
      const old = req.cookies[SESSION_COOKIE];
      if (old && req.actor) await auth.logout(req.actor);
      const { token, me, csrfToken } = await auth.login(
        req.body.username,
        req.body.password,
        requestInfo(req),
      );
      setSessionCookie(reply, token);
      if (me.lang) reply.setCookie(LANG_COOKIE, me.lang, { path: '/', sameSite: 'lax', maxAge: 365 * 86400 });
      return { user: me, csrfToken };
    },
  );
  app.post(
    '/api/auth/logout',
    { schema: { tags, summary: 'Sign out', response: { 204: z.null() } } },
    async (req, reply) => {
      await auth.logout(actorOf(req));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/auth/me',
    { schema: { tags, summary: 'The signed-in user and the CSRF token', response: { 200: sessionSchema } } },
    async (req) => ({ user: await auth.me(actorOf(req)), csrfToken: req.csrfToken ?? '' }),
  );
  app.post(
    '/api/auth/password',
    { schema: { tags, summary: 'Change my password', body: passwordBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await auth.changePassword(actorOf(req), req.body.currentPassword, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );
  app.put(
    '/api/auth/lang',
    { schema: { tags, summary: 'Set my interface language', body: langBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await auth.setLang(actorOf(req), req.body.lang);
      reply.setCookie(LANG_COOKIE, req.body.lang, { path: '/', sameSite: 'lax', maxAge: 365 * 86400 });
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/auth/demo-accounts',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Demo mode only: the demo accounts and their passwords',
        response: { 200: demoAccountsSchema },
      },
    },
    async () => {
      if (!k.config.demo) throw identityErrors.notDemo();
      return demoAccounts();
    },
  );

  const utags = ['users'];
  app.get(
    '/api/users',
    {
      schema: {
        tags: utags,
        summary: 'Users the caller may read',
        querystring: userQuery,
        response: { 200: userListSchema },
      },
    },
    async (req) => users.list(actorOf(req), req.query),
  );
  app.get(
    '/api/users/:id',
    { schema: { tags: utags, summary: 'One user', params: idParams, response: { 200: userSchema } } },
    async (req) => users.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/users',
    {
      schema: {
        tags: utags,
        summary: 'Create a user with roles',
        body: createUserBody,
        response: { 201: userSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await users.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/users/:id',
    {
      schema: {
        tags: utags,
        summary: 'Change a user (also disable / enable)',
        params: idParams,
        body: updateUserBody,
        response: { 200: userSchema },
      },
    },
    async (req) => users.update(actorOf(req), req.params.id, req.body),
  );
  app.put(
    '/api/users/:id/roles',
    {
      schema: {
        tags: utags,
        summary: 'Replace the roles the caller manages of a user',
        params: idParams,
        body: rolesBody,
        response: { 200: userSchema },
      },
    },
    async (req) => users.setRoles(actorOf(req), req.params.id, req.body.roles),
  );
  app.post(
    '/api/users/:id/reset-password',
    {
      schema: {
        tags: utags,
        summary: 'Set a new password; the user must change it at next sign-in',
        params: idParams,
        body: resetPasswordBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await users.resetPassword(actorOf(req), req.params.id, req.body.newPassword);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/users/:id/unlock',
    {
      schema: {
        tags: utags,
        summary: 'Lift the sign-in locks of a user (from every address)',
        params: idParams,
        response: { 200: userSchema },
      },
    },
    async (req) => users.unlock(actorOf(req), req.params.id),
  );

  const proposals = new RoleProposalsService(k, users);
  app.get(
    '/api/users/role-proposals',
    {
      schema: {
        tags: utags,
        summary: 'Pending two-person role grants in the organisations the caller manages',
        response: { 200: roleProposalListSchema },
      },
    },
    async (req) => proposals.list(actorOf(req)),
  );
  app.post(
    '/api/users/:id/role-proposals',
    {
      schema: {
        tags: utags,
        summary: 'Propose a role that needs a second administrator (one that sees who filed sealed requests)',
        params: idParams,
        body: proposeRoleBody,
        response: { 201: roleProposalSchema },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await proposals.propose(actorOf(req), req.params.id, req.body)),
  );
  app.post(
    '/api/users/role-proposals/:id/confirm',
    {
      schema: {
        tags: utags,
        summary: 'Confirm a proposed role (another administrator of the school or above; not the proposer)',
        params: idParams,
        response: { 200: userSchema },
      },
    },
    async (req) => proposals.confirm(actorOf(req), req.params.id),
  );
  app.post(
    '/api/users/role-proposals/:id/reject',
    {
      schema: {
        tags: utags,
        summary: 'Reject (or, as the proposer, withdraw) a proposed role',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await proposals.reject(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
