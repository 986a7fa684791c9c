import { maskPhone } from '../people/index.js';
import { CLASS_ROUTES, isOpen, responseClock, type ResponseTargets } from './alarms.model.js';
import type * as repo from './alarms.repository.js';

/**
 * Who pressed, as the viewer may see it. The callback number is personal data: in full to those
 * who handle the alarm while it is open (the school's security room, the police of the
 * jurisdiction), masked otherwise; the full number is then revealed one at a time, audited.
 */
function presentCaller(i: repo.IncidentRow, handles: boolean) {
  if (!i.callerName) return null;
  const full = handles && isOpen(i.status);
  return {
    name: i.callerName,
    role: i.callerRole,
    unit: i.callerUnit,
    phone: full ? i.callerPhone : maskPhone(i.callerPhone),
    phoneMasked: !full && !!i.callerPhone,
  };
}

/** An incident as the consoles and the sender's phone see it. */
export function presentIncident(
  r: repo.IncidentListItem,
  now: Date,
  targets: ResponseTargets,
  handles: boolean,
) {
  const i = r.incident;
  return {
    id: i.id,
    schoolId: i.schoolId,
    schoolName: r.schoolName,
    alarmClass: i.alarmClass,
    mode: i.mode,
    source: i.source,
    placeId: i.placeId,
    placeName: r.placeName,
    placeCode: r.placeCode,
    placeKind: r.placeKind,
    placeDistance: i.placeDistance,
    mapPlaceId: r.mapPlaceId,
    lon: i.lon,
    lat: i.lat,
    accuracy: i.accuracy,
    note: i.note,
    caller: presentCaller(i, handles),
    status: i.status,
    routedToPolice: CLASS_ROUTES[i.alarmClass].police,
    outside: CLASS_ROUTES[i.alarmClass].outside,
    raisedAt: i.raisedAt,
    acknowledgedAt: i.acknowledgedAt,
    policeAcceptedAt: i.policeAcceptedAt,
    onSceneAt: i.onSceneAt,
    policeOnSceneAt: i.policeOnSceneAt,
    resolvedAt: i.resolvedAt,
    resolveNote: i.resolveNote,
    closedAt: i.closedAt,
    closeReason: i.closeReason,
    version: i.version,
    clock: responseClock(i, now, targets),
  };
}

export function presentDevice({ device: d, placeName, placeCode }: repo.DeviceListItem) {
  return {
    id: d.id,
    schoolId: d.schoolId,
    code: d.code,
    name: d.name,
    kind: d.kind,
    alarmClass: d.alarmClass,
    placeId: d.placeId,
    placeName,
    placeCode,
    heartbeatSeconds: d.heartbeatSeconds,
    lastSeenAt: d.lastSeenAt,
    lastTestAt: d.lastTestAt,
    online: d.online,
    enabled: d.enabled,
  };
}
