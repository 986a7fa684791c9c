import { z } from 'zod';
import { intParam } from '../../kernel/http/schemas.js';
import { ROLES } from '../../kernel/access/index.js';

const role = z.enum(ROLES);
const membership = z.object({ orgId: z.uuid(), orgName: z.string(), role });

export const meSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    orgId: z.uuid(),
    orgName: z.string(),
    lang: z.enum(['zh-CN', 'en-US']).nullable(),
    mustChangePassword: z.boolean().describe('the user must choose a new password before going on'),
    memberships: z.array(membership),
    permissions: z.array(z.string()).describe('permissions held in at least one organisation'),
    grids: z
      .array(z.object({ gridId: z.uuid(), position: z.enum(['leader', 'member']) }))
      .describe('grids this user leads or works in'),
    assignableRoles: z.array(role).describe('roles this user may grant in the organisations they manage'),
    proposableRoles: z
      .array(role)
      .describe('roles this user may only propose; another administrator of the school or above confirms'),
  })
  .meta({ id: 'Me' });

export const sessionSchema = z.object({
  user: meSchema,
  csrfToken: z.string().describe('send as the x-csrf-token header on every change'),
});

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const passwordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});

export const langBody = z.object({ lang: z.enum(['zh-CN', 'en-US']) });

export const demoAccountsSchema = z.array(
  z.object({
    username: z.string(),
    password: z.string(),
    role,
    displayName: z.string(),
    orgName: z.string(),
  }),
);

export const userSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    orgId: z.uuid(),
    orgName: z.string(),
    status: z.enum(['active', 'disabled']),
    memberships: z.array(membership),
    lastLoginAt: z.date().nullable(),
    lockedUntil: z.date().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'User' });

export const userListSchema = z.object({ items: z.array(userSchema), total: z.number().int() });

export const userQuery = z.object({
  q: z.string().trim().max(64).optional().describe('matches user name, display name or phone'),
  orgId: z.uuid().optional().describe('users of this organisation and its subtree'),
  role: role.optional(),
  status: z.enum(['active', 'disabled']).optional(),
  page: intParam(1, 100_000, 1),
  pageSize: intParam(1, 200, 20),
});

const roleAssignment = z.object({ orgId: z.uuid(), role });
const displayName = z.string().trim().min(1).max(50);
const phone = z
  .string()
  .trim()
  .max(30)
  .regex(/^[0-9+\- ]*$/, 'digits, spaces, "+" and "-" only');

export const createUserBody = z.object({
  username: z
    .string()
    .trim()
    .min(2)
    .max(64)
    .regex(/^[A-Za-z0-9_.@-]+$/, 'letters, digits and _ . @ - only'),
  displayName,
  phone: phone.optional(),
  email: z.email().max(120).optional(),
  orgId: z.uuid().describe('home organisation: whose administrators manage the account'),
  password: z.string().min(1).max(200),
  roles: z.array(roleAssignment).max(20),
});

export const updateUserBody = z.object({
  displayName: displayName.optional(),
  phone: phone.nullable().optional(),
  email: z.email().max(120).nullable().optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const rolesBody = z.object({ roles: z.array(roleAssignment).max(20) });
export const resetPasswordBody = z.object({ newPassword: z.string().min(1).max(200) });
export const idParams = z.object({ id: z.uuid() });

export const proposeRoleBody = z.object({
  orgId: z.uuid(),
  role,
  reason: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('why the user needs this role (kept in the audit log)'),
});

export const roleProposalSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    username: z.string(),
    displayName: z.string(),
    orgId: z.uuid(),
    orgName: z.string(),
    role,
    reason: z.string().nullable(),
    proposedBy: z.uuid(),
    proposedByName: z.string(),
    proposedAt: z.date(),
    expiresAt: z.date(),
    canConfirm: z.boolean().describe('the caller may confirm or reject it (not the proposer, not the user)'),
  })
  .meta({ id: 'RoleProposal' });

export const roleProposalListSchema = z.object({ items: z.array(roleProposalSchema) });
