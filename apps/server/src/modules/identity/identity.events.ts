export const USER_EVENTS = {
  created: 'user.created',
  updated: 'user.updated',
  rolesChanged: 'user.roles_changed',
} as const;

/** Internal: never pushed to consoles (see revocation.ts). */
export const SESSION_EVENTS = {
  revoked: 'session.revoked',
} as const;
