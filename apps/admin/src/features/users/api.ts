import { apiFetch } from '../../api/http';
import type {
  CreateUserInput,
  Page,
  Role,
  RoleAssignment,
  Status,
  UpdateUserInput,
  User,
} from '../../api/types';

export interface UserFilters {
  q?: string;
  orgId?: string;
  role?: Role;
  status?: Status;
}

export function listUsers(filters: UserFilters, page: number, pageSize: number): Promise<Page<User>> {
  return apiFetch<Page<User>>('/api/users', { query: { ...filters, page, pageSize } });
}

export function createUser(input: CreateUserInput): Promise<User> {
  return apiFetch<User>('/api/users', { method: 'POST', body: input });
}

export function updateUser(id: string, patch: UpdateUserInput): Promise<User> {
  return apiFetch<User>(`/api/users/${id}`, { method: 'PATCH', body: patch });
}

export function setUserRoles(id: string, roles: RoleAssignment[]): Promise<User> {
  return apiFetch<User>(`/api/users/${id}/roles`, { method: 'PUT', body: { roles } });
}

export function resetUserPassword(id: string, newPassword: string): Promise<void> {
  return apiFetch<undefined>(`/api/users/${id}/reset-password`, { method: 'POST', body: { newPassword } });
}
