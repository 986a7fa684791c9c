import { sql } from 'drizzle-orm';
import { chinaDate } from '../kernel/calendar/index.js';
import { rows, type Tx } from '../kernel/db.js';
import { newId } from '../kernel/ids.js';
import type { Kernel } from '../kernel/kernel.js';
import {
  DEADLINE_JOB,
  SUPERVISE_JOB,
  hazardCounters,
  hazardEvents,
  hazards,
  hazardDeadline,
  type HazardGrade,
} from '../modules/hazards/index.js';
import { TasksService } from '../modules/tasks/index.js';
import { pick } from './random.js';

const DAY = 86_400_000;

/** Where a finding belongs: a building of a use (any building), or a gate. */
type Where = 'building' | 'dormitory' | 'canteen' | 'lab' | 'teaching' | 'gate';

/** Findings the demo college's grid workers and the security office typically record, and where. */
const FINDINGS: { domain: string; title: string; measures: string; where: Where }[] = [
  {
    domain: 'fire',
    title: '楼道灭火器压力不足',
    measures: '更换灭火器，补充压力并张贴检查卡',
    where: 'building',
  },
  { domain: 'fire', title: '安全出口堆放杂物', measures: '清理杂物，设置禁止堆放标识', where: 'building' },
  { domain: 'fire', title: '疏散指示标志不亮', measures: '更换应急照明与疏散指示灯', where: 'building' },
  {
    domain: 'electric',
    title: '宿舍私拉乱接电线',
    measures: '拆除私拉电线，开展用电安全教育',
    where: 'dormitory',
  },
  {
    domain: 'electric',
    title: '配电箱未上锁、无警示标识',
    measures: '加装锁具并张贴警示标识',
    where: 'building',
  },
  {
    domain: 'electric',
    title: '教室多媒体讲台电源线裸露',
    measures: '更换线缆并加装线槽',
    where: 'teaching',
  },
  {
    domain: 'dorm',
    title: '宿舍发现违规电器（热得快）',
    measures: '收缴违规电器，通报班级',
    where: 'dormitory',
  },
  { domain: 'dorm', title: '宿舍门锁损坏', measures: '更换门锁', where: 'dormitory' },
  { domain: 'facilities', title: '楼梯护栏松动', measures: '加固护栏，期间设置警示', where: 'building' },
  { domain: 'facilities', title: '走廊吊顶脱落', measures: '更换吊顶板，检查龙骨', where: 'building' },
  { domain: 'facilities', title: '卫生间地面破损积水', measures: '修补地面并做防滑处理', where: 'dormitory' },
  { domain: 'food', title: '食堂留样记录不全', measures: '完善留样登记，专人负责', where: 'canteen' },
  {
    domain: 'food',
    title: '后厨燃气管道软管老化',
    measures: '更换燃气软管，加装燃气报警器',
    where: 'canteen',
  },
  { domain: 'security', title: '监控摄像头画面中断', measures: '维修线路并恢复画面', where: 'building' },
  { domain: 'security', title: '门岗访客登记不全', measures: '落实访客登记与身份核验', where: 'gate' },
  { domain: 'lab', title: '危化品柜未双人双锁', measures: '加装双锁并落实双人管理', where: 'lab' },
  { domain: 'surroundings', title: '校门口流动摊点占道', measures: '联合城管、派出所清理', where: 'gate' },
  { domain: 'traffic', title: '校门口减速带损坏', measures: '更换减速带', where: 'gate' },
];

/**
 * The demo's grid work: the checklist library, schedules (each dormitory building's daily check,
 * the weekly fire check, the campus surroundings, extinguishers and hydrants by their due dates),
 * and three months of past hazards through every stage of the 整改 loop.
 */
export async function seedTasksAndHazards(
  k: Kernel,
  tx: Tx,
  input: {
    school: { id: string };
    rnd: () => number;
    now: Date;
    /** the grid centre's verifier */
    office: Person;
    /** who finds what is wrong at the gates */
    guardUserId: string | null;
  },
) {
  const tasks = new TasksService(k);
  const schoolId = input.school.id;
  await tasks.installLibrary(tx, schoolId);
  const [campus] = await rows<{ id: string }>(
    tx,
    sql`select id from grids where school_id = ${schoolId} and level = 'campus' limit 1`,
  );
  await tasks.addSchedule(tx, {
    schoolId,
    templateCode: 'DOMAIN-DORM',
    recurrence: 'daily',
    gridLevel: 'building',
  });
  await tasks.addSchedule(tx, {
    schoolId,
    templateCode: 'DOMAIN-FIRE',
    recurrence: 'weekly',
    gridLevel: 'building',
  });
  if (campus)
    await tasks.addSchedule(tx, {
      schoolId,
      templateCode: 'DOMAIN-SURROUNDINGS',
      recurrence: 'weekly',
      gridIds: [campus.id],
    });
  for (const [code, kind] of [
    ['EQ-EXTINGUISHER', 'fire_extinguisher'],
    ['EQ-HYDRANT', 'hydrant'],
  ] as const)
    await tasks.addSchedule(tx, {
      schoolId,
      templateCode: code,
      recurrence: 'once',
      equipmentKind: kind,
      leadDays: 3,
      intervalDays: 30,
    });

  // Past hazards: each where it belongs, found by a person of the place's grid, put right by its leader.
  const spots = await hazardSpots(tx, schoolId, campus?.id ?? null, input.guardUserId);
  if (!spots.length) return { hazards: 0 };
  const rnd = input.rnd;
  const counters = new Map<string, number>();
  const hazardRows: (typeof hazards.$inferInsert)[] = [];
  const eventRows: (typeof hazardEvents.$inferInsert)[] = [];
  const seen = new Map<string, { id: string; at: number }>();
  const n = 72;
  const office = input.office;
  for (let i = 0; i < n; i++) {
    const ageDays = 90 * (1 - i / n) + rnd() * 2;
    const foundAt = new Date(input.now.getTime() - ageDays * DAY);
    const f = pick(
      rnd,
      FINDINGS.filter((x) => spots.some((p) => fits(x.where, p))),
    );
    const at = pick(
      rnd,
      spots.filter((p) => fits(f.where, p)),
    );
    const finder = pick(rnd, at.finders);
    const responsible = at.leader;
    const r = rnd();
    const grade: HazardGrade = r < 0.06 ? 'major' : r < 0.3 ? 'serious' : 'general';
    const deadline = hazardDeadline(grade, foundAt);
    const day = chinaDate(foundAt);
    const seq = (counters.get(day) ?? 0) + 1;
    counters.set(day, seq);
    const id = newId();
    const repeatKey = `${at.placeId}:${f.domain}`;
    const earlier = seen.get(repeatKey);
    const repeatOf = earlier && foundAt.getTime() - earlier.at < 90 * DAY ? earlier.id : null;
    seen.set(repeatKey, { id, at: foundAt.getTime() });
    // Older hazards are mostly closed (a few late); the last fortnight's are still in the loop.
    const stage =
      ageDays > 14
        ? rnd() < 0.9
          ? 'closed'
          : 'rectifying'
        : pick(rnd, ['open', 'rectifying', 'rectifying', 'submitted', 'closed'] as const);
    const late = rnd() < 0.15;
    const planAt = new Date(foundAt.getTime() + 0.2 * DAY);
    const doneAt = new Date(
      late
        ? deadline.getTime() + 2 * DAY
        : foundAt.getTime() + (deadline.getTime() - foundAt.getTime()) * 0.6,
    );
    const closedAt =
      stage === 'closed' ? new Date(Math.min(doneAt.getTime() + 0.3 * DAY, input.now.getTime())) : null;
    const unitUser = responsible.id;
    const plan =
      stage === 'open'
        ? null
        : {
            person: responsible.name,
            measures: f.measures,
            funds: Math.round(rnd() * 20) * 100,
            deadline: deadline.toISOString(),
            interim: grade === 'major' ? '设置警戒线与警示标志，专人值守' : '',
          };
    hazardRows.push({
      id,
      no: `YH${day.replaceAll('-', '')}${String(seq).padStart(4, '0')}`,
      schoolId,
      domain: f.domain,
      grade,
      origin: pick(rnd, ['inspection', 'inspection', 'inspection', 'adhoc', 'patrol', 'public'] as const),
      title: f.title,
      description: `${f.title}，已拍照留存。`,
      placeId: at.placeId,
      gridId: at.gridId,
      gridPath: at.gridPath,
      unitGridId: at.gridId,
      foundById: finder.id,
      foundByName: finder.name,
      foundAt,
      deadline,
      status: stage,
      plan,
      rectifiers: stage !== 'open' ? [unitUser] : [],
      supervisedAt:
        grade === 'major'
          ? foundAt
          : stage !== 'closed' && input.now.getTime() > deadline.getTime() + 3 * DAY
            ? new Date(deadline.getTime() + 3 * DAY)
            : null,
      overdueAt:
        (closedAt ?? input.now).getTime() > deadline.getTime() ? new Date(deadline.getTime() + 1000) : null,
      closedAt,
      verifiedById: closedAt ? office.id : null,
      verifiedByName: closedAt ? office.name : null,
      repeatOf,
      createdAt: foundAt,
      updatedAt: closedAt ?? planAt,
    });
    const ev = (
      kind: (typeof hazardEvents.$inferInsert)['kind'],
      when: Date,
      body = '',
      data?: Record<string, unknown>,
    ) =>
      eventRows.push({
        id: newId(),
        hazardId: id,
        kind,
        actorId: kind === 'pass' ? office.id : kind === 'found' ? finder.id : unitUser,
        actorName: kind === 'pass' ? office.name : kind === 'found' ? finder.name : responsible.name,
        body,
        data: data ?? null,
        at: when,
      });
    ev('found', foundAt, `${f.title}，已拍照留存。`, { grade, deadline: deadline.toISOString() });
    if (plan) ev('plan', planAt, '', { plan });
    if (stage === 'submitted' || stage === 'closed') ev('submit', doneAt, '已整改完毕，请验收。');
    if (closedAt) ev('pass', closedAt, '', { signature: office.name });
  }
  await tx.insert(hazards).values(hazardRows);
  // The clocks of those still in the loop, as if they had been reported through the service.
  const open = hazardRows.filter((h) => h.status !== 'closed');
  await k.jobs.enqueueAll(
    tx,
    open.flatMap((h) => {
      const at = h.deadline.toISOString();
      const jobs = [];
      if (!h.overdueAt)
        jobs.push({
          queue: DEADLINE_JOB,
          payload: { hazardId: h.id, deadline: at },
          opts: { runAt: new Date(h.deadline.getTime() + 1000), singletonKey: `${h.id}:${at}` },
        });
      if (!h.supervisedAt)
        jobs.push({
          queue: SUPERVISE_JOB,
          payload: { hazardId: h.id, deadline: at },
          opts: { runAt: new Date(h.deadline.getTime() + 3 * DAY + 1000), singletonKey: `${h.id}:${at}` },
        });
      return jobs;
    }),
  );
  await tx.insert(hazardEvents).values(eventRows);
  await tx
    .insert(hazardCounters)
    .values([...counters].map(([day, c]) => ({ key: `d:${day}`, n: c })))
    .onConflictDoNothing();
  return { hazards: hazardRows.length };
}

interface Person {
  id: string;
  name: string;
}
interface Spot {
  placeId: string;
  use: string | null;
  gate: boolean;
  gridId: string;
  gridPath: string;
  /** the grid's leader: the 整改 responsible */
  leader: Person;
  /** the grid's people who walk the place: its members and floor leaders, or its leader */
  finders: Person[];
}

function fits(where: Where, s: Spot): boolean {
  if (where === 'gate') return s.gate;
  if (s.gate) return false;
  return where === 'building' || s.use === where;
}

/** Name without the role note the demo accounts carry: 孙海涛（保安队长） → 孙海涛. */
const bare = (name: string) => name.replace(/（.*）$/, '');

/**
 * The places hazards are found at: each building with a grid (its leader, members and floor
 * leaders), and the gates, watched by the campus grid (the security office's guard finds, the
 * campus grid's leader answers).
 */
async function hazardSpots(
  tx: Tx,
  schoolId: string,
  campusGridId: string | null,
  guardUserId: string | null,
) {
  const found = await rows<{
    place_id: string;
    use: string | null;
    grid_id: string;
    grid_path: string;
    leader_id: string;
    leader_name: string;
    finders: Person[] | null;
  }>(
    tx,
    sql`select p.id as place_id, p.use, g.id as grid_id, g.path as grid_path,
          u.id as leader_id, u.display_name as leader_name,
          (select json_agg(json_build_object('id', x.id, 'name', x.display_name) order by x.username)
             from users x where x.id in (
               select m.user_id from grid_members m where m.grid_id = g.id
               union select f.leader_user_id from grids f where f.parent_id = g.id and f.level = 'floor')
          ) as finders
        from grid_bindings b join grids g on g.id = b.grid_id and g.level = 'building'
        join places p on p.id = b.place_id and p.kind = 'building'
        join users u on u.id = g.leader_user_id
        where g.school_id = ${schoolId} order by g.code`,
  );
  const spots: Spot[] = found.map((r) => {
    const leader = { id: r.leader_id, name: bare(r.leader_name) };
    const finders = (r.finders ?? []).map((p) => ({ id: p.id, name: bare(p.name) }));
    return {
      placeId: r.place_id,
      use: r.use,
      gate: false,
      gridId: r.grid_id,
      gridPath: r.grid_path,
      leader,
      finders: finders.length ? finders : [leader],
    };
  });
  if (!campusGridId) return spots;
  const [campus] = await rows<{ path: string; leader_id: string; leader_name: string }>(
    tx,
    sql`select g.path, u.id as leader_id, u.display_name as leader_name
        from grids g join users u on u.id = g.leader_user_id where g.id = ${campusGridId}`,
  );
  const [guard] = guardUserId
    ? await rows<{ id: string; name: string }>(
        tx,
        sql`select id, display_name as name from users where id = ${guardUserId}`,
      )
    : [];
  if (!campus) return spots;
  const leader = { id: campus.leader_id, name: bare(campus.leader_name) };
  const gates = await rows<{ id: string }>(
    tx,
    sql`select id from places where school_id = ${schoolId} and kind = 'gate' order by code`,
  );
  for (const g of gates)
    spots.push({
      placeId: g.id,
      use: null,
      gate: true,
      gridId: campusGridId,
      gridPath: campus.path,
      leader,
      finders: [guard ? { id: guard.id, name: bare(guard.name) } : leader],
    });
  return spots;
}
