import { ApiError } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { queryKeys } from '../../api/keys';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { useConnectionStatus } from '../../realtime/RealtimeProvider';
import { actOnIncident, getIncident, getOverview, listIncidents } from './api';
import type { IncidentAction, IncidentDetail } from './types';

export const openIncidentsKey = [...queryKeys.incidents, 'open'] as const;
export const incidentKey = (id: string) => [...queryKeys.incidents, 'detail', id] as const;

/**
 * Every open incident the user may see (all their schools): the one read behind the ringing
 * banner, the security room's list and the police console. Realtime events and every reconnect
 * refresh it at once; while the socket is down it is polled, so an alarm still rings.
 */
export function useOpenIncidents(enabled = true) {
  const status = useConnectionStatus();
  return useQuery({
    queryKey: openIncidentsKey,
    queryFn: () => listIncidents({ open: true }),
    enabled,
    staleTime: 5_000,
    refetchInterval: status === 'connected' ? 60_000 : 10_000,
    refetchIntervalInBackground: true,
  });
}

/** The latest incidents of a school (open and ended). */
export function useRecentIncidents(schoolId: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.incidents, 'recent', schoolId],
    queryFn: () => listIncidents({ schoolId }),
    enabled: Boolean(schoolId),
  });
}

export function useIncident(id: string | undefined) {
  return useQuery({
    queryKey: incidentKey(id ?? ''),
    queryFn: () => getIncident(id!),
    enabled: Boolean(id),
    staleTime: 5_000,
  });
}

export function useAlarmOverview(enabled = true) {
  return useQuery({ queryKey: queryKeys.alarmOverview, queryFn: getOverview, enabled });
}

/**
 * Keep an answer that carries the whole incident (a step, a note, a plan) and refresh the lists;
 * the realtime event does the same on every other console.
 */
export function useKeepIncident() {
  const queryClient = useQueryClient();
  return (detail: IncidentDetail) => {
    queryClient.setQueryData(incidentKey(detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: queryKeys.incidents });
  };
}

export interface ActionInput {
  id: string;
  action: IncidentAction;
  reason?: string;
  /** 处置说明 with resolve, 结案说明 with close */
  note?: string;
}

/**
 * One step on an incident. Refused because the incident changed meanwhile (someone else took the
 * step first), it is read again and the server's words are shown.
 */
export function useIncidentAction() {
  const { t, tCode } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const keep = useKeepIncident();
  return useMutation({
    mutationFn: ({ id, action, reason, note }: ActionInput) =>
      actOnIncident(id, action, { ...(reason ? { reason } : {}), ...(note ? { note } : {}) }),
    onSuccess: (detail, { action }) => {
      keep(detail);
      void message.success(t('alarm.actionDone', { action: tCode('alarm.action', action) }));
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.incidents });
        void message.warning(t('alarm.changedMeanwhile', { message: errorMessage(err, t) }));
        return;
      }
      void message.error(errorMessage(err, t));
    },
  });
}
