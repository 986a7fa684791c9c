import { api, bodyOf } from '@anxiao/web-core';
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { queryKeys } from './keys';

/** How many grids a picker shows at once: the first ones, or those matching what was typed. */
export const GRID_PICK_PAGE = 50;

/** One page of the grids the user may see (of one school when given) whose name, code or leader contains `q`. */
export async function searchGrids(schoolId: string | undefined, q: string) {
  const query = { schoolId, q: q || undefined, page: 1, pageSize: GRID_PICK_PAGE };
  return bodyOf(api.GET('/api/grids', { params: { query } }));
}

/** `value`, once it has stayed the same for `ms`. */
export function useDebounced<T>(value: T, ms = 250): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * A picker's grids as the user types: the first page when nothing is typed, else those matching
 * (asked 250 ms after the last key). Never the whole list of a school.
 */
export function useGridSearch(schoolId: string | undefined, enabled = true) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim());
  const found = useQuery({
    queryKey: [...queryKeys.grids, 'pick', schoolId ?? null, q],
    queryFn: async () => {
      const page = await searchGrids(schoolId, q);
      // a grid once seen keeps its name when chosen and no longer among the matches
      for (const g of page.items) queryClient.setQueryData(gridNameKey(g.id), g.name);
      return page;
    },
    enabled,
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });
  return { text, setText, found, searching: text.trim() !== q || found.isFetching };
}

const gridNameKey = (id: string) => [...queryKeys.grids, 'name', id];

/** The names of some grids by id (those chosen, those shown in a table), each asked once and kept. */
export function useGridNames(ids: readonly string[]) {
  const unique = useMemo(() => [...new Set(ids)].sort(), [ids]);
  const results = useQueries({
    queries: unique.map((id) => ({
      queryKey: gridNameKey(id),
      queryFn: async () => (await bodyOf(api.GET('/api/grids/{id}', { params: { path: { id } } }))).name,
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const names = new Map<string, string>();
  unique.forEach((id, i) => {
    const name = results[i]?.data;
    if (name) names.set(id, name);
  });
  return names;
}
