import type { RealtimeEvent } from '@anxiao/contracts';
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
  ['request.', [queryKeys.requests]],
  [
    'people.',
    [queryKeys.students, queryKeys.staff, queryKeys.studentGroups, queryKeys.coverage, queryKeys.map],
  ],
];

export function keysToInvalidate(event: Pick<RealtimeEvent, 'type' | 'payload'>): QueryKey[] {
  const keys = INVALIDATIONS.filter(([prefix]) => event.type.startsWith(prefix)).flatMap(([, k]) => k);
  // Grid leaders and members reach requests through their grids, which the server's request.*
  // events (scoped by organisation) do not reach: what they hear is their own notification.
  if (isRequestNotice(event)) keys.push(queryKeys.requests);
  return keys;
}

function isRequestNotice(event: Pick<RealtimeEvent, 'type' | 'payload'>): boolean {
  if (event.type !== 'notification.created') return false;
  const kind: unknown = (event.payload as { kind?: unknown }).kind;
  return typeof kind === 'string' && kind.startsWith('request.');
}

/**
 * Read again on every (re)connect, whatever the replay brings: the open incidents decide which
 * consoles ring, so they come from the server itself, not from the events seen.
 */
export const KEYS_ON_CONNECT: readonly QueryKey[] = [queryKeys.incidents];
