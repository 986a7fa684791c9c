import { ApiError } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useMemo } from 'react';
import { queryKeys } from '../../api/keys';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { useCan } from '../../session/CurrentUser';
import {
  acknowledgeDrill,
  cancelDrill,
  finishDrill,
  getDrill,
  listAlarmDevices,
  listDrills,
  listPlanTemplates,
  startDrill,
} from './api';
import type { Drill, FinishDrillInput } from './types';

/** While a drill runs its incident moves on without a drill event: read it again this often. */
const RUNNING_REFRESH_MS = 15_000;

export const drillListKey = (schoolId: string | undefined) =>
  [...queryKeys.drills, 'list', schoolId] as const;
export const drillKey = (id: string) => [...queryKeys.drills, 'detail', id] as const;

/** What the user may do with drills (it only decides what to offer; the server decides). */
export interface DrillRights {
  /** schedule, start, finish, cancel */
  manage: boolean;
  /** acknowledge the report for the police station (已知悉) */
  police: boolean;
}

export function useDrillRights(): DrillRights {
  const can = useCan();
  return useMemo(() => ({ manage: can('alarm.drill'), police: can('alarm.police') }), [can]);
}

const anyRunning = (drills: readonly Drill[] | undefined) => !!drills?.some((d) => d.status === 'running');

/** The drills and tests of one school, or of every school the user sees; latest first. */
export function useDrills(schoolId: string | undefined) {
  return useQuery({
    queryKey: drillListKey(schoolId),
    queryFn: () => listDrills(schoolId),
    refetchInterval: (q) => (anyRunning(q.state.data) ? RUNNING_REFRESH_MS : false),
  });
}

/** One drill, first shown from the list it was opened from. */
export function useDrill(id: string | undefined, listed: Drill | undefined) {
  return useQuery({
    queryKey: drillKey(id ?? ''),
    queryFn: () => getDrill(id!),
    enabled: !!id,
    placeholderData: listed,
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? RUNNING_REFRESH_MS : false),
  });
}

export function usePlanTemplates(enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.planTemplates, 'drills'],
    queryFn: listPlanTemplates,
    enabled,
    staleTime: 10 * 60_000,
  });
}

export function useAlarmDevices(schoolId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.alarmDevices, 'drills', schoolId],
    queryFn: () => listAlarmDevices(schoolId!),
    enabled: enabled && !!schoolId,
  });
}

/** Keep the drill the server answered with, and have the lists read again. */
export function useKeepDrill() {
  const queryClient = useQueryClient();
  return (drill: Drill) => {
    queryClient.setQueryData(drillKey(drill.id), drill);
    void queryClient.invalidateQueries({ queryKey: queryKeys.drills });
  };
}

type Step =
  | { kind: 'acknowledge'; id: string }
  | { kind: 'start'; id: string }
  | { kind: 'finish'; id: string; input: FinishDrillInput }
  | { kind: 'cancel'; id: string; reason: string };

function run(step: Step): Promise<Drill> {
  switch (step.kind) {
    case 'acknowledge':
      return acknowledgeDrill(step.id);
    case 'start':
      return startDrill(step.id);
    case 'finish':
      return finishDrill(step.id, step.input);
    case 'cancel':
      return cancelDrill(step.id, step.reason);
  }
}

const DONE_MESSAGE = {
  acknowledge: 'drills.acked',
  start: 'drills.started',
  finish: 'drills.finished',
  cancel: 'drills.cancelled',
} as const;

/**
 * One step on a drill. Refused because the drill changed meanwhile (someone else took the step
 * first), it is read again and the server's words shown. `quiet`: the form showing the error.
 */
export function useDrillStep({ quiet = false, onDone }: { quiet?: boolean; onDone?: () => void } = {}) {
  const t = useT();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const keep = useKeepDrill();
  return useMutation({
    mutationFn: run,
    onSuccess: (drill, step) => {
      keep(drill);
      void message.success(t(DONE_MESSAGE[step.kind]));
      onDone?.();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 409) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.drills });
        if (!quiet) void message.warning(t('drills.changedMeanwhile', { message: errorMessage(err, t) }));
        return;
      }
      if (!quiet) void message.error(errorMessage(err, t));
    },
  });
}
