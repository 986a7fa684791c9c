import { api, bodyOf } from '@anxiao/web-core';
import type { CreateOrgInput, UpdateOrgInput } from '../../api/types';

export function createOrg(input: CreateOrgInput) {
  return bodyOf(api.POST('/api/orgs', { body: input }));
}

export function updateOrg(id: string, patch: UpdateOrgInput) {
  return bodyOf(api.PATCH('/api/orgs/{id}', { params: { path: { id } }, body: patch }));
}
