import { defineError } from '../../kernel/errors.js';

export const identityErrors = {
  invalidCredentials: defineError('auth.invalid_credentials', 401, {
    zh: '用户名或密码错误',
    en: 'Wrong user name or password',
  }),
  locked: defineError('auth.locked', 423, {
    zh: '登录失败次数过多，账号已暂时锁定，请稍后再试或联系管理员',
    en: 'Too many failed sign-ins: the account is locked for a while; try later or ask your administrator',
  }),
  disabled: defineError('auth.disabled', 403, {
    zh: '该账号已停用，请联系管理员',
    en: 'This account is disabled; ask your administrator',
  }),
  weakPassword: defineError('auth.weak_password', 400, {
    zh: '密码至少 8 位，须同时包含字母和数字，且不能包含用户名',
    en: 'Passwords need at least 8 characters with letters and digits, and must not contain the user name',
  }),
  wrongCurrentPassword: defineError('auth.wrong_current_password', 400, {
    zh: '当前密码不正确',
    en: 'The current password is not right',
  }),
  usernameTaken: defineError('users.username_taken', 409, {
    zh: '用户名已存在，请换一个',
    en: 'That user name is taken; choose another',
  }),
  roleNotAssignable: defineError('users.role_not_assignable', 403, {
    zh: '您不能在该机构授予此角色',
    en: 'You cannot grant this role in that organisation',
  }),
  notDemo: defineError('auth.not_demo', 404, {
    zh: '仅演示模式提供演示账号',
    en: 'Demo accounts exist only in demo mode',
  }),
};
