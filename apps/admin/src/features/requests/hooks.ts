import { ApiError } from '@anxiao/web-core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useMemo } from 'react';
import { queryKeys } from '../../api/keys';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { useConnectionStatus } from '../../realtime/RealtimeProvider';
import { useCan } from '../../session/CurrentUser';
import { actOnRequest, getQueue, getRequest, listCategories, postMessage } from './api';
import type { ActionInput, RequestDetail } from './types';

export const queueKey = [...queryKeys.requests, 'queue'] as const;
export const requestKey = (id: string) => [...queryKeys.requests, 'detail', id] as const;
export const categoriesKey = (schoolId: string | undefined) =>
  [...queryKeys.requestCatalogue, 'categories', schoolId] as const;

/** What the user may do with requests (it only decides what to offer; the server decides). */
export interface RequestRights {
  read: boolean;
  /** the unit's side: sign, contact, progress, reply */
  handle: boolean;
  /** the centre's side: hotline entry, dispatch, transfer, audit, return visit, merge, close */
  dispatch: boolean;
  catalogue: boolean;
  sealed: boolean;
}

export function useRequestRights(): RequestRights {
  const can = useCan();
  return useMemo(
    () => ({
      read: can('request.read'),
      handle: can('request.handle'),
      dispatch: can('request.dispatch'),
      catalogue: can('request.catalogue'),
      sealed: can('request.sealed'),
    }),
    [can],
  );
}

/**
 * "Needs me now". Realtime events (request.received, request.updated) refresh it at once; while
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

export function useRequest(id: string | undefined) {
  return useQuery({
    queryKey: requestKey(id ?? ''),
    queryFn: () => getRequest(id!),
    enabled: Boolean(id),
    staleTime: 5_000,
  });
}

/** A school's categories (all, the inactive ones too); undefined school: nothing asked. */
export function useCategories(schoolId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: categoriesKey(schoolId),
    queryFn: () => listCategories(schoolId!),
    enabled: enabled && Boolean(schoolId),
    staleTime: 5 * 60_000,
    retry: false,
  });
}

/** Keep an answer that carries the whole request (a step, a message) and refresh the lists. */
export function useKeepRequest() {
  const queryClient = useQueryClient();
  return (detail: RequestDetail) => {
    queryClient.setQueryData(requestKey(detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: queryKeys.requests });
  };
}

/** A refusal because the request moved on meanwhile (a stale version, or a step no longer allowed). */
export const isChangedMeanwhile = (err: unknown) => err instanceof ApiError && err.status === 409;

/**
 * One step on a request, sent with the version the user saw. Refused because the request changed
 * meanwhile (409), it is read again and said so; other errors are left to the caller's form.
 */
export function useRequestAction(onDone?: () => void) {
  const { t, tCode } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const keep = useKeepRequest();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: ActionInput }) => actOnRequest(id, input),
    onSuccess: (detail, { input }) => {
      keep(detail);
      void message.success(t('requests.actionDone', { action: tCode('requests.action', input.action) }));
      onDone?.();
    },
    onError: (err) => {
      if (isChangedMeanwhile(err)) {
        void queryClient.invalidateQueries({ queryKey: queryKeys.requests });
        void message.warning(t('requests.changedMeanwhile', { message: errorMessage(err, t) }), 6);
        onDone?.();
      }
    },
  });
}

/** A message in the thread: to the reporter, or an internal note. */
export function useRequestMessage(id: string, onDone: () => void) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const keep = useKeepRequest();
  return useMutation({
    mutationFn: ({ body, internal }: { body: string; internal: boolean }) => postMessage(id, body, internal),
    onSuccess: (detail, { internal }) => {
      keep(detail);
      void message.success(t(internal ? 'requests.thread.noteAdded' : 'requests.thread.sent'));
      onDone();
    },
    onError: (err) => void message.error(errorMessage(err, t)),
  });
}
