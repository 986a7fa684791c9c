export const INCIDENT_EVENTS = {
  raised: 'incident.raised',
  updated: 'incident.updated',
  /** an alarm device missed its heartbeats: it may not ring when pressed */
  deviceOffline: 'alarm_device.offline',
  /** a device that was offline was heard from again */
  deviceOnline: 'alarm_device.online',
  /** a drill or device test changed (scheduled and reported, acknowledged, started, finished) */
  drillChanged: 'drill.changed',
} as const;
