/** The primary dictionary: its keys are the message keys; en-US must translate every one. */
export const zhCN = {
  'app.name': '安校',
  'app.tagline': '校园安全网格化管理平台',

  'common.back': '返回',
  'common.retry': '重试',
  'common.save': '保存',

  'error.network': '无法连接服务器，请检查网络后重试',
  'error.unknown': '操作失败，请稍后重试',

  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.submitting': '正在登录…',
  'login.demo.title': '演示账号',
  'login.demo.hint': '当前为演示模式，轻点账号即可填入。',

  'home.hello': '{name}，您好',
  'home.profile': '我的信息',
  'home.password': '修改密码',
  'home.logout': '退出登录',

  'profile.name': '姓名',
  'profile.username': '用户名',
  'profile.org': '所属机构',
  'profile.roles': '我的角色',
  'profile.noRoles': '暂无角色',

  'password.forced': '首次登录或密码已被管理员重置，请先设置新密码。',
  'password.current': '当前密码',
  'password.currentRequired': '请输入当前密码',
  'password.new': '新密码',
  'password.rule': '至少 8 位，须同时包含字母和数字',
  'password.confirm': '确认新密码',
  'password.mismatch': '两次输入的密码不一致',
  'password.changed': '密码已修改',

  'role.system_admin': '平台管理员',
  'role.school_admin': '学校管理员',
  'role.grid_center': '网格中心',
  'role.grid_leader': '网格长',
  'role.grid_worker': '网格员',
  'role.guard': '保安',
  'role.counselor': '辅导员',
  'role.police': '民警',
  'role.supervisor': '督导',
  'role.reporter': '师生',
} satisfies Record<string, string>;

export type MessageKey = keyof typeof zhCN;
