import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './http';
import { queryKeys } from './keys';
import type { Org } from './types';

/** Every organisation the user may read; several features draw trees and names from it. */
export function useOrgs(enabled = true) {
  return useQuery({
    queryKey: queryKeys.orgs,
    queryFn: async () => (await apiFetch<{ items: Org[] }>('/api/orgs')).items,
    enabled,
  });
}
