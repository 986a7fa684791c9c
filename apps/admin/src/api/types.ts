// Hand-written mirror of the server's HTTP contract, to be replaced by the types generated in
// packages/api-client once it is published.

export const LANGS = ['zh-CN', 'en-US'] as const;
export type Lang = (typeof LANGS)[number];

export const ROLES = [
  'system_admin',
  'school_admin',
  'grid_center',
  'grid_leader',
  'grid_worker',
  'guard',
  'counselor',
  'police',
  'supervisor',
  'reporter',
] as const;
export type Role = (typeof ROLES)[number];

export const ORG_KINDS = [
  'region',
  'education_bureau',
  'police_station',
  'stability_office',
  'school',
  'campus',
  'college',
  'department',
  'class',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const SCHOOL_TYPES = ['university', 'vocational', 'secondary', 'primary', 'kindergarten'] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

export const STATUSES = ['active', 'disabled'] as const;
export type Status = (typeof STATUSES)[number];

export type Permission =
  'org.read' | 'org.manage' | 'user.read' | 'user.manage' | 'audit.read' | 'file.upload' | 'file.read';

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface Membership {
  orgId: string;
  orgName: string;
  role: Role;
}

export interface RoleAssignment {
  orgId: string;
  role: Role;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgName: string;
  lang: Lang | null;
  mustChangePassword: boolean;
  memberships: Membership[];
  permissions: string[];
}

export interface SessionResponse {
  user: Me;
  csrfToken: string;
}

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  orgName: string;
}

export interface Org {
  id: string;
  parentId: string | null;
  kind: OrgKind;
  schoolType: SchoolType | null;
  name: string;
  code: string;
  sort: number;
  status: Status;
  address: string | null;
  phone: string | null;
}

export interface CreateOrgInput {
  parentId: string;
  kind: OrgKind;
  name: string;
  code: string;
  schoolType?: SchoolType;
  address?: string;
  phone?: string;
  sort?: number;
}

export type UpdateOrgInput = Partial<
  Pick<Org, 'name' | 'code' | 'schoolType' | 'address' | 'phone' | 'sort' | 'status'>
>;

export interface Page<T> {
  items: T[];
  total: number;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  email: string | null;
  orgId: string;
  orgName: string;
  status: Status;
  memberships: Membership[];
  lastLoginAt: string | null;
  lockedUntil: string | null;
  createdAt: string;
}

export interface CreateUserInput {
  username: string;
  displayName: string;
  phone?: string;
  email?: string;
  orgId: string;
  password: string;
  roles: RoleAssignment[];
}

export interface UpdateUserInput {
  displayName?: string;
  phone?: string | null;
  email?: string | null;
  status?: Status;
}

export type AuditOutcome = 'ok' | 'denied' | 'failed';

export interface AuditEntry {
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  orgId: string | null;
  sensitive: boolean;
  outcome: AuditOutcome;
  details: unknown;
}

export interface RealtimeEvent {
  id: string;
  seq: number;
  type: string;
  payload: unknown;
  orgId: string | null;
  occurredAt: string;
}

export type RealtimeMessage =
  { type: 'ready'; lastSeq: number } | { type: 'event'; event: RealtimeEvent } | { type: 'reset' };
