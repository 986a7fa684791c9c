import { defineError } from '../../kernel/errors.js';

export const warningErrors = {
  emptyAudience: defineError('warnings.empty_audience', 400, {
    zh: '请选择预警对象：组织、网格或角色',
    en: 'Choose who the warning is for: organisations, grids or roles',
  }),
  noRecipients: defineError('warnings.no_recipients', 400, {
    zh: '所选对象中没有可接收预警的人员',
    en: 'Nobody in the chosen audience can receive the warning',
  }),
  outOfReach: defineError('warnings.out_of_reach', 400, {
    zh: '预警对象超出了您可发送的范围',
    en: 'The audience lies beyond where you may send warnings',
  }),
  state: defineError('warnings.state', 409, {
    zh: '预警当前状态下不能执行此操作（可能已被他人处理），请刷新',
    en: "This cannot be done in the warning's current state (someone may have acted); reload",
  }),
  selfApproval: defineError('warnings.self_approval', 403, {
    zh: '提交人不能审批自己提交的预警，请由其他有审批权限的人员审批',
    en: 'Whoever submitted a warning cannot approve it; another approver must',
  }),
  cannotApprove: defineError('warnings.cannot_approve', 403, {
    zh: '该预警的发送范围超出了您的审批权限',
    en: "The warning's audience lies beyond what you may approve",
  }),
  expiresBeforeEffective: defineError('warnings.expires_before_effective', 400, {
    zh: '失效时间须晚于生效时间',
    en: 'The warning must expire after it takes effect',
  }),
  remindTooSoon: defineError('warnings.remind_too_soon', 409, {
    zh: '提醒过于频繁或次数已达上限，请稍后再试',
    en: 'Reminded too recently or too many times already; try again later',
  }),
};
