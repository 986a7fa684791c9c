import { api, bodyOf } from '@anxiao/web-core';
import type { Place } from './types';

/** Buildings, floors or rooms of a school whose name or code contains the search (for pickers). */
export async function searchPlaces(
  schoolId: string,
  kind: Place['kind'] | undefined,
  q: string | undefined,
  pageSize = 50,
): Promise<Place[]> {
  const body = await bodyOf(
    api.GET('/api/places', { params: { query: { schoolId, kind, q: q || undefined, pageSize } } }),
  );
  return body.items;
}
