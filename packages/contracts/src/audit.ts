/**
 * Every action the server writes to the audit log and every kind of target it names, each with its
 * label in both UI languages. The server's `audit()` takes only these keys (a new action without a
 * label does not compile) and the console shows the labels, so this list is the one place to add one.
 */
export interface AuditLabel {
  zh: string;
  en: string;
}

export const AUDIT_ACTIONS = {
  'auth.login': { zh: '登录', en: 'Sign in' },
  'auth.logout': { zh: '退出登录', en: 'Sign out' },
  'auth.password_change': { zh: '修改密码', en: 'Change password' },

  'user.create': { zh: '新建用户', en: 'Create user' },
  'user.update': { zh: '修改用户', en: 'Update user' },
  'user.disable': { zh: '停用用户', en: 'Disable user' },
  'user.enable': { zh: '启用用户', en: 'Enable user' },
  'user.roles': { zh: '分配角色', en: 'Assign roles' },
  'user.reset_password': { zh: '重置密码', en: 'Reset password' },
  'user.unlock': { zh: '解除登录锁定', en: 'Lift sign-in lock' },
  'user.role_propose': { zh: '提议授予敏感角色', en: 'Propose sensitive role' },
  'user.role_confirm': { zh: '确认授予敏感角色', en: 'Confirm sensitive role' },
  'user.role_reject': { zh: '拒绝敏感角色提议', en: 'Reject sensitive role proposal' },

  'org.create': { zh: '新建机构', en: 'Create organisation' },
  'org.update': { zh: '修改机构', en: 'Update organisation' },
  'org.link': { zh: '关联机构', en: 'Link organisations' },

  'file.read_import': { zh: '下载导入表格', en: 'Download imported sheet' },
  'import.check': { zh: '导入预检', en: 'Check import' },
  'import.apply': { zh: '执行导入', en: 'Apply import' },

  'place.create': { zh: '新建地点', en: 'Create place' },
  'place.update': { zh: '修改地点', en: 'Update place' },
  'place.import_geojson': { zh: '导入校园轮廓', en: 'Import campus outlines' },
  'place.import_district': { zh: '导入辖区地图', en: 'Import district map' },
  'equipment.create': { zh: '新建安全设施', en: 'Create safety equipment' },
  'equipment.update': { zh: '修改安全设施', en: 'Update safety equipment' },

  'people.export_students': { zh: '导出学生名单', en: 'Export students' },
  'people.reveal_national_id': { zh: '查看完整身份证号', en: 'Reveal national ID' },
  'people.reveal_phone': { zh: '查看完整手机号', en: 'Reveal phone number' },
  'student.create': { zh: '新建学生', en: 'Create student' },
  'student.update': { zh: '修改学生', en: 'Update student' },
  'staff.create': { zh: '新建教职工', en: 'Create staff member' },
  'staff.update': { zh: '修改教职工', en: 'Update staff member' },

  'grid.create': { zh: '新建网格', en: 'Create grid' },
  'grid.update': { zh: '修改网格', en: 'Update grid' },
  'grid.delete': { zh: '删除网格', en: 'Delete grid' },
  'grid.bind': { zh: '调整网格覆盖范围', en: 'Change grid coverage' },
  'grid.add_member': { zh: '添加网格成员', en: 'Add grid member' },
  'grid.remove_member': { zh: '移除网格成员', en: 'Remove grid member' },

  'alarm.device_register': { zh: '登记报警设备', en: 'Register alarm device' },
  'incident.acknowledge': { zh: '确认警情', en: 'Acknowledge incident' },
  'incident.dispatch': { zh: '派出保安', en: 'Dispatch guards' },
  'incident.police_accept': { zh: '民警接警', en: 'Police accept' },
  'incident.on_scene': { zh: '保安到场', en: 'Guards on scene' },
  'incident.police_on_scene': { zh: '民警到场', en: 'Police on scene' },
  'incident.resolve': { zh: '处置完毕', en: 'Resolve incident' },
  'incident.close': { zh: '结案', en: 'Close incident' },
  'incident.cancel': { zh: '撤销报警', en: 'Cancel alarm' },
  'incident.false_alarm': { zh: '标记为误报', en: 'Mark as false alarm' },
  'incident.plan_opened': { zh: '启动预案', en: 'Open response plan' },
  'incident.plan_step': { zh: '完成预案步骤', en: 'Complete plan step' },
  'incident.note': { zh: '添加处置记录', en: 'Add incident note' },
  'incident.reveal_caller_phone': { zh: '查看报警人完整电话', en: 'Reveal caller phone' },
  'drill.scheduled': { zh: '报备演练/测试', en: 'Schedule drill or test' },
  'drill.police_ack': { zh: '派出所确认报备', en: 'Police acknowledge drill' },
  'drill.started': { zh: '开始演练/测试', en: 'Start drill or test' },
  'drill.finished': { zh: '结束演练/测试', en: 'Finish drill or test' },
  'drill.cancelled': { zh: '取消演练/测试', en: 'Cancel drill or test' },

  'request.reveal_reporter': { zh: '查看密封诉求人', en: 'Reveal sealed reporter' },
  'request.export': { zh: '导出诉求台账', en: 'Export request ledger' },
  'request.category.create': { zh: '新建诉求类别', en: 'Create request category' },
  'request.category.update': { zh: '修改诉求类别', en: 'Update request category' },
  'request.route.create': { zh: '新建派单规则', en: 'Create dispatch rule' },
  'request.route.delete': { zh: '删除派单规则', en: 'Delete dispatch rule' },
  'request.settings.update': { zh: '修改诉求设置', en: 'Update request settings' },
  'request.open311_client.create': { zh: '新建 Open311 接入方', en: 'Create Open311 client' },
  'request.open311_client.revoke': { zh: '吊销 Open311 接入方', en: 'Revoke Open311 client' },

  'task.template_create': { zh: '新建检查表', en: 'Create checklist' },
  'task.template_update': { zh: '修改检查表', en: 'Update checklist' },
  'task.schedule_create': { zh: '新建任务计划', en: 'Create task schedule' },
  'task.schedule_pause': { zh: '暂停任务计划', en: 'Pause task schedule' },
  'task.schedule_resume': { zh: '恢复任务计划', en: 'Resume task schedule' },

  'hazard.reporter_phone_read': { zh: '查看隐患报告人电话', en: 'Read hazard reporter’s phone' },
  'hazard.assign': { zh: '指派隐患整改', en: 'Assign hazard' },
  'hazard.pass': { zh: '隐患验收通过', en: 'Pass hazard verification' },
  'hazard.reject': { zh: '隐患复查退回', en: 'Reject hazard rectification' },
  'hazard.export': { zh: '导出隐患台账', en: 'Export hazard ledger' },
  'hazard.settings': { zh: '修改隐患设置', en: 'Update hazard settings' },
  'hazard.monthly_send': { zh: '上报隐患月报', en: 'Send monthly hazard report' },

  'cap.subscribe': { zh: '订阅 CAP 预警源', en: 'Subscribe to CAP feed' },
  'cap.unsubscribe': { zh: '取消订阅 CAP 预警源', en: 'Unsubscribe from CAP feed' },
  'notify.retry': { zh: '重发通知', en: 'Resend notification' },
  'notify.template_save': { zh: '保存通知模板', en: 'Save notification template' },
  'notify.template_delete': { zh: '删除通知模板', en: 'Delete notification template' },
  'warning.send': { zh: '发送预警', en: 'Send warning' },
  'warning.submit': { zh: '提交预警审批', en: 'Submit warning for approval' },
  'warning.approve': { zh: '审批通过预警', en: 'Approve warning' },
  'warning.reject': { zh: '驳回预警', en: 'Reject warning' },
  'warning.update': { zh: '更新已发送预警', en: 'Update sent warning' },
  'warning.cancel': { zh: '解除预警', en: 'Cancel warning' },
  'warning.remind': { zh: '提醒未确认人员', en: 'Remind those who have not acknowledged' },

  'system.seed_demo': { zh: '生成演示数据', en: 'Seed demo data' },
} as const satisfies Record<string, AuditLabel>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export const AUDIT_TARGET_TYPES = {
  user: { zh: '用户', en: 'User' },
  org: { zh: '机构', en: 'Organisation' },
  school: { zh: '学校', en: 'School' },
  file: { zh: '文件', en: 'File' },
  import: { zh: '导入', en: 'Import' },
  place: { zh: '地点', en: 'Place' },
  equipment: { zh: '安全设施', en: 'Safety equipment' },
  student: { zh: '学生', en: 'Student' },
  staff: { zh: '教职工', en: 'Staff member' },
  grid: { zh: '网格', en: 'Grid' },
  alarm_device: { zh: '报警设备', en: 'Alarm device' },
  incident: { zh: '警情', en: 'Incident' },
  alarm_drill: { zh: '演练/测试', en: 'Drill or test' },
  request: { zh: '诉求', en: 'Request' },
  request_category: { zh: '诉求类别', en: 'Request category' },
  request_route: { zh: '派单规则', en: 'Dispatch rule' },
  open311_client: { zh: 'Open311 接入方', en: 'Open311 client' },
  task_template: { zh: '检查表', en: 'Checklist' },
  task_schedule: { zh: '任务计划', en: 'Task schedule' },
  hazard: { zh: '隐患', en: 'Hazard' },
  hazard_report: { zh: '隐患月报', en: 'Monthly hazard report' },
  cap_subscription: { zh: 'CAP 预警订阅', en: 'CAP feed subscription' },
  notify_delivery: { zh: '通知发送', en: 'Notification delivery' },
  notify_template: { zh: '通知模板', en: 'Notification template' },
  warning: { zh: '预警', en: 'Warning' },
} as const satisfies Record<string, AuditLabel>;

export type AuditTargetType = keyof typeof AUDIT_TARGET_TYPES;

/** The names of the server's own actors (no person): what `systemActor(name)` records. */
export const AUDIT_SYSTEM_ACTORS = {
  system: { zh: '系统', en: 'System' },
  seed: { zh: '演示数据', en: 'Demo data' },
  import: { zh: '导入', en: 'Import' },
  cli: { zh: '命令行', en: 'Command line' },
} as const satisfies Record<string, AuditLabel>;

export const isAuditAction = (s: string): s is AuditAction => Object.hasOwn(AUDIT_ACTIONS, s);
export const isAuditTargetType = (s: string): s is AuditTargetType => Object.hasOwn(AUDIT_TARGET_TYPES, s);

/** The label of a recorded action or target type in a language; an unknown code (an old row) as is. */
export function auditLabel(
  kind: 'action' | 'target' | 'systemActor',
  code: string,
  lang: 'zh-CN' | 'en-US',
): string {
  const labels: Record<string, AuditLabel> =
    kind === 'action' ? AUDIT_ACTIONS : kind === 'target' ? AUDIT_TARGET_TYPES : AUDIT_SYSTEM_ACTORS;
  const label = Object.hasOwn(labels, code) ? labels[code] : undefined;
  if (!label) return code;
  return lang === 'en-US' ? label.en : label.zh;
}
