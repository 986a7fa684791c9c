import { useMutation, useQuery } from '@tanstack/react-query';
import { App } from 'antd';
import { useMemo } from 'react';
import { queryKeys } from '../../api/keys';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { useKeepRecord, useLiveQueue, useRecord, useRecordAction } from '../../lib/records';
import { useCan } from '../../session/CurrentUser';
import { actOnRequest, getQueue, getRequest, listCategories, postMessage } from './api';
import type { RequestDetail } from './types';

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

/** "Needs me now" (request.received and request.updated refresh it at once). */
export const useQueue = () => useLiveQueue(queueKey, getQueue);

export const useRequest = (id: string | undefined) => useRecord(requestKey, getRequest, id);

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
export const useKeepRequest = () => useKeepRecord<RequestDetail>(requestKey, queryKeys.requests);

/** One step on a request, sent with the version the user saw (see useRecordAction). */
export function useRequestAction(onDone?: () => void) {
  const keep = useKeepRequest();
  return useRecordAction(
    { feature: 'requests', act: actOnRequest, keep, listKey: queryKeys.requests },
    onDone,
  );
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
