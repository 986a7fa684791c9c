import { api, bodyOf } from '@anxiao/web-core';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/keys';
import { todayWithDetails, type CachedUser } from './cache';
import { cachedDetail, cachedDetails, cachedToday, keepDetail, keepToday } from './cacheStore';

/**
 * Today's tasks of the grids I hold. Until the server answers (and when it cannot be reached) the
 * list last read on this phone is shown: `dataUpdatedAt` tells when it was read.
 */
export function useTasksToday(user: CachedUser, enabled = true) {
  return useQuery({
    // Asked only of an account that may do grid work: another one would be refused (403).
    enabled,
    queryKey: queryKeys.tasksToday,
    queryFn: async ({ signal }) => {
      const today = await bodyOf(api.GET('/api/tasks/today', { signal }));
      keepToday(user, today, Date.now());
      return today;
    },
    initialData: () => {
      const cached = cachedToday(user.id);
      return cached ? todayWithDetails(cached.today, cachedDetails(user.id), cached.savedAt) : undefined;
    },
    initialDataUpdatedAt: () => cachedToday(user.id)?.savedAt,
    refetchOnWindowFocus: 'always',
  });
}

/** One task with its checklist; the one last read on this phone until the server answers. */
export function useTask(userId: string, id: string) {
  return useQuery({
    queryKey: queryKeys.task(id),
    queryFn: async ({ signal }) => {
      const detail = await bodyOf(api.GET('/api/tasks/{id}', { params: { path: { id } }, signal }));
      keepDetail(userId, detail, Date.now());
      return detail;
    },
    initialData: () => cachedDetail(userId, id)?.detail,
    initialDataUpdatedAt: () => cachedDetail(userId, id)?.savedAt,
  });
}
