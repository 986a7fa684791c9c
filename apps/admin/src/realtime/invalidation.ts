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
  // a task's page lists the hazards made from it, with their status
  ['hazard.', [queryKeys.hazards, [...queryKeys.tasks, 'detail']]],
  // a checklist sent in, a task run late: the board, the lists, the task
  ['task.', [queryKeys.tasks]],
  // one for me, or one I read in another tab: the bell, its drop-down and the inbox
  ['notification.', [queryKeys.notifications]],
  [
    'people.',
    [queryKeys.students, queryKeys.staff, queryKeys.studentGroups, queryKeys.coverage, queryKeys.map],
  ],
];

/** Which cached reads a notification to the user makes stale, by its kind's prefix. */
const NOTICE_INVALIDATIONS: ReadonlyArray<readonly [prefix: string, keys: readonly QueryKey[]]> = [
  ['request.', [queryKeys.requests]],
  ['hazard.', [queryKeys.hazards]],
  ['task.', [queryKeys.tasks]],
];

export function keysToInvalidate(event: Pick<RealtimeEvent, 'type' | 'payload'>): QueryKey[] {
  const keys = INVALIDATIONS.filter(([prefix]) => event.type.startsWith(prefix)).flatMap(([, k]) => k);
  // Grid leaders and members reach requests and hazards through their grids, and a department's
  // staff through their unit, which the server's events (scoped by organisation) may not reach:
  // what they hear is their own notification.
  const kind = noticeKind(event);
  if (kind)
    keys.push(...NOTICE_INVALIDATIONS.filter(([prefix]) => kind.startsWith(prefix)).flatMap(([, k]) => k));
  return keys;
}

function noticeKind(event: Pick<RealtimeEvent, 'type' | 'payload'>): string | null {
  if (event.type !== 'notification.created') return null;
  const kind: unknown = (event.payload as { kind?: unknown }).kind;
  return typeof kind === 'string' ? kind : null;
}

/**
 * Read again on every (re)connect, whatever the replay brings: the open incidents decide which
 * consoles ring, so they come from the server itself, not from the events seen; the bell's count
 * likewise.
 */
export const KEYS_ON_CONNECT: readonly QueryKey[] = [queryKeys.incidents, queryKeys.notifications];
