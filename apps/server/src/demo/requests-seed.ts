import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { addDuration, chinaDate, DEFAULT_CALENDAR, type WorkCalendar } from '../kernel/calendar/index.js';
import type { FieldCrypto } from '../kernel/crypto.js';
import { rows, type Tx } from '../kernel/db.js';
import { newId } from '../kernel/ids.js';
import {
  requestCategories,
  requestEvents,
  requestRoutes,
  requests,
  requestSettings,
  type CategoryAttribute,
  type DeadlinePolicy,
  type RequestStatus,
} from '../modules/requests/index.js';

type Id = string;
const wh = (amount: number) => ({ amount, unit: 'working_hours' as const });
const wd = (amount: number) => ({ amount, unit: 'working_days' as const });
const policy = (respond: number, resolveDays: number): DeadlinePolicy => ({
  respond: wh(respond),
  resolve: wd(resolveDays),
  urgeBefore: wh(4),
  superviseAfter: wh(0),
  noticeAfter: wd(2),
});

const REPAIR_ITEMS: CategoryAttribute = {
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
const CATEGORIES: {
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
const DEMO_CALENDAR: WorkCalendar = {
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

const SAMPLES: Record<string, string[]> = {
  REPAIR: [
    '卫生间水龙头一直漏水，地面积水',
    '宿舍门锁坏了，钥匙插不进去',
    '上铺床梯松动，爬上去晃得厉害',
    '宿舍网络连续两天断线',
    '阳台灯不亮了',
  ],
  DORM: [
    '隔壁宿舍每晚12点后还在大声打游戏',
    '楼道垃圾两天没人清理',
    '有同学在宿舍使用电热锅',
    '宿舍空调遥控器被拿走一直不还',
  ],
  SAFETY: [
    '三楼消防通道堆满了自行车',
    '走廊灭火器压力表指针在红区',
    '操场看台护栏有一段松动',
    '实训楼配电箱门没关',
  ],
  ORDER: ['晚上宿舍楼下有陌生人徘徊', '图书馆自习放的书包被偷了', '校门口外摊贩占道很危险'],
  CANTEEN: ['二食堂的菜里吃出头发', '一食堂窗口价格涨得太多', '食堂餐具没洗干净'],
  STUDY: ['助学金什么时候发放', '在读证明怎么开具', '校园卡丢了补办要多久'],
  CARE: ['最近压力很大睡不着，想找老师聊聊', '家里出了变故，生活费困难'],
  OTHER: ['建议图书馆延长开放时间', '希望增加校园巴士班次'],
};

/**
 * The demo college's requests catalogue, routing rules, calendar, and 90 days of past requests in
 * every state (so the figures and the ledger have something true to show).
 */
export async function seedRequests(
  tx: Tx,
  input: {
    school: { id: Id; path: string };
    departments: Record<'BWC' | 'WGZX' | 'XGC' | 'HQ' | 'XLZX', { id: Id; path: string }>;
    studentUserIds: Id[];
    crypto: FieldCrypto;
    rnd: () => number;
    now: Date;
  },
) {
  const { school, rnd, now } = input;
  await tx.insert(requestSettings).values({
    schoolId: school.id,
    calendar: DEMO_CALENDAR,
    weights: { response: 30, resolution: 35, satisfaction: 35 },
    // The demo shows Open311's public view to a client without a key.
    open311PublicRead: true,
    updatedAt: now,
  });
  const cats = CATEGORIES.map((c, i) => ({
    id: newId(),
    schoolId: school.id,
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    groupName: c.group,
    description: c.description,
    keywords: c.keywords,
    attributes: c.attributes ?? [],
    policy: c.policy,
    active: true,
    sortOrder: (i + 1) * 10,
    version: 1,
    updatedAt: now,
  }));
  await tx.insert(requestCategories).values(cats);

  const dormGrids = await rows<{ id: Id; path: string; name: string; building_path: string }>(
    tx,
    sql`select g.id, g.path, g.name, p.path as building_path from grids g
          join grid_bindings b on b.grid_id = g.id join places p on p.id = b.place_id
        where g.school_id = ${school.id} and g.level = 'building' and p.use = 'dormitory' and p.kind = 'building'
        order by g.code`,
  );
  const routeRows: (typeof requestRoutes.$inferInsert)[] = [];
  CATEGORIES.forEach((c, i) => {
    const cat = cats[i]!;
    if (c.unit === 'DORM_GRID') {
      for (const g of dormGrids)
        routeRows.push({
          id: newId(),
          schoolId: school.id,
          categoryId: cat.id,
          scopePath: g.path,
          scopeLabel: g.name,
          unitOrgId: null,
          unitGridId: g.id,
          updatedAt: now,
        });
      // Outside the dormitories, the student affairs office takes dorm issues.
      routeRows.push({
        id: newId(),
        schoolId: school.id,
        categoryId: cat.id,
        scopePath: null,
        scopeLabel: null,
        unitOrgId: input.departments.XGC.id,
        unitGridId: null,
        updatedAt: now,
      });
    } else if (c.unit) {
      routeRows.push({
        id: newId(),
        schoolId: school.id,
        categoryId: cat.id,
        scopePath: null,
        scopeLabel: null,
        unitOrgId: input.departments[c.unit].id,
        unitGridId: null,
        updatedAt: now,
      });
    }
  });
  await tx.insert(requestRoutes).values(routeRows);

  // ---- 90 days of history ------------------------------------------------------------------------
  const dormRooms = await rows<{ id: Id; path: string }>(
    tx,
    sql`select r.id, r.path from places r where r.school_id = ${school.id} and r.kind = 'room' and r.use = 'dormitory' order by r.code limit 400`,
  );
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const reqRows: (typeof requests.$inferInsert)[] = [];
  const evRows: (typeof requestEvents.$inferInsert)[] = [];
  const perDay = new Map<string, number>();
  const HOUR = 3_600_000;
  for (let n = 0; n < 240; n++) {
    const ci = Math.floor(rnd() * CATEGORIES.length);
    const c = CATEGORIES[ci]!;
    const cat = cats[ci]!;
    const receivedAt = new Date(
      now.getTime() - (3 + Math.floor(rnd() * 87)) * 86_400_000 - Math.floor(rnd() * 9) * HOUR,
    );
    const room = dormRooms.length ? pick(dormRooms) : null;
    const grid = room ? dormGrids.find((g) => room.path.startsWith(g.building_path)) : undefined;
    const unitGrid = c.unit === 'DORM_GRID' && grid ? grid : null;
    // Dorm issues outside a dormitory grid, and the centre's own (OTHER), went to student affairs.
    const unitOrg = unitGrid
      ? null
      : c.unit && c.unit !== 'DORM_GRID'
        ? input.departments[c.unit]
        : input.departments.XGC;
    const unitName = unitGrid?.name ?? '承办单位';
    const respondBy = addDuration(DEMO_CALENDAR, receivedAt, c.policy.respond);
    const resolveBy = addDuration(DEMO_CALENDAR, receivedAt, c.policy.resolve);
    // Most are answered on time and solved; some late, some not solved; none in the future.
    const fate = rnd();
    const respondedAt = new Date(
      Math.min(now.getTime(), respondBy.getTime() + (fate < 0.9 ? -0.6 : 1.5) * HOUR),
    );
    const replyAt = new Date(resolveBy.getTime() + (fate < 0.82 ? -20 : 18) * HOUR * rnd());
    const visitAt = new Date(replyAt.getTime() + 2 * HOUR);
    const answered = visitAt < now && fate < 0.96;
    const solved = fate < 0.86;
    const satisfaction = solved ? (rnd() < 0.85 ? 5 : 4) : 1 + Math.floor(rnd() * 3);
    const day = chinaDate(receivedAt).replaceAll('-', '');
    const seq = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, seq);
    const reporter = pick(input.studentUserIds);
    const identity = rnd() < 0.8 ? 'named' : rnd() < 0.5 ? 'anonymous' : 'sealed';
    const id = newId();
    const status = !answered ? 'in_progress' : solved ? 'closed' : 'reopened';
    const overdueOpen = !answered && resolveBy < now;
    reqRows.push({
      id,
      no: `Q${day}${String(seq).padStart(5, '0')}`,
      schoolId: school.id,
      orgId: unitOrg?.id ?? school.id,
      gridId: unitGrid?.id ?? grid?.id ?? null,
      gridPath: unitGrid?.path ?? grid?.path ?? null,
      categoryId: cat.id,
      description: pick(SAMPLES[c.code]!),
      placeId: room?.id ?? null,
      attributes: c.code === 'REPAIR' ? { ITEM: pick(REPAIR_ITEMS.values!).key } : {},
      channel: rnd() < 0.7 ? 'phone' : rnd() < 0.6 ? 'qr' : 'hotline',
      identity,
      reporterUserId: identity === 'named' ? reporter : null,
      reporterName: identity === 'named' ? '学生' : null,
      reporterEnc:
        identity === 'sealed'
          ? input.crypto.encrypt(JSON.stringify({ userId: reporter, name: '学生', phone: null }))
          : null,
      reporterKey: identity === 'anonymous' ? null : input.crypto.lookupHash(`reporter:${reporter}`),
      trackHash: input.crypto.lookupHash(`track-hash:${randomBytes(16).toString('hex')}`),
      idempotencyKey: `demo-${id}`,
      status,
      closeKind: status === 'closed' ? 'solved' : null,
      assignedOrgId: unitOrg?.id ?? null,
      assignedGridId: unitGrid?.id ?? null,
      firstUnitId: unitOrg?.id ?? unitGrid?.id ?? null,
      receivedAt,
      dispatchedAt: receivedAt,
      respondBy,
      resolveBy,
      respondedAt,
      repliedAt: status === 'closed' ? replyAt : null,
      closedAt: status === 'closed' ? visitAt : null,
      supervisedAt: overdueOpen ? resolveBy : null,
      visit: answered ? { contacted: true, solved, satisfaction } : null,
      visitedAt: answered ? visitAt : null,
      reopenCount: status === 'reopened' ? 1 : 0,
      updatedAt: answered ? visitAt : respondedAt,
    });
    const ev = (
      at: Date,
      kind: string,
      st: RequestStatus | null,
      side: 'reporter' | 'handler' | 'system',
      actor: string,
      body: string | null = null,
      visibility: 'public' | 'internal' = 'public',
    ) =>
      evRows.push({
        id: newId(),
        requestId: id,
        at,
        actorId: null,
        actorName: actor,
        kind,
        visibility,
        side,
        status: st,
        body,
      });
    ev(receivedAt, 'received', 'received', 'reporter', '诉求人');
    ev(receivedAt, 'dispatch', 'dispatched', 'system', '派单目录');
    ev(new Date(receivedAt.getTime() + 0.2 * HOUR), 'sign', 'accepted', 'handler', unitName);
    ev(respondedAt, 'contact', 'contacted', 'handler', unitName, '已联系诉求人，了解情况');
    if (overdueOpen) ev(resolveBy, 'supervise', null, 'system', '系统', null, 'internal');
    if (answered) {
      ev(replyAt, 'reply', 'replied', 'handler', unitName, '已处理完毕');
      ev(
        new Date(replyAt.getTime() + HOUR),
        'audit_pass',
        'revisit',
        'handler',
        '网格化管理中心',
        null,
        'internal',
      );
      ev(visitAt, 'visit', solved ? 'closed' : 'reopened', 'reporter', '诉求人');
    }
  }
  for (let i = 0; i < reqRows.length; i += 500) await tx.insert(requests).values(reqRows.slice(i, i + 500));
  for (let i = 0; i < evRows.length; i += 500)
    await tx.insert(requestEvents).values(evRows.slice(i, i + 500));
  return { categories: cats.length, routes: routeRows.length, requests: reqRows.length };
}
