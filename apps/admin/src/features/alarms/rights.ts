import { useMemo } from 'react';
import { useCan } from '../../session/CurrentUser';
import { isOpen, type Incident, type IncidentAction } from './types';

/** What the signed-in user may do with alarms (it only decides what to offer; the server decides). */
export interface AlarmRights {
  read: boolean;
  raise: boolean;
  /** the school's side: acknowledge, dispatch, on scene, resolve, close, false alarm, plans, notes */
  handle: boolean;
  /** the police side: accept, police on scene (a police user acknowledges by accepting) */
  police: boolean;
  devices: boolean;
}

export function useAlarmRights(): AlarmRights {
  const can = useCan();
  return useMemo(
    () => ({
      read: can('alarm.read'),
      raise: can('alarm.raise'),
      handle: can('alarm.handle'),
      police: can('alarm.police'),
      devices: can('alarm.devices'),
    }),
    [can],
  );
}

/** The buttons of an incident, in the order of the response. */
const ORDER: readonly IncidentAction[] = [
  'acknowledge',
  'dispatch',
  'police_accept',
  'on_scene',
  'police_on_scene',
  'resolve',
  'close',
  'false_alarm',
];

/** The server's lifecycle (alarms.model.ts transition): which steps the incident's state allows. */
function allowedByState(i: Incident, action: IncidentAction): boolean {
  const open = isOpen(i.status);
  switch (action) {
    case 'acknowledge':
      return i.status === 'raised';
    case 'dispatch':
      return i.status === 'raised' || i.status === 'acknowledged';
    case 'police_accept':
      return open && !i.policeAcceptedAt;
    case 'on_scene':
      return open && !i.onSceneAt;
    case 'police_on_scene':
      return open && !i.policeOnSceneAt;
    case 'resolve':
      return open && i.status !== 'raised';
    case 'close':
      return i.status === 'resolved';
    case 'false_alarm':
      return open;
    case 'cancel':
      // The sender's own "pressed by mistake", from the phone: never offered on a console.
      return false;
  }
}

/**
 * Which side takes a step. The police user takes the police steps; the school's own steps
 * (acknowledge, dispatch, security on scene) stay with the school, even where the police may
 * also handle the incident; resolving and closing belong to whoever handles it.
 */
function allowedByRights(r: AlarmRights, action: IncidentAction): boolean {
  switch (action) {
    case 'police_accept':
    case 'police_on_scene':
      return r.police;
    case 'acknowledge':
    case 'dispatch':
    case 'on_scene':
      return r.handle && !r.police;
    case 'resolve':
    case 'close':
    case 'false_alarm':
      return r.handle;
    case 'cancel':
      return false;
  }
}

/** The steps the user may take on the incident now. */
export function allowedActions(incident: Incident, rights: AlarmRights): IncidentAction[] {
  return ORDER.filter((a) => allowedByState(incident, a) && allowedByRights(rights, a));
}

/**
 * What stops the ringing from this console: the police accept, the school acknowledges; with only
 * the right to read there is nothing to press but 查看.
 */
export function ringAction(rights: AlarmRights): 'police_accept' | 'acknowledge' | null {
  if (rights.police) return 'police_accept';
  if (rights.handle) return 'acknowledge';
  return null;
}

/**
 * Whether an incident rings on this console. The school's consoles ring until someone of the school
 * acknowledges; a police console rings for the alarms routed to the station (police, fire) until
 * the police accept it, whatever the school has done meanwhile.
 */
export function rings(incident: Incident, rights: AlarmRights): boolean {
  if (rights.police) return incident.routedToPolice && isOpen(incident.status) && !incident.policeAcceptedAt;
  return incident.status === 'raised';
}

/** Steps that need a reason (the server refuses them without one). */
export const NEEDS_REASON: ReadonlySet<IncidentAction> = new Set(['false_alarm', 'cancel']);

/** Steps that ask for a short note: what was done (处置说明), how the case ends (结案说明). */
export const NEEDS_NOTE: ReadonlySet<IncidentAction> = new Set(['resolve', 'close']);
