import { ApiError } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { App } from 'antd';
import { errorMessage, useI18n } from '../i18n/I18nProvider';
import { useConnectionStatus } from '../realtime/RealtimeProvider';

/** The features whose records move through steps, each with its texts under its own name. */
type Feature = 'requests' | 'hazards';

/**
 * What waits for the user. Realtime events refresh it at once; while the socket is down it is
 * polled, so new work still shows.
 */
export function useLiveQueue<T>(queryKey: QueryKey, queryFn: () => Promise<T>) {
  const status = useConnectionStatus();
  return useQuery({
    queryKey,
    queryFn,
    staleTime: 5_000,
    refetchInterval: status === 'connected' ? 60_000 : 15_000,
  });
}

/** One record read by its id (nothing asked without one). */
export function useRecord<T>(
  keyOf: (id: string) => QueryKey,
  get: (id: string) => Promise<T>,
  id: string | undefined,
) {
  return useQuery({
    queryKey: keyOf(id ?? ''),
    queryFn: () => get(id!),
    enabled: Boolean(id),
    staleTime: 5_000,
  });
}

/** Keep an answer that carries the whole record (after a step) and refresh the lists under `listKey`. */
export function useKeepRecord<T extends { id: string }>(keyOf: (id: string) => QueryKey, listKey: QueryKey) {
  const queryClient = useQueryClient();
  return (detail: T) => {
    queryClient.setQueryData(keyOf(detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: listKey });
  };
}

/** A refusal because the record moved on meanwhile (a stale version, or a step no longer allowed). */
export const isChangedMeanwhile = (err: unknown) => err instanceof ApiError && err.status === 409;

/**
 * One step on a record, sent with the version the user saw. Refused because the record changed
 * meanwhile (409), it is read again (all under `listKey`) and the user told to look again; other
 * errors are left to the caller's form.
 */
export function useRecordAction<T, I extends { action: string }>(
  {
    feature,
    act,
    keep,
    listKey,
  }: {
    feature: Feature;
    act: (id: string, input: I) => Promise<T>;
    keep: (detail: T) => void;
    listKey: QueryKey;
  },
  onDone?: () => void,
) {
  const { t, tCode } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: I }) => act(id, input),
    onSuccess: (detail, { input }) => {
      keep(detail);
      void message.success(t(`${feature}.actionDone`, { action: tCode(`${feature}.action`, input.action) }));
      onDone?.();
    },
    onError: (err) => {
      if (isChangedMeanwhile(err)) {
        void queryClient.invalidateQueries({ queryKey: listKey });
        void message.warning(t(`${feature}.changedMeanwhile`, { message: errorMessage(err, t) }), 6);
        onDone?.();
      }
    },
  });
}
