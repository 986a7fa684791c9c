import { api, bodyOf } from '@anxiao/web-core';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from './keys';

/** Every organisation the user may read; several features draw trees and names from it. */
export function useOrgs(enabled = true) {
  return useQuery({
    queryKey: queryKeys.orgs,
    queryFn: async () => (await bodyOf(api.GET('/api/orgs'))).items,
    enabled,
  });
}
