export const INCIDENT_EVENTS = {
  raised: 'incident.raised',
  updated: 'incident.updated',
  /** an alarm device missed its heartbeats: it may not ring when pressed */
  deviceOffline: 'alarm_device.offline',
} as const;
