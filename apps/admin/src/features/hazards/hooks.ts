import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { queryKeys } from '../../api/keys';
import { useKeepRecord, useLiveQueue, useRecord, useRecordAction } from '../../lib/records';
import { useCan } from '../../session/CurrentUser';
import { actOnHazard, getHazard, getQueue, getSettings } from './api';
import type { HazardDetail } from './types';

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

/** What waits for me (hazard.changed and my notifications refresh it at once). */
export const useQueue = () => useLiveQueue(queueKey, getQueue);

export const useHazard = (id: string | undefined) => useRecord(hazardKey, getHazard, id);

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
export const useKeepHazard = () => useKeepRecord<HazardDetail>(hazardKey, queryKeys.hazards);

/** One step on a hazard, sent with the version the user saw (see useRecordAction). */
export function useHazardAction(onDone?: () => void) {
  const keep = useKeepHazard();
  return useRecordAction({ feature: 'hazards', act: actOnHazard, keep, listKey: queryKeys.hazards }, onDone);
}
