import { ApiError } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useMemo } from 'react';
import { queryKeys } from '../../api/keys';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { useConnectionStatus } from '../../realtime/RealtimeProvider';
import { useCan } from '../../session/CurrentUser';
import { actOnHazard, getHazard, getQueue, getSettings } from './api';
import type { ActionInput, HazardDetail } from './types';

export const queueKey = [...queryKeys.hazards, 'queue'] as const;
export const hazardKey = (id: string) => [...queryKeys.hazards, 'detail', id] as const;
export const settingsKey = (schoolId: string | undefined) => [...queryKeys.hazardSettings, schoolId] as const;

/** What the user may do with hazards (it only decides what to offer; the server decides). */
export interface HazardRights {
  read: boolean;
  report: boolean;
  /** the responsible unit's side: 五定, progress, asking for verification */
  rectify: boolean;
  /** the security office's side: grade and assign, notices, 复查验收, settings, the monthly report */
  verify: boolean;
}

export function useHazardRights(): HazardRights {
  const can = useCan();
  return useMemo(
    () => ({
      read: can('hazard.read'),
      report: can('hazard.report'),
      rectify: can('hazard.rectify'),
      verify: can('hazard.verify'),
    }),
    [can],
  );
}

/**
 * What waits for me. Realtime events (hazard.changed, my notifications) refresh it at once; while
 * the socket is down it is polled, so new work still shows.
 */
export function useQueue() {
  const status = useConnectionStatus();
  return useQuery({
    queryKey: queueKey,
    queryFn: getQueue,
    staleTime: 5_000,
    refetchInterval: status === 'connected' ? 60_000 : 15_000,
  });
}

export function useHazard(id: string | undefined) {
  return useQuery({
    queryKey: hazardKey(id ?? ''),
    queryFn: () => getHazard(id!),
    enabled: Boolean(id),
    staleTime: 5_000,
  });
}

/** A school's rectification days per grade and grace days before 挂牌督办. */
export function useSettings(schoolId: string | undefined) {
  return useQuery({
    queryKey: settingsKey(schoolId),
    queryFn: () => getSettings(schoolId!),
    enabled: Boolean(schoolId),
    staleTime: 5 * 60_000,
  });
}

/** Keep an answer that carries the whole hazard (a step, the notice) and refresh the lists. */
export function useKeepHazard() {
  const queryClient = useQueryClient();
  return (detail: HazardDetail) => {
    queryClient.setQueryData(hazardKey(detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: queryKeys.hazards });
  };
}

/** A refusal because the hazard moved on meanwhile (a stale version, or a step no longer allowed). */
export const isChangedMeanwhile = (err: unknown) => err instanceof ApiError && err.status === 409;

/**
 * One step on a hazard, sent with the version the user saw. Refused because the hazard changed
 * meanwhile (409), it is read again and the user told to look again; other errors are left to the
 * caller's form.
 */
export function useHazardAction(onDone?: () => void) {
  const { t, tCode } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const keep = useKeepHazard();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ActionInput }) => actOnHazard(id, input),
    onSuccess: (detail, { input }) => {
      keep(detail);
      void message.success(t('hazards.actionDone', { action: tCode('hazards.action', input.action) }));
      onDone?.();
    },
    onError: (err) => {
      if (isChangedMeanwhile(err)) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.hazards });
        void message.warning(t('hazards.changedMeanwhile', { message: errorMessage(err, t) }), 6);
        onDone?.();
      }
    },
  });
}
