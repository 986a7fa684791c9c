import type { components } from '@anxiao/api-client';
import { api, bodyOf } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { queryKeys } from '../api/keys';
import { useRealtimeNudge } from '../api/realtime';
import type { Route } from '../router';

export type Notification = components['schemas']['Notification'];

/** The user's own notifications, newest first, with the unread count; read again when one arrives. */
export function useInbox() {
  const queryClient = useQueryClient();
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
    [queryClient],
  );
  useRealtimeNudge(['notification.'], refresh);
  return useQuery({
    queryKey: queryKeys.notifications,
    queryFn: ({ signal }) => bodyOf(api.GET('/api/notifications', { signal })),
    refetchInterval: 60_000,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      bodyOf(api.POST('/api/notifications/{id}/read', { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications }),
  });
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CONSOLE_INCIDENT = new RegExp(`^/(incidents|police)/${UUID}$`, 'i');
const CONSOLE_TASK = new RegExp(`^/tasks/(${UUID})$`, 'i');
const PHONE = /^\/m\/(#.*)$/;

/**
 * Where on the phone a notification's link leads: the phone's own links (/m/#/…) as they are, an
 * alarm to the 警情 page, a grid task to its checklist; null where the phone has no page for it
 * (the text is then shown in place).
 */
export function phoneTarget(link: string | null): { hash: string } | Route | null {
  if (!link) return null;
  const phone = PHONE.exec(link);
  if (phone) return { hash: phone[1]! };
  if (CONSOLE_INCIDENT.test(link)) return { name: 'alarms' };
  const task = CONSOLE_TASK.exec(link);
  if (task) return { name: 'task', id: task[1]!.toLowerCase() };
  return null;
}
