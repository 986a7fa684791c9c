import { ApiError, api, bodyOf } from '@anxiao/web-core';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { queryKeys } from '../api/keys';
import type { TrackRead } from './tracked';
import type { Catalogue } from './types';

/** Where a request is read: by id as its signed-in reporter, or by its private link. */
export type RequestLoc = { id: string } | { token: string };

const CATALOGUE_KEY = 'anxiao.request.catalogue';

/** The last catalogue read, so the form opens where the network is poor (categories change rarely). */
function cachedCatalogue(userId: string): Catalogue | undefined {
  try {
    const raw = localStorage.getItem(CATALOGUE_KEY);
    if (!raw) return undefined;
    const v = JSON.parse(raw) as { userId?: unknown; catalogue?: Catalogue };
    if (v.userId !== userId || !v.catalogue || !Array.isArray(v.catalogue.categories)) return undefined;
    return { ...v.catalogue, place: null };
  } catch {
    return undefined;
  }
}

function keepCatalogue(userId: string, catalogue: Catalogue): void {
  try {
    localStorage.setItem(CATALOGUE_KEY, JSON.stringify({ userId, catalogue: { ...catalogue, place: null } }));
  } catch {
    // Storage full or disabled: the form reads the catalogue each time.
  }
}

/**
 * The form's categories, and the place a QR code names. Until the server answers (and when it
 * cannot be reached) the categories last read on this phone are shown: `dataUpdatedAt` is 0 for
 * those, and their place is always null.
 */
export function useCatalogue(userId: string, placeId: string | null) {
  return useQuery({
    queryKey: queryKeys.requestCatalogue(placeId),
    queryFn: async ({ signal }) => {
      const catalogue = await bodyOf(
        api.GET('/api/request-catalogue', { params: { query: placeId ? { placeId } : {} }, signal }),
      );
      keepCatalogue(userId, catalogue);
      return catalogue;
    },
    staleTime: 5 * 60_000,
    initialData: () => cachedCatalogue(userId),
    initialDataUpdatedAt: 0,
  });
}

/** `value`, once it has stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return settled;
}

/** Places of the reporter's school matching `q` (name or code). */
export function usePlaceSearch(q: string) {
  const query = q.trim().slice(0, 40);
  return useQuery({
    queryKey: queryKeys.requestPlaces(query),
    queryFn: ({ signal }) =>
      bodyOf(api.GET('/api/request-places', { params: { query: { q: query } }, signal })),
    enabled: query.length > 0,
    staleTime: 60_000,
  });
}

/** The requests the server knows as mine (named and sealed). */
export function useMyRequests() {
  return useQuery({
    queryKey: queryKeys.myRequests,
    queryFn: ({ signal }) => bodyOf(api.GET('/api/my/requests', { signal })),
    refetchOnWindowFocus: 'always',
  });
}

export const isGone = (err: unknown): boolean => err instanceof ApiError && err.status === 404;

/** One request as its reporter sees it, read again when the page is shown again. */
export function useTracked(loc: RequestLoc) {
  return useQuery({
    queryKey: queryKeys.tracked(loc),
    queryFn: ({ signal }) =>
      'id' in loc
        ? bodyOf(api.GET('/api/my/requests/{id}', { params: { path: { id: loc.id } }, signal }))
        : bodyOf(api.GET('/api/requests/track/{token}', { params: { path: { token: loc.token } }, signal })),
    staleTime: 15_000,
    refetchOnWindowFocus: 'always',
  });
}

/** Requests read through their private links (the anonymous ones in my list), by token. */
export function useTrackReads(tokens: readonly string[]): Record<string, TrackRead> {
  const results = useQueries({
    queries: tokens.map((token) => ({
      queryKey: queryKeys.tracked({ token }),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        bodyOf(api.GET('/api/requests/track/{token}', { params: { path: { token } }, signal })),
      staleTime: 15_000,
    })),
  });
  const out: Record<string, TrackRead> = {};
  tokens.forEach((token, i) => {
    const r = results[i];
    out[token] = { data: r?.data, gone: isGone(r?.error) };
  });
  return out;
}

/** The path of a request's photo for its reporter. */
export function photoUrl(loc: RequestLoc, fileId: string): string {
  return 'id' in loc
    ? `/api/my/requests/${encodeURIComponent(loc.id)}/photos/${encodeURIComponent(fileId)}`
    : `/api/requests/track/${encodeURIComponent(loc.token)}/photos/${encodeURIComponent(fileId)}`;
}
