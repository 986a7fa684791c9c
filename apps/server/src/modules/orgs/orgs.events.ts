export const ORG_EVENTS = {
  created: 'org.created',
  updated: 'org.updated',
  linked: 'org.linked',
} as const;

export interface OrgEventPayload {
  id: string;
  name: string;
  kind: string;
}
