export { users, memberships, sessions } from './identity.tables.js';
export { AuthService, hashPassword, type Me } from './auth.service.js';
export { UsersService } from './users.service.js';
export {
  enforcePasswordChange,
  identityRoutes,
  requestInfo,
  SESSION_COOKIE,
  type DemoAccount,
} from './identity.routes.js';
export { USER_EVENTS, SESSION_EVENTS } from './identity.events.js';
export { listenForRevocations, type Revocation } from './revocation.js';
export { identityConfig, type IdentityConfig } from './identity.config.js';
export { unitUsers, schoolUsersWithRoles, homeOrgPath } from './identity.repository.js';
