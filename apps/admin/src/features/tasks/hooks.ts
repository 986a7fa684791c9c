import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { queryKeys } from '../../api/keys';
import { useRecord } from '../../lib/records';
import { useCan } from '../../session/CurrentUser';
import { getTask, listSchedules, listTemplates } from './api';

export const taskKey = (id: string) => [...queryKeys.tasks, 'detail', id] as const;
export const templatesKey = (schoolId: string | undefined) =>
  [...queryKeys.taskConfig, 'templates', schoolId] as const;
export const schedulesKey = (schoolId: string | undefined) =>
  [...queryKeys.taskConfig, 'schedules', schoolId] as const;

/** What the user may do with grid tasks (it only decides what to offer; the server decides). */
export function useTaskRights() {
  const can = useCan();
  return useMemo(() => ({ read: can('task.read'), manage: can('task.manage') }), [can]);
}

export const useTask = (id: string | undefined) => useRecord(taskKey, getTask, id);

/** A school's templates (the inactive ones too). */
export function useTemplates(schoolId: string | undefined) {
  return useQuery({
    queryKey: templatesKey(schoolId),
    queryFn: () => listTemplates(schoolId!),
    enabled: Boolean(schoolId),
    staleTime: 60_000,
  });
}

export function useSchedules(schoolId: string | undefined) {
  return useQuery({
    queryKey: schedulesKey(schoolId),
    queryFn: () => listSchedules(schoolId!),
    enabled: Boolean(schoolId),
    staleTime: 60_000,
  });
}
