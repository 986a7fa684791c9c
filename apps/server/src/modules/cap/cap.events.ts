/** What this module appends, and what the warnings module appends for it to publish (events-contract.md). */
export const CAP_EVENTS = {
  /** an incoming CAP alert concerns a school: one per (school, alert) */
  inboundReceived: 'cap.inbound.received',
} as const;

export const WARNING_EVENTS = {
  published: 'warning.published',
  updated: 'warning.updated',
  cancelled: 'warning.cancelled',
} as const;
