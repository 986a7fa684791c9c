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

export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export interface Membership {
  orgId: string;
  orgName: string;
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
