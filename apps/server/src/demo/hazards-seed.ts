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

/** Findings the demo college's grid workers and the security office typically record. */
const FINDINGS: { domain: string; title: string; measures: string }[] = [
  { domain: 'fire', title: '楼道灭火器压力不足', measures: '更换灭火器，补充压力并张贴检查卡' },
  { domain: 'fire', title: '安全出口堆放杂物', measures: '清理杂物，设置禁止堆放标识' },
  { domain: 'fire', title: '疏散指示标志不亮', measures: '更换应急照明与疏散指示灯' },
  { domain: 'electric', title: '宿舍私拉乱接电线', measures: '拆除私拉电线，开展用电安全教育' },
  { domain: 'electric', title: '配电箱未上锁、无警示标识', measures: '加装锁具并张贴警示标识' },
  { domain: 'dorm', title: '宿舍发现违规电器（热得快）', measures: '收缴违规电器，通报班级' },
  { domain: 'dorm', title: '宿舍门锁损坏', measures: '更换门锁' },
  { domain: 'facilities', title: '楼梯护栏松动', measures: '加固护栏，期间设置警示' },
  { domain: 'facilities', title: '走廊吊顶脱落', measures: '更换吊顶板，检查龙骨' },
  { domain: 'facilities', title: '地面破损积水', measures: '修补地面并做防滑处理' },
  { domain: 'food', title: '食堂留样记录不全', measures: '完善留样登记，专人负责' },
  { domain: 'security', title: '监控摄像头画面中断', measures: '维修线路并恢复画面' },
  { domain: 'lab', title: '危化品柜未双人双锁', measures: '加装双锁并落实双人管理' },
  { domain: 'surroundings', title: '校门口流动摊点占道', measures: '联合城管、派出所清理' },
  { domain: 'traffic', title: '校内减速带损坏', measures: '更换减速带' },
];

/**
 * The demo's grid work: the checklist library, schedules (each dormitory building's daily check,
 * the weekly fire check, the campus surroundings, extinguishers and hydrants by their due dates),
 * and three months of past hazards through every stage of the 整改 loop.
 */
export async function seedTasksAndHazards(
  k: Kernel,
  tx: Tx,
  input: { school: { id: string }; rnd: () => number; now: Date; officeUserId: string | null },
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

  // Past hazards: in buildings with grids, each found by the grid and answered by it.
  const places = await rows<{ place_id: string; grid_id: string; grid_path: string; leader: string | null }>(
    tx,
    sql`select p.id as place_id, g.id as grid_id, g.path as grid_path, g.leader_user_id as leader
        from grid_bindings b join grids g on g.id = b.grid_id and g.level = 'building'
        join places p on p.id = b.place_id
        where g.school_id = ${schoolId} order by g.code`,
  );
  if (!places.length) return { hazards: 0 };
  const rnd = input.rnd;
  const counters = new Map<string, number>();
  const hazardRows: (typeof hazards.$inferInsert)[] = [];
  const eventRows: (typeof hazardEvents.$inferInsert)[] = [];
  const seen = new Map<string, { id: string; at: number }>();
  const office = input.officeUserId;
  const n = 72;
  for (let i = 0; i < n; i++) {
    const ageDays = 90 * (1 - i / n) + rnd() * 2;
    const foundAt = new Date(input.now.getTime() - ageDays * DAY);
    const f = pick(rnd, FINDINGS);
    const at = pick(rnd, places);
    const r = rnd();
    const grade: HazardGrade = r < 0.06 ? 'major' : r < 0.3 ? 'serious' : 'general';
    const deadline = hazardDeadline(grade, foundAt);
    const day = chinaDate(foundAt);
    const seq = (counters.get(day) ?? 0) + 1;
    counters.set(day, seq);
    const id = newId();
    const repeatKey = `${at.place_id}:${f.domain}`;
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
    const unitUser = at.leader;
    const plan =
      stage === 'open'
        ? null
        : {
            person: '网格长',
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
      placeId: at.place_id,
      gridId: at.grid_id,
      gridPath: at.grid_path,
      unitGridId: at.grid_id,
      foundById: unitUser,
      foundByName: '网格员',
      foundAt,
      deadline,
      status: stage,
      plan,
      rectifiers: unitUser && stage !== 'open' ? [unitUser] : [],
      supervisedAt:
        grade === 'major'
          ? foundAt
          : stage !== 'closed' && input.now.getTime() > deadline.getTime() + 3 * DAY
            ? new Date(deadline.getTime() + 3 * DAY)
            : null,
      overdueAt:
        (closedAt ?? input.now).getTime() > deadline.getTime() ? new Date(deadline.getTime() + 1000) : null,
      closedAt,
      verifiedById: closedAt ? office : null,
      verifiedByName: closedAt ? '王晓燕' : null,
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
        actorId: kind === 'pass' ? office : unitUser,
        actorName: kind === 'pass' ? '王晓燕（网格中心）' : kind === 'found' ? '网格员' : '网格长',
        body,
        data: data ?? null,
        at: when,
      });
    ev('found', foundAt, `${f.title}，已拍照留存。`, { grade, deadline: deadline.toISOString() });
    if (plan) ev('plan', planAt, '', { plan });
    if (stage === 'submitted' || stage === 'closed') ev('submit', doneAt, '已整改完毕，请验收。');
    if (closedAt) ev('pass', closedAt, '', { signature: '王晓燕' });
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
