/** The phone's warning screen (#/warnings/<id>): zh-CN first, English beside it. */
export const warningsZh = {
  'warning.title': '预警',
  'warning.loading': '正在读取预警…',
  'warning.notFound': '没有找到这条预警，或它不是发给您的',
  'warning.from': '{sender} · {time}',
  'warning.instruction': '请这样做',
  'warning.acknowledge': '确认收到',
  'warning.acknowledged': '已确认收到（{time}）',
  'warning.cancelled': '该预警已解除',
  'warning.drill': '演练',
  'warning.level.Extreme': '红色预警',
  'warning.level.Severe': '橙色预警',
  'warning.level.Moderate': '黄色预警',
  'warning.level.Minor': '蓝色预警',
  'warning.level.Unknown': '预警',
} satisfies Record<string, string>;

export const warningsEn: Record<keyof typeof warningsZh, string> = {
  'warning.title': 'Warning',
  'warning.loading': 'Reading the warning…',
  'warning.notFound': 'This warning was not found, or it was not sent to you',
  'warning.from': '{sender} · {time}',
  'warning.instruction': 'What to do',
  'warning.acknowledge': 'Acknowledge',
  'warning.acknowledged': 'Acknowledged ({time})',
  'warning.cancelled': 'This warning has been cancelled',
  'warning.drill': 'Drill',
  'warning.level.Extreme': 'Red warning',
  'warning.level.Severe': 'Orange warning',
  'warning.level.Moderate': 'Yellow warning',
  'warning.level.Minor': 'Blue warning',
  'warning.level.Unknown': 'Warning',
};
