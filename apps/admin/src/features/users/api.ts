import { api, bodyOf } from '@anxiao/web-core';
import type { CreateUserInput, Role, RoleAssignment, Status, UpdateUserInput } from '../../api/types';

export interface UserFilters {
  q?: string;
  orgId?: string;
  role?: Role;
  status?: Status;
}

export function listUsers(filters: UserFilters, page: number, pageSize: number) {
  return bodyOf(api.GET('/api/users', { params: { query: { ...filters, page, pageSize } } }));
}

export function createUser(input: CreateUserInput) {
  return bodyOf(api.POST('/api/users', { body: input }));
}

export function updateUser(id: string, patch: UpdateUserInput) {
  return bodyOf(api.PATCH('/api/users/{id}', { params: { path: { id } }, body: patch }));
}

export function setUserRoles(id: string, roles: RoleAssignment[]) {
  return bodyOf(api.PUT('/api/users/{id}/roles', { params: { path: { id } }, body: { roles } }));
}

export async function resetUserPassword(id: string, newPassword: string): Promise<void> {
  await api.POST('/api/users/{id}/reset-password', { params: { path: { id } }, body: { newPassword } });
}

export function unlockUser(id: string) {
  return bodyOf(api.POST('/api/users/{id}/unlock', { params: { path: { id } } }));
}

export function listRoleProposals() {
  return bodyOf(api.GET('/api/users/role-proposals'));
}

export function proposeRole(userId: string, body: { orgId: string; role: Role; reason?: string }) {
  return bodyOf(api.POST('/api/users/{id}/role-proposals', { params: { path: { id: userId } }, body }));
}

export function confirmRoleProposal(id: string) {
  return bodyOf(api.POST('/api/users/role-proposals/{id}/confirm', { params: { path: { id } } }));
}

export async function rejectRoleProposal(id: string): Promise<void> {
  await bodyOf(api.POST('/api/users/role-proposals/{id}/reject', { params: { path: { id } } }));
}
