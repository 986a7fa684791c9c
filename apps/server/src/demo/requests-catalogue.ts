import { DEFAULT_CALENDAR, type WorkCalendar } from '../kernel/calendar/index.js';
import type { CategoryAttribute, DeadlinePolicy } from '../modules/requests/index.js';

const wh = (amount: number) => ({ amount, unit: 'working_hours' as const });
const wd = (amount: number) => ({ amount, unit: 'working_days' as const });
const policy = (respond: number, resolveDays: number): DeadlinePolicy => ({
  respond: wh(respond),
  resolve: wd(resolveDays),
  urgeBefore: wh(4),
  superviseAfter: wh(0),
  noticeAfter: wd(2),
});

export const REPAIR_ITEMS: CategoryAttribute = {
  code: 'ITEM',
  datatype: 'singlevaluelist',
  required: true,
  description: '报修项目',
  values: [
    { key: 'water', name: '水电' },
    { key: 'door', name: '门窗锁具' },
    { key: 'furniture', name: '床铺家具' },
    { key: 'network', name: '网络' },
    { key: 'other', name: '其他' },
  ],
  order: 1,
};

/** The demo college's catalogue: the dorm-service categories first (DOMAIN.md module 5). */
export const CATEGORIES: {
  code: string;
  name: string;
  nameEn: string;
  group: string;
  description: string;
  keywords: string;
  policy: DeadlinePolicy;
  attributes?: CategoryAttribute[];
  unit: 'HQ' | 'BWC' | 'XGC' | 'XLZX' | 'DORM_GRID' | null;
}[] = [
  {
    code: 'REPAIR',
    name: '宿舍报修',
    nameEn: 'Dormitory repairs',
    group: '宿管服务',
    description: '宿舍内水电、门窗、床铺、网络等损坏报修',
    keywords: '报修,漏水,停电,门锁,床,网络',
    policy: policy(2, 3),
    attributes: [REPAIR_ITEMS],
    unit: 'HQ',
  },
  {
    code: 'DORM',
    name: '宿舍问题',
    nameEn: 'Dormitory issues',
    group: '宿管服务',
    description: '宿舍噪音、卫生、违规电器、室友矛盾等，由所在楼栋网格办理',
    keywords: '噪音,卫生,违规电器,矛盾',
    policy: policy(1, 2),
    unit: 'DORM_GRID',
  },
  {
    code: 'SAFETY',
    name: '安全隐患',
    nameEn: 'Safety hazards',
    group: '校园安全',
    description: '消防通道堵塞、灭火器缺失、护栏松动、线路老化等隐患',
    keywords: '消防,隐患,灭火器,通道,护栏',
    policy: policy(1, 2),
    unit: 'BWC',
  },
  {
    code: 'ORDER',
    name: '治安与纠纷',
    nameEn: 'Public order and disputes',
    group: '校园安全',
    description: '盗窃、可疑人员、校园周边秩序、纠纷调解（紧急情况请一键报警或拨打 110）',
    keywords: '盗窃,可疑,纠纷,周边',
    policy: policy(1, 1),
    unit: 'BWC',
  },
  {
    code: 'CANTEEN',
    name: '食堂与食品安全',
    nameEn: 'Canteens and food safety',
    group: '后勤服务',
    description: '饭菜质量、价格、卫生与食品安全',
    keywords: '食堂,饭菜,卫生,价格',
    policy: policy(2, 3),
    unit: 'HQ',
  },
  {
    code: 'STUDY',
    name: '学生事务',
    nameEn: 'Student affairs',
    group: '学生服务',
    description: '奖助学金、学籍、证明开具、校园卡等',
    keywords: '奖学金,助学金,学籍,证明,校园卡',
    policy: policy(4, 5),
    unit: 'XGC',
  },
  {
    code: 'CARE',
    name: '心理与生活困难',
    nameEn: 'Wellbeing and hardship',
    group: '学生服务',
    description: '心理困扰、生活困难求助（可选择保密，仅网格中心可见身份）',
    keywords: '心理,困难,求助',
    policy: policy(1, 3),
    unit: 'XLZX',
  },
  {
    code: 'OTHER',
    name: '其他诉求',
    nameEn: 'Other',
    group: '其他',
    description: '以上未包含的意见建议，由网格中心分拨',
    keywords: '建议,意见',
    policy: policy(4, 5),
    unit: null,
  },
];

/**
 * Public holidays and make-up working days of the demo calendar (2026–2027). Each school keeps its
 * own calendar on the console and checks it against the State Council's notice every year.
 */
export const DEMO_CALENDAR: WorkCalendar = {
  ...DEFAULT_CALENDAR,
  holidays: [
    '2026-01-01',
    '2026-01-02',
    '2026-01-03',
    '2026-02-15',
    '2026-02-16',
    '2026-02-17',
    '2026-02-18',
    '2026-02-19',
    '2026-02-20',
    '2026-02-21',
    '2026-02-22',
    '2026-02-23',
    '2026-04-04',
    '2026-04-05',
    '2026-04-06',
    '2026-05-01',
    '2026-05-02',
    '2026-05-03',
    '2026-05-04',
    '2026-05-05',
    '2026-06-19',
    '2026-06-20',
    '2026-06-21',
    '2026-09-25',
    '2026-09-26',
    '2026-09-27',
    '2026-10-01',
    '2026-10-02',
    '2026-10-03',
    '2026-10-04',
    '2026-10-05',
    '2026-10-06',
    '2026-10-07',
    '2027-01-01',
  ],
  workdays: ['2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
};
