import type { MessageKey } from './zh-CN';

export const enUS: Record<MessageKey, string> = {
  'app.name': 'Anxiao',
  'app.tagline': 'Campus Safety Grid Management',

  'common.back': 'Back',
  'common.retry': 'Retry',
  'common.save': 'Save',

  'error.network': 'Cannot reach the server. Check the network and try again.',
  'error.unknown': 'Something went wrong. Please try again later.',

  'login.username': 'User name',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'login.demo.title': 'Demo accounts',
  'login.demo.hint': 'This is a demo. Tap an account to fill it in.',

  'home.hello': 'Hello, {name}',
  'home.profile': 'My profile',
  'home.password': 'Change password',
  'home.logout': 'Sign out',

  'profile.name': 'Name',
  'profile.username': 'User name',
  'profile.org': 'Organisation',
  'profile.roles': 'My roles',
  'profile.noRoles': 'No roles',

  'password.forced':
    'This is your first sign-in or an administrator reset your password. Please choose a new one.',
  'password.current': 'Current password',
  'password.currentRequired': 'Enter your current password',
  'password.new': 'New password',
  'password.rule': 'At least 8 characters, with both letters and digits',
  'password.confirm': 'Confirm new password',
  'password.mismatch': 'The two passwords differ',
  'password.changed': 'Password changed',

  'role.system_admin': 'Platform administrator',
  'role.school_admin': 'School administrator',
  'role.grid_center': 'Grid centre',
  'role.grid_leader': 'Grid leader',
  'role.grid_worker': 'Grid worker',
  'role.guard': 'Guard',
  'role.counselor': 'Counsellor',
  'role.police': 'Police officer',
  'role.supervisor': 'Supervisor',
  'role.reporter': 'Student / teacher',
};
