export const REQUEST_EVENTS = {
  /** a request was filed (any channel) */
  received: 'request.received',
  /** a step, message or clock alarm changed a request */
  updated: 'request.updated',
} as const;
