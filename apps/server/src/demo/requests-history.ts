import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { addDuration, chinaDate } from '../kernel/calendar/index.js';
import type { FieldCrypto } from '../kernel/crypto.js';
import { rows, type Tx } from '../kernel/db.js';
import { newId } from '../kernel/ids.js';
import type { Kernel } from '../kernel/kernel.js';
import {
  CLOCK_JOB,
  requestCounters,
  requestEvents,
  requests,
  type RequestStatus,
} from '../modules/requests/index.js';
import { type CATEGORIES, DEMO_CALENDAR, REPAIR_ITEMS } from './requests-catalogue.js';

type Id = string;
type Unit = { id: Id; path: string; name: string };
/** Where a sample happens: a dorm room, a building of a use, a gate, or nowhere in particular. */
type Where = 'dorm_room' | 'dorm' | 'canteen' | 'library' | 'teaching' | 'lab' | 'sports' | 'gate' | null;

const SAMPLES: Record<string, [string, Where][]> = {
  REPAIR: [
    ['卫生间水龙头一直漏水，地面积水', 'dorm_room'],
    ['宿舍门锁坏了，钥匙插不进去', 'dorm_room'],
    ['上铺床梯松动，爬上去晃得厉害', 'dorm_room'],
    ['宿舍网络连续两天断线', 'dorm_room'],
    ['阳台灯不亮了', 'dorm_room'],
  ],
  DORM: [
    ['隔壁宿舍每晚12点后还在大声打游戏', 'dorm_room'],
    ['楼道垃圾两天没人清理', 'dorm'],
    ['有同学在宿舍使用电热锅', 'dorm_room'],
    ['宿舍空调遥控器被拿走一直不还', 'dorm_room'],
  ],
  SAFETY: [
    ['三楼消防通道堆满了自行车', 'dorm'],
    ['走廊灭火器压力表指针在红区', 'teaching'],
    ['操场看台护栏有一段松动', 'sports'],
    ['实训楼配电箱门没关', 'lab'],
  ],
  ORDER: [
    ['晚上宿舍楼下有陌生人徘徊', 'dorm'],
    ['图书馆自习放的书包被偷了', 'library'],
    ['校门口外摊贩占道很危险', 'gate'],
  ],
  CANTEEN: [
    ['二食堂的菜里吃出头发', 'canteen'],
    ['一食堂窗口价格涨得太多', 'canteen'],
    ['食堂餐具没洗干净', 'canteen'],
  ],
  STUDY: [
    ['助学金什么时候发放', null],
    ['在读证明怎么开具', null],
    ['校园卡丢了补办要多久', null],
  ],
  CARE: [
    ['最近压力很大睡不着，想找老师聊聊', null],
    ['家里出了变故，生活费困难', null],
  ],
  OTHER: [
    ['建议图书馆延长开放时间', 'library'],
    ['希望增加校园巴士班次', null],
  ],
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Requests of the last 90 days (about 3 a day, as at a college of a few thousand). */
const COUNT = 260;

export interface HistoryInput {
  school: Unit;
  departments: Record<'BWC' | 'WGZX' | 'XGC' | 'HQ' | 'XLZX', Unit>;
  students: { id: Id; name: string }[];
  categories: ((typeof CATEGORIES)[number] & { id: Id })[];
  dormGrids: { id: Id; path: string; name: string; building_path: string }[];
  crypto: FieldCrypto;
  jobs: Kernel['jobs'];
  rnd: () => number;
  now: Date;
}

/**
 * 90 days of requests as a normal college has them. Each gets a planned course (signed, contact,
 * reply, audit, return visit) and shows the state that course has reached now: most answered well
 * within their deadlines, about one in ten late, a few stuck past their deadline (督办), and the
 * last days' still moving through the loop. The open ones have their clocks, as the service sets.
 */
export async function seedRequestHistory(tx: Tx, input: HistoryInput) {
  const { school, rnd, now } = input;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const places = await placesByWhere(tx, school.id);
  const buildingGrids = await rows<{ id: Id; path: string; name: string; building_path: string }>(
    tx,
    sql`select g.id, g.path, g.name, p.path as building_path from grids g
          join grid_bindings b on b.grid_id = g.id join places p on p.id = b.place_id
        where g.school_id = ${school.id} and g.level = 'building' and p.kind = 'building' order by g.code`,
  );
  const reqRows: (typeof requests.$inferInsert)[] = [];
  const evRows: (typeof requestEvents.$inferInsert)[] = [];
  const jobs: Parameters<Kernel['jobs']['enqueueAll']>[1] = [];
  const perDay = new Map<string, number>();
  for (let n = 0; n < COUNT; n++) {
    const cat = pick(input.categories);
    const [text, where] = pick(SAMPLES[cat.code]!);
    // Spread over 90 days, mostly in the day and evening (China time), the newest last.
    const dayAgo = 90 * (1 - n / COUNT);
    const receivedAt = new Date(now.getTime() - dayAgo * DAY - (rnd() * 10 - 4) * HOUR);
    if (receivedAt >= now) continue;
    const place = where ? pick(places.get(where) ?? [null]) : null;
    const grid = place ? buildingGrids.find((g) => place.path.startsWith(g.building_path)) : undefined;
    const dormGrid = cat.unit === 'DORM_GRID' ? input.dormGrids.find((g) => g.id === grid?.id) : undefined;
    const unitOrg = dormGrid
      ? null
      : cat.unit && cat.unit !== 'DORM_GRID'
        ? input.departments[cat.unit]
        : input.departments.XGC;
    const unitName = dormGrid?.name ?? unitOrg!.name;
    const respondBy = addDuration(DEMO_CALENDAR, receivedAt, cat.policy.respond);
    const resolveBy = addDuration(DEMO_CALENDAR, receivedAt, cat.policy.resolve);
    // The planned course: ~85% replied on time, ~11% late, ~4% stuck (never replied yet).
    const fate = rnd();
    const stuck = fate >= 0.96;
    const late = fate >= 0.85 && !stuck;
    const signAt = new Date(receivedAt.getTime() + (0.1 + rnd() * 0.4) * HOUR);
    const contactAt = new Date(
      late && rnd() < 0.5
        ? respondBy.getTime() + (0.5 + rnd() * 2) * HOUR
        : signAt.getTime() + (respondBy.getTime() - signAt.getTime()) * (0.2 + rnd() * 0.6),
    );
    const replyAt = stuck
      ? null
      : new Date(
          late
            ? resolveBy.getTime() + (2 + rnd() * 30) * HOUR
            : contactAt.getTime() + (resolveBy.getTime() - contactAt.getTime()) * (0.3 + rnd() * 0.6),
        );
    const auditAt = replyAt && new Date(replyAt.getTime() + (0.5 + rnd() * 3) * HOUR);
    const visitAt = auditAt && new Date(auditAt.getTime() + (3 + rnd() * 20) * HOUR);
    const solved = rnd() < (late ? 0.75 : 0.95);
    const reached = (t: Date | null): t is Date => !!t && t <= now;
    const status: RequestStatus = reached(visitAt)
      ? solved
        ? 'closed'
        : 'reopened'
      : reached(auditAt)
        ? 'revisit'
        : reached(replyAt)
          ? 'replied'
          : reached(contactAt)
            ? 'in_progress'
            : reached(signAt)
              ? 'accepted'
              : 'dispatched';
    const satisfaction = solved ? (rnd() < 0.8 ? 5 : 4) : 1 + Math.floor(rnd() * 3);
    const day = chinaDate(receivedAt).replaceAll('-', '');
    const seq = (perDay.get(day) ?? 0) + 1;
    perDay.set(day, seq);
    const reporter = pick(input.students);
    const identity = rnd() < 0.8 ? 'named' : rnd() < 0.5 ? 'anonymous' : 'sealed';
    const id = newId();
    const open = !reached(replyAt) || status === 'reopened';
    const supervised = !reached(replyAt) && resolveBy < now;
    reqRows.push({
      id,
      no: `Q${day}${String(seq).padStart(5, '0')}`,
      schoolId: school.id,
      orgId: unitOrg?.id ?? school.id,
      gridId: grid?.id ?? null,
      gridPath: grid?.path ?? null,
      categoryId: cat.id,
      description: text,
      placeId: place?.id ?? null,
      attributes: cat.code === 'REPAIR' ? { ITEM: pick(REPAIR_ITEMS.values!).key } : {},
      channel: rnd() < 0.7 ? 'phone' : rnd() < 0.6 ? 'qr' : 'hotline',
      identity,
      reporterUserId: identity === 'named' ? reporter.id : null,
      reporterName: identity === 'named' ? reporter.name : null,
      reporterEnc:
        identity === 'sealed'
          ? input.crypto.encrypt(JSON.stringify({ userId: reporter.id, name: reporter.name, phone: null }))
          : null,
      reporterKey: identity === 'anonymous' ? null : input.crypto.lookupHash(`reporter:${reporter.id}`),
      trackHash: input.crypto.lookupHash(`track-hash:${randomBytes(16).toString('hex')}`),
      idempotencyKey: `demo-${id}`,
      status,
      closeKind: status === 'closed' ? 'solved' : null,
      assignedOrgId: unitOrg?.id ?? null,
      assignedGridId: dormGrid?.id ?? null,
      firstUnitId: unitOrg?.id ?? dormGrid?.id ?? null,
      receivedAt,
      dispatchedAt: receivedAt,
      respondBy,
      resolveBy,
      respondedAt: reached(contactAt) ? contactAt : null,
      repliedAt: reached(replyAt) ? replyAt : null,
      closedAt: status === 'closed' ? visitAt : null,
      supervisedAt: supervised ? resolveBy : null,
      visit: reached(visitAt) ? { contacted: true, solved, satisfaction } : null,
      visitedAt: reached(visitAt) ? visitAt : null,
      reopenCount: status === 'reopened' ? 1 : 0,
      updatedAt: [visitAt, auditAt, replyAt, contactAt, signAt].find(reached) ?? receivedAt,
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
    const reporterName = identity === 'named' ? reporter.name : '诉求人';
    ev(receivedAt, 'received', 'received', 'reporter', reporterName);
    ev(receivedAt, 'dispatch', 'dispatched', 'system', '派单目录');
    if (reached(signAt)) ev(signAt, 'sign', 'accepted', 'handler', unitName);
    if (reached(contactAt))
      ev(contactAt, 'contact', 'contacted', 'handler', unitName, '已联系诉求人，了解情况');
    if (supervised) ev(resolveBy, 'supervise', null, 'system', '系统', null, 'internal');
    if (reached(replyAt)) ev(replyAt, 'reply', 'replied', 'handler', unitName, '已处理完毕');
    if (reached(auditAt))
      ev(auditAt, 'audit_pass', 'revisit', 'handler', input.departments.WGZX.name, null, 'internal');
    if (reached(visitAt)) ev(visitAt, 'visit', solved ? 'closed' : 'reopened', 'reporter', reporterName);
    // The clocks of those still open, as the service would have set them at intake.
    if (open && status !== 'reopened') {
      if (!reached(contactAt))
        jobs.push({
          queue: CLOCK_JOB,
          payload: { requestId: id, step: 'respond', gen: 0 },
          opts: { runAt: respondBy, singletonKey: `${id}:respond:0` },
        });
      if (!supervised)
        jobs.push({
          queue: CLOCK_JOB,
          payload: { requestId: id, step: 'supervise', gen: 0 },
          opts: { runAt: resolveBy, singletonKey: `${id}:supervise:0` },
        });
    }
  }
  for (let i = 0; i < reqRows.length; i += 500) await tx.insert(requests).values(reqRows.slice(i, i + 500));
  for (let i = 0; i < evRows.length; i += 500)
    await tx.insert(requestEvents).values(evRows.slice(i, i + 500));
  if (jobs.length) await input.jobs.enqueueAll(tx, jobs);
  // The days' counters go on from the demo's numbers (today's intake continues after them).
  await tx
    .insert(requestCounters)
    .values([...perDay].map(([day, n]) => ({ day, n })))
    .onConflictDoNothing();
  return { requests: reqRows.length };
}

/** The school's places by what the samples need: dorm rooms, buildings by use, gates. */
async function placesByWhere(tx: Tx, schoolId: Id) {
  const found = await rows<{ id: Id; path: string; kind: string; use: string | null }>(
    tx,
    sql`select id, path, kind, use from places where school_id = ${schoolId}
          and (kind in ('building', 'gate') or (kind = 'room' and use = 'dormitory')) order by code`,
  );
  const byWhere = new Map<Where, { id: Id; path: string }[]>();
  const add = (w: Where, p: { id: Id; path: string }) => byWhere.set(w, [...(byWhere.get(w) ?? []), p]);
  for (const p of found) {
    if (p.kind === 'gate') add('gate', p);
    else if (p.kind === 'room') add('dorm_room', p);
    else if (p.use === 'dormitory') add('dorm', p);
    else if (p.use && ['canteen', 'library', 'teaching', 'lab', 'sports'].includes(p.use))
      add(p.use as Where, p);
  }
  return byWhere;
}
