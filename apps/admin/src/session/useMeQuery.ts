import { fetchMe } from '@anxiao/web-core';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/keys';

/** The signed-in user (null when signed out); realtime user.* events keep it fresh. */
export function useMeQuery() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 5 * 60_000 });
}
