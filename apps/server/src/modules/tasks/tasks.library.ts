import type { ChecklistItem, Recurrence, TaskKind } from './tasks.model.js';

/**
 * The seeded library of checklists: one per risk domain (15), the 校园周边安全隐患检查表 and a
 * kindergarten's weekly and monthly checks (from the 护校安园 action plans in the seeds). Schools
 * copy and edit them; the wording follows what Chinese schools use on paper.
 */

export const RISK_DOMAINS = [
  { code: 'facilities', name: '校舍设施' },
  { code: 'fire', name: '消防安全' },
  { code: 'traffic', name: '交通安全' },
  { code: 'food', name: '食品安全' },
  { code: 'security', name: '治安保卫' },
  { code: 'mental', name: '心理健康' },
  { code: 'lab', name: '实验室与危化品' },
  { code: 'equipment', name: '特种设备' },
  { code: 'electric', name: '用电安全' },
  { code: 'dorm', name: '宿舍安全' },
  { code: 'events', name: '大型活动' },
  { code: 'cyber', name: '网络与信息安全' },
  { code: 'surroundings', name: '校园周边' },
  { code: 'school_bus', name: '校车安全' },
  { code: 'disaster', name: '自然灾害' },
] as const;
export type RiskDomain = (typeof RISK_DOMAINS)[number]['code'];

export interface ChecklistTemplate {
  code: string;
  name: string;
  kind: TaskKind;
  domain: RiskDomain;
  /** the usual rhythm; a schedule may choose another */
  recurrence: Recurrence;
  /** for kindergartens only */
  kindergarten?: boolean;
  items: ChecklistItem[];
}

/** A yes/no check where "no" fails and a photo of the problem is wanted. */
const check = (code: string, prompt: string, points = 10): ChecklistItem => ({
  code,
  type: 'yes_no',
  prompt,
  required: true,
  failOn: 'no',
  allowNa: true,
  photoOnFail: true,
  points,
});
const note: ChecklistItem = { code: 'NOTE', type: 'text', prompt: '其他发现与说明', required: false };
const signature: ChecklistItem = { code: 'SIGN', type: 'signature', prompt: '检查人签名', required: true };

/** 校园周边安全隐患检查表: the outside of the campus, often checked with the police. */
const SURROUNDINGS: ChecklistItem[] = [
  check('STALLS', '校门口 200 米内无占道摊点、无流动商贩聚集'),
  check('NETBAR', '周边无接纳未成年人的网吧、歌舞娱乐场所'),
  check('VICE', '周边无"黄赌毒"等治安乱点'),
  check('SHOPS', '周边商店不向学生销售烟酒、管制刀具、"三无"食品'),
  check('BUTTONS', '周边商户一键报警点装置完好，护校安全员在册'),
  check('ROAD', '周边道路交通标志、信号灯、人行横道完好'),
  check('SUSPECT', '未发现形迹可疑、长期徘徊人员（有则登记上报）'),
  check('LIGHT', '周边照明充足，无视频监控盲区'),
  check('POLICE', '警务室民警本周到校不少于 2 次'),
];

const domainChecks: Record<RiskDomain, ChecklistItem[]> = {
  facilities: [
    check('WALL', '墙体、楼板、梁柱无裂缝、无渗水、无脱落'),
    check('RAIL', '楼梯、走廊、阳台护栏牢固，高度不低于 1.1 米'),
    check('DOOR', '门窗、玻璃完好，无松动、破损'),
    check('CEIL', '吊顶、灯具、悬挂物固定牢固'),
    check('GROUND', '地面平整防滑，无积水、无坑洼'),
    check('SPORT', '体育器材、篮球架、单双杠稳固无锈蚀'),
  ],
  fire: [
    check('EXT', '灭火器在位、压力指针在绿区、在有效期内'),
    check('HYD', '消火栓箱内水带、水枪齐全，箱门可开启'),
    check('EXIT', '安全出口、疏散通道畅通，无堆放物、无上锁'),
    check('SIGNAGE', '应急照明、疏散指示标志完好有效'),
    check('ALARM', '火灾报警、喷淋等消防设施运行正常'),
    { code: 'EXT_COUNT', type: 'number', prompt: '本区域在位灭火器数量（具）', required: true, min: 2 },
  ],
  traffic: [
    check('SIGNS', '校门口减速带、警示标志、斑马线完好'),
    check('POST', '上下学时段护学岗、交通疏导人员到位'),
    check('PARK', '校内车辆限速、停放有序，人车分流'),
    check('BARRIER', '校门口硬质防冲撞设施（隔离桩、升降柱）完好'),
  ],
  food: [
    check('LICENSE', '食品经营许可证、从业人员健康证在有效期内'),
    check('SAMPLE', '每餐留样 125 克以上、冷藏保存 48 小时并有记录'),
    check('STORE', '原料分类存放、离地离墙，无过期变质食品'),
    check('CLEAN', '餐具消毒设施运行，消毒记录完整'),
    check('PEST', '防蝇、防鼠、防尘设施完好'),
    check('ACCOMPANY', '校领导陪餐记录完整'),
  ],
  security: [
    check('GUARD', '门卫、保安在岗在位，持证上岗'),
    check('GEAR', '8 种基本安全防护装备（钢叉、警棍、盾牌等）配齐可用'),
    check('VISITOR', '外来人员、车辆登记核查执行到位'),
    check('CAMERA', '重点部位视频监控在线、画面清晰'),
    check('BUTTON', '一键报警装置可正常报警（测试有记录）'),
    check('PATROL', '校园巡逻按时进行并有记录'),
  ],
  mental: [
    check('ROSTER', '心理健康重点关注学生名册已更新'),
    check('TALK', '本期谈心谈话、心理辅导按计划开展并有记录'),
    check('CRISIS', '心理危机干预预案明确、联系人有效'),
    check('ROOM', '心理咨询室开放，预约渠道畅通'),
  ],
  lab: [
    check('STORE', '危化品专柜存放、双人双锁、台账账物相符'),
    check('VENT', '通风橱、排风设施运行正常'),
    check('EYE', '洗眼器、喷淋、急救箱完好可用'),
    check('WASTE', '实验废液、废弃物分类收集并按规定处置'),
    check('RULES', '实验室安全制度、操作规程上墙'),
  ],
  equipment: [
    check('ELEVATOR', '电梯检验合格证在有效期内，维保记录完整'),
    check('BOILER', '锅炉、压力容器定期检验合格，操作人员持证'),
    check('GAS', '燃气管道、阀门无泄漏，报警器正常'),
    check('LIFT_TRAP', '电梯应急呼叫装置有效'),
  ],
  electric: [
    check('BOX', '配电箱（柜）门关闭上锁、标识清楚'),
    check('WIRE', '线路无老化、无私拉乱接、无裸露'),
    check('LEAK', '漏电保护器动作正常'),
    check('LOAD', '无超负荷用电、无大功率违规电器'),
    { code: 'BOX_TEMP', type: 'number', prompt: '配电箱表面温度（℃）', required: false, min: -20, max: 60 },
  ],
  dorm: [
    check('APPLIANCE', '宿舍内无违规电器（热得快、电热锅、电热毯等）'),
    check('SMOKE', '无吸烟、无明火、无焚烧物品'),
    check('EXIT', '楼道、安全出口畅通，宿舍门未反锁'),
    check('NIGHT', '夜间查寝、晚归登记执行到位'),
    check('DUTY', '宿管员 24 小时值班在岗'),
    {
      code: 'HYGIENE',
      type: 'choice',
      prompt: '宿舍卫生',
      required: true,
      options: [
        { key: 'good', label: '良好' },
        { key: 'fair', label: '一般' },
        { key: 'poor', label: '较差', fails: true },
      ],
      photoOnFail: true,
      points: 10,
    },
  ],
  events: [
    check('PLAN', '活动安全方案、应急预案已审批'),
    check('CAPACITY', '场地容量核定，人数未超限'),
    check('STEWARD', '疏导、安保人员按方案到位'),
    check('EXITS', '疏散通道与出口畅通、标识清楚'),
    check('MEDICAL', '医疗救护人员与器材到位'),
  ],
  cyber: [
    check('ACCOUNT', '重要系统账号密码强度合格，离职人员账号已注销'),
    check('BACKUP', '重要数据定期备份并可恢复'),
    check('SENSITIVE', '校园网站、公众号发布内容经审核，无个人敏感信息泄露'),
    check('PATCH', '服务器、终端安全补丁与防病毒软件更新'),
  ],
  surroundings: SURROUNDINGS,
  school_bus: [
    check('PERMIT', '校车使用许可、驾驶人资格在有效期内'),
    check('VEHICLE', '车辆安检合格，安全带、灭火器、安全锤齐全'),
    check('LOAD', '无超员，照管人员随车'),
    check('ROUTE', '按核定线路、站点、时间运行'),
    check('CHECK', '下车后清点人数，无儿童滞留车内'),
  ],
  disaster: [
    check('PLAN', '防汛、防台、防地震应急预案更新并组织演练'),
    check('DRAIN', '排水沟渠畅通，低洼处无积水隐患'),
    check('TREE', '高大树木、广告牌、临时构筑物稳固'),
    check('SHELTER', '应急避难场所、物资储备到位'),
  ],
};

/** A kindergarten's weekly check (每周安全隐患排查). */
const KINDERGARTEN_WEEKLY: ChecklistItem[] = [
  check('GATE', '入园、离园时段门卫在岗，接送凭卡（证）核对'),
  check('TOYS', '大型玩具、滑梯、秋千牢固，无尖角、无松动'),
  check('SOCKET', '幼儿活动场所电源插座为安全型、安装高度不低于 1.8 米'),
  check('MEDS', '幼儿药品专人保管、喂药登记完整'),
  check('SLEEP', '午睡巡视记录完整'),
  check('KITCHEN', '厨房留样、消毒记录完整'),
];

/** A kindergarten's monthly check (每月全面排查，按月上报). */
const KINDERGARTEN_MONTHLY: ChecklistItem[] = [
  check('FIRE', '灭火器、消防通道、应急照明检查合格'),
  check('DRILL', '本月组织应急疏散演练并有记录'),
  check('STAFF', '教职工、保安、保育员健康证和背景核查齐全'),
  check('FENCE', '围墙、护栏、门窗完好，无攀爬隐患'),
  check('TRAINING', '本月对教职工开展安全培训'),
  check('REPORT', '上月发现隐患已全部整改销号或有整改计划'),
];

/** One piece of equipment, checked when its due date comes (an equipment schedule). */
const EXTINGUISHER: ChecklistItem[] = [
  check('PLACE', '灭火器在指定位置，取用无遮挡'),
  check('PRESSURE', '压力表指针在绿区'),
  check('SEAL', '保险销、铅封完好'),
  check('BODY', '瓶体无锈蚀、变形，喷管无老化、破裂'),
  check('VALID', '在有效期内，检验标签完整'),
  signature,
];
const HYDRANT: ChecklistItem[] = [
  check('BOX', '消火栓箱门可正常开启，无上锁、无遮挡'),
  check('PARTS', '水带、水枪、接口齐全完好'),
  check('VALVE', '阀门开关灵活，无渗漏'),
  {
    code: 'PRESSURE_MPA',
    type: 'number',
    prompt: '栓口静水压力（MPa）',
    required: false,
    min: 0.1,
    max: 0.8,
  },
  check('LABEL', '消火栓标识清晰'),
  signature,
];

export const CHECKLIST_LIBRARY: ChecklistTemplate[] = [
  ...RISK_DOMAINS.map((d): ChecklistTemplate => ({
    code: `DOMAIN-${d.code.toUpperCase()}`,
    name: d.code === 'surroundings' ? '校园周边安全隐患检查表' : `${d.name}检查表`,
    kind: d.code === 'mental' ? 'mental_health' : 'hazard_inspection',
    domain: d.code,
    recurrence: ['fire', 'security', 'dorm', 'food'].includes(d.code)
      ? 'daily'
      : d.code === 'events'
        ? 'once'
        : 'weekly',
    items: [...domainChecks[d.code], note, signature],
  })),
  {
    code: 'KG-WEEKLY',
    name: '幼儿园每周安全隐患排查表',
    kind: 'hazard_inspection',
    domain: 'facilities',
    recurrence: 'weekly',
    kindergarten: true,
    items: [...KINDERGARTEN_WEEKLY, note, signature],
  },
  {
    code: 'KG-MONTHLY',
    name: '幼儿园每月安全隐患全面排查表',
    kind: 'hazard_inspection',
    domain: 'fire',
    recurrence: 'monthly',
    kindergarten: true,
    items: [...KINDERGARTEN_MONTHLY, note, signature],
  },
  {
    code: 'EQ-EXTINGUISHER',
    name: '灭火器检查',
    kind: 'facility_check',
    domain: 'fire',
    recurrence: 'monthly',
    items: EXTINGUISHER,
  },
  {
    code: 'EQ-HYDRANT',
    name: '消火栓检查',
    kind: 'facility_check',
    domain: 'fire',
    recurrence: 'monthly',
    items: HYDRANT,
  },
];
