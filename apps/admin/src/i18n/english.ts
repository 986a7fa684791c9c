// Issue 14, items 13–14: the console's own words (generated phrases, plural-aware amounts).
export const englishZh = {
  'common.listColon': '：',
  'common.listSeparator': '、',
  'common.withNote': '{main}（{note}）',
  'requests.amount.calendar_minutes': '{n} 分钟（自然时间）',
  'requests.amount.calendar_hours': '{n} 小时（自然时间）',
  'requests.amount.calendar_days': '{n} 天（自然日）',
  'requests.amount.working_hours': '{n} 工作小时',
  'requests.amount.working_days': '{n} 个工作日',
  'requests.event.extendedByAmount': '延长 {amount}',
} satisfies Record<string, string>;

export const englishEn: Record<keyof typeof englishZh, string> = {
  'common.listColon': ': ',
  'common.listSeparator': ', ',
  'common.withNote': '{main} ({note})',
  'requests.amount.calendar_minutes': '{n, plural, one {# minute} other {# minutes}} (calendar)',
  'requests.amount.calendar_hours': '{n, plural, one {# hour} other {# hours}} (calendar)',
  'requests.amount.calendar_days': '{n, plural, one {# day} other {# days}} (calendar)',
  'requests.amount.working_hours': '{n, plural, one {# working hour} other {# working hours}}',
  'requests.amount.working_days': '{n, plural, one {# working day} other {# working days}}',
  'requests.event.extendedByAmount': 'by {amount}',
};
