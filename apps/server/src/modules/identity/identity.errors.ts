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
  ownRoles: defineError('users.own_roles', 403, {
    zh: '不能修改自己的角色，请由其他管理员操作',
    en: 'You cannot change your own roles; ask another administrator',
  }),
  foreignMembership: defineError('users.foreign_membership', 403, {
    zh: '该用户还在您无权管理的机构担任角色，只有能管理其全部机构的管理员才能修改该账号或重置其密码',
    en: 'This user also holds roles in organisations you do not manage; only an administrator of all of them can edit the account or reset its password',
  }),
  needsTwoPeople: defineError('users.needs_two_people', 403, {
    zh: '该角色可查看密封诉求的提交人，须由一人提议、本校或上级另一名管理员确认后才能授予',
    en: 'This role can see who filed sealed requests: one person proposes it and another administrator of the school or above confirms',
  }),
  proposalNotFound: defineError('users.proposal_not_found', 404, {
    zh: '授权提议不存在、已处理或已过期',
    en: 'The role proposal does not exist, was already decided or has expired',
  }),
  ownProposal: defineError('users.own_proposal', 403, {
    zh: '提议人不能确认自己的提议，请由另一名管理员确认',
    en: 'The proposer cannot confirm their own proposal; another administrator must',
  }),
  cannotConfirm: defineError('users.cannot_confirm', 403, {
    zh: '只有本校或上级机构的另一名管理员可以确认此授权',
    en: 'Only another administrator of the school or an organisation above it can confirm this',
  }),
  passwordChangeRequired: defineError('auth.password_change_required', 403, {
    zh: '请先修改密码再继续使用',
    en: 'Change your password before going on',
  }),
  notDemo: defineError('auth.not_demo', 404, {
    zh: '仅演示模式提供演示账号',
    en: 'Demo accounts exist only in demo mode',
  }),
};
