export const USER_EVENTS = {
  created: 'user.created',
  updated: 'user.updated',
  rolesChanged: 'user.roles_changed',
} as const;
