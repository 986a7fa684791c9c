import type { QueryKey } from '@tanstack/react-query';
import { queryKeys } from '../api/keys';

/**
 * Which cached reads an event makes stale, by event type prefix. A module that pushes events
 * adds one line here. The signed-in user is refreshed too: their roles or org may be the change.
 */
const INVALIDATIONS: ReadonlyArray<readonly [prefix: string, keys: readonly QueryKey[]]> = [
  ['user.', [queryKeys.users, queryKeys.me]],
  ['org.', [queryKeys.orgs, queryKeys.me]],
  ['grid.', [queryKeys.grids, queryKeys.coverage, queryKeys.map, queryKeys.me]],
  ['place.', [queryKeys.places, queryKeys.coverage, queryKeys.map]],
  ['equipment.', [queryKeys.equipment, queryKeys.map]],
  [
    'people.',
    [queryKeys.students, queryKeys.staff, queryKeys.studentGroups, queryKeys.coverage, queryKeys.map],
  ],
];

export function keysToInvalidate(eventType: string): QueryKey[] {
  return INVALIDATIONS.filter(([prefix]) => eventType.startsWith(prefix)).flatMap(([, keys]) => keys);
}
