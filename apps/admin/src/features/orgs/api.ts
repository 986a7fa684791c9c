import { apiFetch } from '../../api/http';
import type { CreateOrgInput, Org, UpdateOrgInput } from '../../api/types';

export function createOrg(input: CreateOrgInput): Promise<Org> {
  return apiFetch<Org>('/api/orgs', { method: 'POST', body: input });
}

export function updateOrg(id: string, patch: UpdateOrgInput): Promise<Org> {
  return apiFetch<Org>(`/api/orgs/${id}`, { method: 'PATCH', body: patch });
}
