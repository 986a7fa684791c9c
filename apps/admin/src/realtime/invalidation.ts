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
  ['incident.', [queryKeys.incidents, queryKeys.alarmOverview]],
  ['alarm_device.', [queryKeys.alarmDevices, queryKeys.alarmOverview]],
  ['drill.', [queryKeys.drills]],
  [
    'people.',
    [queryKeys.students, queryKeys.staff, queryKeys.studentGroups, queryKeys.coverage, queryKeys.map],
  ],
];

export function keysToInvalidate(eventType: string): QueryKey[] {
  return INVALIDATIONS.filter(([prefix]) => eventType.startsWith(prefix)).flatMap(([, keys]) => keys);
}

/**
 * Read again on every (re)connect, whatever the replay brings: the open incidents decide which
 * consoles ring, so they come from the server itself, not from the events seen.
 */
export const KEYS_ON_CONNECT: readonly QueryKey[] = [queryKeys.incidents];
