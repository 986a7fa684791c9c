import { defineError } from '../../kernel/errors.js';

export const alarmErrors = {
  /** one answer for an unknown, disabled or wrongly signed device: codes cannot be enumerated */
  badSignature: defineError('alarms.bad_signature', 401, {
    zh: '设备未登记、已停用、签名无效或时间不同步',
    en: 'The device is not registered or enabled, its signature is invalid, or its clock is off',
  }),
  noSchool: defineError('alarms.no_school', 400, {
    zh: '您的账号不属于任何学校，无法一键报警，请直接拨打 110',
    en: 'Your account belongs to no school; call 110 directly',
  }),
  notAllowed: defineError('alarms.transition', 409, {
    zh: '警情当前状态下不能执行此操作（可能已被他人处理）',
    en: "This cannot be done in the incident's current state (someone may have handled it already)",
  }),
  noCancel: defineError('alarms.no_cancel', 409, {
    zh: '报警已超过撤销时限或不可撤销（治安报警不能由报警人撤销），请由处置人员以误报关闭',
    en: 'The alarm can no longer be withdrawn (police alarms never by the sender); a handler may close it as a false alarm',
  }),
  deviceCodeTaken: defineError('alarms.device_code_taken', 409, {
    zh: '该设备编号已被使用',
    en: 'This device code is already in use',
  }),
  reasonRequired: defineError('alarms.reason_required', 400, {
    zh: '请填写原因',
    en: 'Give a reason',
  }),
  drillTargetRequired: defineError('alarms.drill_target_required', 400, {
    zh: '该楼超过 4 层（或未指定楼宇），请填写本次疏散的目标用时',
    en: 'The building has more than 4 floors (or none was given): set the evacuation target',
  }),
  drillState: defineError('alarms.drill_state', 409, {
    zh: '演练当前状态下不能执行此操作',
    en: "This cannot be done in the drill's current state",
  }),
  drillInPast: defineError('alarms.drill_in_past', 400, {
    zh: '计划时间必须晚于现在（演练须提前报备）',
    en: 'The planned time must be in the future (drills are reported beforehand)',
  }),
};
