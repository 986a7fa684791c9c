import { api, bodyOf } from '@anxiao/web-core';
import {
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type InfiniteData,
} from '@tanstack/react-query';
import { queryKeys } from '../../api/keys';
import type { QueryOf } from '../../lib/apiTypes';
import type { paths } from '@anxiao/api-client';

export type InboxQuery = Omit<QueryOf<paths['/api/notifications']['get']>, 'cursor' | 'limit'>;
export type InboxPage = Awaited<ReturnType<typeof listNotifications>>;
export type InboxItem = InboxPage['items'][number];

/** How many the bell's drop-down shows, and how many the inbox reads at a time. */
export const LATEST = 6;
export const PAGE = 20;

const countKey = [...queryKeys.notifications, 'count'] as const;
const latestKey = [...queryKeys.notifications, 'latest'] as const;
const inboxKey = (q: InboxQuery) => [...queryKeys.notifications, 'inbox', q] as const;

export function listNotifications(query: InboxQuery, limit: number, cursor?: string) {
  return bodyOf(api.GET('/api/notifications', { params: { query: { ...query, limit, cursor } } }));
}

/** The bell: unread, and how many of them are alarms. Kept fresh by notification.* events. */
export function useUnreadCount() {
  return useQuery({
    queryKey: countKey,
    queryFn: () => bodyOf(api.GET('/api/notifications/unread-count')),
    // the realtime feed refreshes it; this only covers a socket that stayed down unnoticed
    refetchInterval: 60_000,
  });
}

/** The newest few, read when the bell's drop-down opens. */
export function useLatest(enabled: boolean) {
  return useQuery({ queryKey: latestKey, queryFn: () => listNotifications({}, LATEST), enabled });
}

/** The inbox: pages by cursor, each next one read on 加载更多. */
export function useInbox(query: InboxQuery) {
  return useInfiniteQuery({
    queryKey: inboxKey(query),
    queryFn: ({ pageParam }) => listNotifications(query, PAGE, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Marks one read at once in what is shown (the bell drops at the click), then asks again. */
export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (n: InboxItem) =>
      bodyOf(api.POST('/api/notifications/{id}/read', { params: { path: { id: n.id } } })),
    onMutate: async (n) => {
      if (n.readAt) return;
      await qc.cancelQueries({ queryKey: queryKeys.notifications });
      const readAt = new Date().toISOString();
      const mark = (p: InboxPage): InboxPage => ({
        ...p,
        items: p.items.map((x) => (x.id === n.id ? { ...x, readAt } : x)),
      });
      qc.setQueryData<InboxPage>(latestKey, (p) => p && mark(p));
      qc.setQueriesData<InfiniteData<InboxPage>>(
        { queryKey: [...queryKeys.notifications, 'inbox'] },
        (d) => d && { ...d, pages: d.pages.map(mark) },
      );
      qc.setQueryData<{ unread: number; unreadAlarms: number }>(
        countKey,
        (c) =>
          c && {
            unread: Math.max(0, c.unread - 1),
            unreadAlarms: Math.max(0, c.unreadAlarms - (n.alarm ? 1 : 0)),
          },
      );
    },
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}

/**
 * 全部已读 (of one family when given), up to the newest the user has in front of them: one that
 * arrives meanwhile stays unread.
 */
export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { kind?: string; before?: string }) =>
      bodyOf(api.POST('/api/notifications/read-all', { body: v })),
    onSettled: () => qc.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}
