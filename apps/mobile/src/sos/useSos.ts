import type { components } from '@anxiao/api-client';
import { api, bodyOf } from '@anxiao/web-core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { queryKeys } from '../api/keys';
import { currentItem, isFinalStatus, withIncidentStatus, type OutboxItem } from './outbox';
import * as store from './store';

export type IncidentDetail = components['schemas']['IncidentDetail'];

/** How often an open incident is read again while its sender watches. */
const FOLLOW_MS = 4_000;

/** The alarm to show (the latest pressed), or null. */
export function useCurrentSos(): OutboxItem | null {
  const outbox = useSyncExternalStore(store.subscribe, store.getOutbox);
  return currentItem(outbox);
}

/** The time, ticking every second while `active`. */
export function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(id);
  }, [active]);
  return now;
}

export { useOffline } from '../offline/online';

/**
 * The incident an alarm became, read every few seconds (and when the page is shown again) until
 * it is over; its status is kept in the outbox, for the home page and for reopening.
 */
export function useIncident(item: OutboxItem | null) {
  const id = item?.state === 'sent' ? item.incidentId : null;
  const key = item?.key;
  const query = useQuery({
    queryKey: queryKeys.incident(id ?? ''),
    queryFn: ({ signal }) =>
      bodyOf(api.GET('/api/incidents/{id}', { params: { path: { id: id! } }, signal })),
    enabled: id !== null,
    staleTime: 0,
    refetchOnWindowFocus: 'always',
    refetchOnReconnect: 'always',
    refetchInterval: (q) => (isFinalStatus(q.state.data?.status ?? null) ? false : FOLLOW_MS),
  });
  const status = query.data?.status;
  useEffect(() => {
    if (key && status) store.update(key, (it) => withIncidentStatus(it, status));
  }, [key, status]);
  return query;
}

/** The school's own security duty number (保卫处值班电话), offered beside 110/119/120. */
export function useSosContacts() {
  return useQuery({
    queryKey: queryKeys.sosContacts,
    queryFn: () => bodyOf(api.GET('/api/alarms/sos-contacts')),
    staleTime: 60 * 60_000,
  });
}
