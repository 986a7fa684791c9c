import { fetchMe, logout } from '@anxiao/web-core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { queryKeys } from '../api/keys';
import { forgetDelivered } from '../sos/store';
import { forgetTasks } from '../tasks/cacheStore';

/** The signed-in user (null when signed out). */
export function useMeQuery() {
  return useQuery({ queryKey: queryKeys.me, queryFn: fetchMe, staleTime: 5 * 60_000 });
}

/** Signs out and forgets every cached read. */
export function useLogout(): () => Promise<void> {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    try {
      await logout();
    } catch {
      // The session may already be gone (expired, ended elsewhere); signing out here still holds.
    } finally {
      // Set rather than remove the session: mounted observers of a removed query are not told.
      queryClient.setQueryData(queryKeys.me, null);
      // The next user of this phone must not see this one's alarms (one still on its way stays).
      forgetDelivered();
      // Nor the tasks this one read (checklists still to be sent stay, and go at its next sign-in).
      forgetTasks();
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== queryKeys.me[0] });
    }
  }, [queryClient]);
}
