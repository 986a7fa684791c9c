import { newId } from '../kernel/ids.js';
import { gridBindings, gridMembers, gridPath, grids, type GridLevel } from '../modules/grids/index.js';
import { type Id, type Seeding } from './campus-seed.types.js';
import type { seedStaff, seedStudents } from './campus-seed.people.js';
import type { seedPlaces } from './campus-seed.places.js';

const DUTIES: Record<GridLevel | 'building_dorm', string[]> = {
  campus: [
    '统筹全校安全网格化管理',
    '组织隐患排查与整改，重大隐患挂牌督办',
    '协调警校联动与突发事件应急处置',
    '组织网格考核与责任追究',
  ],
  zone: ['组织片区日常安全巡查', '汇总上报片区隐患与事件', '协调片区内楼栋网格开展工作'],
  building: [
    '楼内消防设施与安全出口每日检查',
    '课间与活动期间秩序维护',
    '实验实训室与重点部位安全检查',
    '发现隐患及时上报并跟踪整改',
  ],
  building_dorm: [
    '楼内每日安全巡查（消防通道、用电、门禁）',
    '住宿学生信息采集与核对',
    '夜间查寝，晚归不归情况上报',
    '宿舍矛盾纠纷排查化解',
  ],
  floor: ['本层每日巡查（水电、门窗、消防器材）', '掌握本层人员情况', '异常情况第一时间报告楼长'],
  room: ['本房间安全自查'],
  college: ['学院学生安全教育与管理', '重点学生关注与心理健康排查', '组织学院网格员开展工作'],
  class: ['班级学生基础信息采集与更新', '师生民意收集与政策法规宣传', '班级矛盾纠纷排查化解'],
  dorm_room: ['宿舍安全自查（违规电器、明火）', '每日晚归与不归情况报告', '宿舍成员身心异常情况报告'],
};

/** Physical and virtual grids with leaders, members and bindings (and the blind spots left on purpose). */
export async function seedGrids(
  s: Seeding,
  { buildingIds, rooms }: Pick<Awaited<ReturnType<typeof seedPlaces>>, 'buildingIds' | 'rooms'>,
  {
    zoneHeads,
    buildingHeads,
    collegeHeads,
    counsellors,
  }: Omit<Awaited<ReturnType<typeof seedStaff>>, 'staffRows'>,
  { dorms, roomOccupants }: Pick<Awaited<ReturnType<typeof seedStudents>>, 'dorms' | 'roomOccupants'>,
) {
  const { tx, input, layout } = s;
  const { school, now } = input;
  const gridRows: (typeof grids.$inferInsert)[] = [];
  const bindingRows: (typeof gridBindings.$inferInsert)[] = [];
  const memberRowsG: (typeof gridMembers.$inferInsert)[] = [];
  const addGrid = (spec: {
    parent?: { id: Id; path: string };
    orgId?: Id;
    level: GridLevel;
    code: string;
    name: string;
    leader: Id | null;
    duties?: string[];
    outline?: (typeof grids.$inferInsert)['outline'];
  }) => {
    const id = newId();
    const path = gridPath(spec.parent?.path ?? null, id);
    gridRows.push({
      id,
      orgId: spec.orgId ?? school.id,
      schoolId: school.id,
      kind: ['campus', 'zone', 'building', 'floor', 'room'].includes(spec.level) ? 'physical' : 'virtual',
      level: spec.level,
      parentId: spec.parent?.id ?? null,
      path,
      code: spec.code,
      name: spec.name,
      leaderUserId: spec.leader,
      responsibilities: spec.duties ?? DUTIES[spec.level],
      outline: spec.outline ?? null,
      createdAt: now,
      updatedAt: now,
    });
    return { id, path };
  };
  const bind = (gridId: Id, target: { orgId?: Id; placeId?: Id }) =>
    bindingRows.push({ id: newId(), gridId, orgId: target.orgId ?? null, placeId: target.placeId ?? null });

  const campus = addGrid({
    level: 'campus',
    code: 'G-CAMPUS',
    name: `${school.name}校园网格`,
    leader: input.demoUserIds['school.admin'] ?? null,
    outline: layout.boundary,
  });
  bind(campus.id, { orgId: school.id });
  const demoLeader = input.demoUserIds['grid.leader'];
  const demoWorker = input.demoUserIds['grid.worker'];
  const firstDorm = dorms[2] ?? dorms[0]!;
  let overlapRoom: Id | undefined;
  let overlapGrid: Id | undefined;
  for (const z of layout.zones) {
    const zone = addGrid({
      parent: campus,
      level: 'zone',
      code: `G-${z.code}`,
      name: `${z.name}网格`,
      leader: zoneHeads.get(z.code)!.userId,
      outline: z.outline,
    });
    for (const b of layout.buildings.filter((x) => x.zone === z.code)) {
      const info = buildingIds.get(b.code)!;
      bind(zone.id, { placeId: info.id });
      // Left out on purpose: the gym has no grid yet (a blind spot for the coverage report).
      if (b.use === 'sports') continue;
      const leader = b.code === firstDorm && demoLeader ? demoLeader : buildingHeads.get(b.code)!.userId;
      const bg = addGrid({
        parent: zone,
        level: 'building',
        code: `G-${b.code}`,
        name: `${b.name}网格`,
        leader,
        duties: b.use === 'dormitory' ? DUTIES.building_dorm : DUTIES.building,
      });
      bind(bg.id, { placeId: info.id });
      if (b.code === firstDorm && demoWorker)
        memberRowsG.push({
          id: newId(),
          gridId: bg.id,
          userId: demoWorker,
          position: 'building_head',
          createdAt: now,
        });
      for (const [f, floor] of info.floors) {
        const occupant =
          b.use === 'dormitory'
            ? rooms.find((r) => r.building === b.code && r.floor === f && roomOccupants.has(r.id))
            : undefined;
        const floorLeader = occupant
          ? roomOccupants.get(occupant.id)!.userIds.at(-1)!
          : buildingHeads.get(b.code)!.userId;
        // Left out on purpose: the top floor of the last dormitory waits for its floor leader.
        const noLeader = b.code === dorms.at(-1) && f === b.floors;
        const fg = addGrid({
          parent: bg,
          level: 'floor',
          code: `G-${b.code}-F${f}`,
          name: `${b.name}${f}层网格`,
          leader: noLeader ? null : floorLeader,
        });
        bind(fg.id, { placeId: floor.id });
        if (b.code === 'T1' && f === 1) {
          // Drawn twice on purpose: T2's first-floor grid also claims room T1-0101.
          const t1 = rooms.find((r) => r.code === 'T1-0101');
          if (t1) overlapRoom = t1.id;
        }
        if (b.code === 'T2' && f === 1) overlapGrid = fg.id;
      }
    }
  }
  if (overlapRoom && overlapGrid) bind(overlapGrid, { placeId: overlapRoom });

  const counselorUser = input.demoUserIds['counselor'];
  const classGrid = new Map<Id, { id: Id; path: string }>();
  for (const c of input.colleges) {
    const cg = addGrid({
      orgId: c.id,
      level: 'college',
      code: `G-${c.code}`,
      name: `${c.name}网格`,
      leader: collegeHeads.get(c.id)!.userId,
    });
    bind(cg.id, { orgId: c.id });
    for (const k of input.classes.filter((x) => x.collegeCode === c.code)) {
      const leader = c.code.endsWith('C03') && counselorUser ? counselorUser : counsellors.get(c.id)!.userId;
      const kg = addGrid({
        parent: cg,
        orgId: k.id,
        level: 'class',
        code: `G-${k.code}`,
        name: `${k.name}网格`,
        leader,
      });
      bind(kg.id, { orgId: k.id });
      classGrid.set(k.id, kg);
    }
  }
  // Looked up once per occupied room: maps, not scans (a 20,000-student campus has 3,000+ rooms).
  const roomById = new Map(rooms.map((r) => [r.id, r]));
  const classById = new Map(input.classes.map((k) => [k.id, k]));
  for (const [roomId, occ] of roomOccupants) {
    const room = roomById.get(roomId)!;
    const parent = classGrid.get(occ.classId)!;
    const cls = classById.get(occ.classId)!;
    const dg = addGrid({
      parent,
      orgId: cls.id,
      level: 'dorm_room',
      code: `G-R-${room.code}`,
      name: `${room.code}宿舍网格`,
      leader: occ.userIds.at(-1)!,
    });
    bind(dg.id, { placeId: roomId });
  }
  for (let i = 0; i < gridRows.length; i += 500) await tx.insert(grids).values(gridRows.slice(i, i + 500));
  for (let i = 0; i < bindingRows.length; i += 500)
    await tx.insert(gridBindings).values(bindingRows.slice(i, i + 500));
  if (memberRowsG.length) await tx.insert(gridMembers).values(memberRowsG);
  return gridRows.length;
}
