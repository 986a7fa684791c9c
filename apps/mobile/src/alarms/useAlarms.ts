import { api, bodyOf } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { queryKeys } from '../api/keys';
import { useRealtimeNudge } from '../api/realtime';
import type { IncidentAction } from './types';

/** Read again this often even with the socket open: a dead socket must not keep an alarm silent. */
const POLL_MS = 5_000;

/**
 * The open incidents of the schools (or the jurisdiction) where the user holds roles, read again at
 * once when the server pushes an incident event and every few seconds whatever happens.
 */
export function useOpenIncidents(enabled: boolean) {
  const queryClient = useQueryClient();
  const refresh = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: queryKeys.openIncidents }),
    [queryClient],
  );
  useRealtimeNudge(['incident.'], refresh, enabled);
  return useQuery({
    enabled,
    queryKey: queryKeys.openIncidents,
    queryFn: ({ signal }) =>
      bodyOf(api.GET('/api/incidents', { params: { query: { open: 'true' } }, signal })),
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
}

/** One step on an incident: acknowledge, on scene, the police's accept and on scene. */
export function useIncidentAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: IncidentAction }) =>
      bodyOf(api.POST('/api/incidents/{id}/actions', { params: { path: { id } }, body: { action } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.openIncidents }),
  });
}
