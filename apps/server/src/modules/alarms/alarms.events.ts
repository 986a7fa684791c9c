export const INCIDENT_EVENTS = {
  raised: 'incident.raised',
  updated: 'incident.updated',
} as const;
