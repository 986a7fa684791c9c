import { api, bodyOf } from '@anxiao/web-core';
import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { queryKeys } from '../../api/keys';
import type { Grid, GridLevel } from '../../api/types';
import { useGridDetail } from './api';
import type { GridKind } from './model';

/** A search shows at most this many matches (with the way to each). */
export const SEARCH_LIMIT = 500;

interface TreeInput {
  schoolId: string | undefined;
  kind: GridKind;
  level: GridLevel | undefined;
  search: string;
  /** null: the default (the first two levels, the way to the selection, every match of a search) */
  expanded: string[] | null;
  selectedId: string | null;
  enabled: boolean;
}

export interface GridTree {
  /** the grids read so far: the top, the children of every open grid, or a search's matches and their ancestors */
  grids: Grid[];
  /** the ids of a search's matches (undefined when nothing is searched) */
  matchIds: Set<string> | undefined;
  /** more matches than shown */
  matchTotal: number | undefined;
  expandedKeys: string[];
  loading: boolean;
  error: unknown;
}

const listOf = async (query: Record<string, string | number | undefined>) =>
  bodyOf(api.GET('/api/grids', { params: { query } }));

/**
 * The grid tree of a school, read a part at a time (a big school has thousands of grids): the top
 * of what the user sees, then the children of each grid as it is opened; a search or a level
 * filter asks the server for the matches and the way to them.
 */
export function useGridTree({
  schoolId,
  kind,
  level,
  search,
  expanded,
  selectedId,
  enabled,
}: TreeInput): GridTree {
  const needle = search.trim();
  const searching = !!needle || !!level;
  const base = [...queryKeys.grids, 'tree', schoolId ?? null, kind] as const;

  const top = useQuery({
    queryKey: [...base, 'roots'],
    queryFn: async () => (await listOf({ schoolId, kind, roots: 'true' })).items,
    enabled: enabled && !searching,
  });
  const found = useQuery({
    queryKey: [...base, 'search', needle, level ?? null],
    queryFn: () =>
      listOf({
        schoolId,
        kind,
        level,
        q: needle || undefined,
        withAncestors: 'true',
        page: 1,
        pageSize: SEARCH_LIMIT,
      }),
    enabled: enabled && searching,
    placeholderData: keepPreviousData,
  });
  // The way to a grid opened by a link (it may lie deep in the tree).
  const selected = useGridDetail(selectedId ?? undefined);
  const way = useMemo(() => (selected.data?.ancestors ?? []).map((a) => a.id), [selected.data]);

  // Children are read for every open grid. By default the top and its children are open (two
  // levels, as when the whole tree came at once) and the way to the selection.
  const roots = useMemo(() => top.data ?? [], [top.data]);
  const firstIds = useMemo(() => {
    if (expanded) return expanded;
    if (searching) return [];
    return [...new Set([...roots.map((g) => g.id), ...way])];
  }, [expanded, searching, roots, way]);
  const childQuery = (id: string) => ({
    queryKey: [...base, 'children', id],
    queryFn: async () => (await listOf({ parentId: id, kind })).items,
    enabled: enabled && !searching,
    staleTime: 60_000,
  });
  const first = useQueries({ queries: firstIds.map(childQuery) });
  const rootIds = useMemo(() => new Set(roots.map((g) => g.id)), [roots]);
  const childrenOfRoots = first
    .filter((_, i) => rootIds.has(firstIds[i]!))
    .flatMap((c) => c.data ?? [])
    .filter((g) => g.childCount > 0)
    .map((g) => g.id);
  const secondIds = expanded || searching ? [] : childrenOfRoots.filter((id) => !firstIds.includes(id));
  const second = useQueries({ queries: secondIds.map(childQuery) });
  const children = [...first, ...second];
  const openIds = [...firstIds, ...secondIds];

  {
    const byId = new Map<string, Grid>();
    const add = (list: readonly Grid[] | undefined) => {
      for (const g of list ?? []) if (g.kind === kind) byId.set(g.id, g);
    };
    let expandedKeys: string[];
    let matchIds: Set<string> | undefined;
    let matchTotal: number | undefined;
    if (searching) {
      add(found.data?.ancestors);
      add(found.data?.items);
      matchIds = new Set((found.data?.items ?? []).map((g) => g.id));
      matchTotal = found.data?.total;
      // Every match is shown: open the way to each (and to the selection).
      expandedKeys = expanded ?? [...new Set([...(found.data?.ancestors ?? []).map((g) => g.id), ...way])];
    } else {
      add(roots);
      for (const c of children) add(c.data);
      expandedKeys = openIds;
    }
    return {
      grids: [...byId.values()],
      matchIds,
      matchTotal,
      expandedKeys,
      loading: searching ? found.isLoading : top.isLoading,
      error: (searching ? found.error : top.error) ?? children.find((c) => c.error)?.error ?? null,
    };
  }
}
