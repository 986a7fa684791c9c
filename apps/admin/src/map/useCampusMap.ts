import { api, bodyOf } from '@anxiao/web-core';
import { useQuery } from '@tanstack/react-query';
import { queryKeys } from '../api/keys';

/** The campus map of a school as GeoJSON (GET /api/map), shared by every page that draws it. */
export function useCampusMap(schoolId: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.map, schoolId],
    queryFn: () => bodyOf(api.GET('/api/map', { params: { query: { schoolId: schoolId! } } })),
    enabled: Boolean(schoolId),
  });
}
