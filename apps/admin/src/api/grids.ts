import { api, bodyOf } from '@anxiao/web-core';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from './keys';

/** The grids the user may see, of one school when given. */
export async function listGrids(schoolId: string | undefined) {
  return (await bodyOf(api.GET('/api/grids', { params: { query: { schoolId } } }))).items;
}

/** The grids the user may see, of one school when given (for pickers and filters). */
export function useGridOptions(schoolId: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.grids, 'options', schoolId ?? null],
    queryFn: () => listGrids(schoolId),
    enabled,
    staleTime: 5 * 60_000,
  });
}
