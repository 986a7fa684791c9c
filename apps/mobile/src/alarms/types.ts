import type { components } from '@anxiao/api-client';

export type Incident = components['schemas']['Incident'];
export type IncidentAction = 'acknowledge' | 'on_scene' | 'police_accept' | 'police_on_scene';

/** What the signed-in user may do with alarms, from the session's permissions. */
export interface AlarmRights {
  /** the school side: acknowledge, on scene (alarm.handle) */
  handle: boolean;
  /** the police side: accept, police on scene (alarm.police) */
  police: boolean;
}

export function alarmRights(permissions: readonly string[]): AlarmRights {
  return { handle: permissions.includes('alarm.handle'), police: permissions.includes('alarm.police') };
}

/** Whether the phone has a 警情 page for this user: guards, the grid centre, the police. */
export function watchesAlarms(r: AlarmRights): boolean {
  return r.handle || r.police;
}

const OPEN = new Set(['raised', 'acknowledged', 'dispatched', 'on_scene']);

/**
 * Whether an incident rings on this phone, as on a console: the school side until someone of the
 * school acknowledges; the police side for alarms routed to the station until the police accept.
 */
export function rings(i: Incident, r: AlarmRights): boolean {
  if (!OPEN.has(i.status)) return false;
  if (r.handle && i.status === 'raised') return true;
  return r.police && i.routedToPolice && !i.policeAcceptedAt;
}

/** The steps this phone offers now, in the order they happen (the server checks them again). */
export function phoneActions(i: Incident, r: AlarmRights): IncidentAction[] {
  if (!OPEN.has(i.status)) return [];
  const out: IncidentAction[] = [];
  if (r.handle && i.status === 'raised') out.push('acknowledge');
  if (r.police && i.routedToPolice && !i.policeAcceptedAt) out.push('police_accept');
  if (r.handle && i.status !== 'raised' && !i.onSceneAt) out.push('on_scene');
  if (r.police && i.routedToPolice && i.policeAcceptedAt && !i.policeOnSceneAt) out.push('police_on_scene');
  return out;
}
