import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

interface Coverage {
  levels: {
    kind: string;
    level: string;
    total: number;
    covered: number;
    gaps: number;
    overlaps: number;
    percent: number;
  }[];
  gaps: { kind: string; level: string; id: string; code: string }[];
  overlaps: {
    kind: string;
    level: string;
    id: string;
    code: string;
    grids: { id: string; code: string }[];
  }[];
  gridsWithoutLeader: { id: string; code: string }[];
  overall: number;
}
interface Grid {
  id: string;
  code: string;
  level: string;
  version: number;
  leaderUserId: string | null;
  leaderPhone: string | null;
  responsibilities: string[];
  canManage: boolean;
}
interface GridDetail extends Grid {
  bindings: { placeId: string | null; orgId: string | null; placeCode: string | null }[];
  members: { userId: string; phone: string | null }[];
  stats: { rooms: number; students: number };
}

let rt: TestRuntime;
let admin: Session;
let school: string;

const gridByCode = async (s: Session, code: string) => {
  const r = await s.call('GET', `/api/grids?q=${encodeURIComponent(code)}`);
  return r.json<{ items: Grid[] }>().items.find((g) => g.code === code);
};
const place = async (code: string) => {
  const r = await admin.call(
    'GET',
    `/api/places?schoolId=${school}&q=${encodeURIComponent(code)}&pageSize=50`,
  );
  return r
    .json<{ items: { id: string; code: string; kind: string }[] }>()
    .items.find((p) => p.code === code)!;
};
const coverage = async () => {
  const r = await admin.call('GET', `/api/coverage?schoolId=${school}`);
  expect(r.statusCode).toBe(200);
  return r.json<Coverage>();
};

beforeAll(async () => {
  rt = await testRuntime();
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => rt.dispose());

describe('coverage (全覆盖)', () => {
  it('finds the planted gap (the gym has no grid), the overlap (T1-0101 in two floor grids) and a leaderless grid; fixing them reaches 100%', async () => {
    const before = await coverage();
    const gymRooms = before.gaps.filter((g) => g.code.startsWith('GYM-'));
    expect(gymRooms.length).toBeGreaterThan(0);
    expect(new Set(gymRooms.map((g) => g.level))).toEqual(new Set(['building', 'floor']));
    expect(before.overlaps).toEqual([
      expect.objectContaining({
        code: 'T1-0101',
        level: 'floor',
        grids: expect.arrayContaining([
          expect.objectContaining({ code: 'G-T1-F1' }),
          expect.objectContaining({ code: 'G-T2-F1' }),
        ]),
      }),
    ]);
    expect(before.gridsWithoutLeader.map((g) => g.code)).toEqual([expect.stringMatching(/^G-S\d\d-F6$/)]);
    expect(before.overall).toBeLessThan(100);
    for (const l of before.levels.filter((x) => x.kind === 'virtual')) expect(l.percent).toBe(100);

    // Fix 1: a grid for the gym, under its zone, covering the building, with a grid per floor.
    const gym = await place('GYM');
    const zones = (await admin.call('GET', `/api/grids?schoolId=${school}&level=zone`)).json<{
      items: Grid[];
    }>().items;
    const sportsZone = zones.find((z) => z.code === 'G-SP')!;
    const leader = (await admin.call('GET', '/api/auth/me')).json<{ user: { id: string } }>().user.id;
    const created = await admin.call('POST', '/api/grids', {
      schoolId: school,
      parentId: sportsZone.id,
      level: 'building',
      code: 'G-GYM',
      name: '体育馆网格',
      leaderUserId: leader,
    });
    expect(created.statusCode).toBe(201);
    const gymGrid = created.json<GridDetail>();
    expect(
      (await admin.call('PUT', `/api/grids/${gymGrid.id}/bindings`, { orgIds: [], placeIds: [gym.id] }))
        .statusCode,
    ).toBe(200);
    const floors = (
      await admin.call('GET', `/api/places?schoolId=${school}&parentId=${gym.id}&kind=floor`)
    ).json<{ items: { id: string; code: string }[] }>().items;
    expect(floors.length).toBeGreaterThan(0);
    for (const f of floors) {
      const fg = await admin.call('POST', '/api/grids', {
        schoolId: school,
        parentId: gymGrid.id,
        level: 'floor',
        code: `G-${f.code}`,
        name: `${f.code}网格`,
        leaderUserId: leader,
      });
      expect(fg.statusCode).toBe(201);
      expect(
        (
          await admin.call('PUT', `/api/grids/${fg.json<Grid>().id}/bindings`, {
            orgIds: [],
            placeIds: [f.id],
          })
        ).statusCode,
      ).toBe(200);
    }
    // Fix 2: T2's first floor grid covers its own floor only.
    const t2f1 = (
      await admin.call('GET', `/api/grids/${(await gridByCode(admin, 'G-T2-F1'))!.id}`)
    ).json<GridDetail>();
    const t2Floor = await place('T2-F1');
    expect(t2f1.bindings.map((b) => b.placeCode).sort()).toEqual(['T1-0101', 'T2-F1']);
    expect(
      (await admin.call('PUT', `/api/grids/${t2f1.id}/bindings`, { orgIds: [], placeIds: [t2Floor.id] }))
        .statusCode,
    ).toBe(200);
    // Fix 3: the waiting floor grid gets its leader.
    const leaderless = before.gridsWithoutLeader[0]!;
    const patched = await admin.call('PATCH', `/api/grids/${leaderless.id}`, { leaderUserId: leader });
    expect(patched.statusCode).toBe(200);

    const after = await coverage();
    expect(after.gaps).toEqual([]);
    expect(after.overlaps).toEqual([]);
    expect(after.gridsWithoutLeader).toEqual([]);
    expect(after.overall).toBe(100);
    for (const l of after.levels)
      expect({ level: l.level, percent: l.percent }).toEqual({ level: l.level, percent: 100 });
  });

  it('counts a new room outside every grid as a gap until a grid covers it', async () => {
    const lib = await place('LIB');
    const room = await admin.call('POST', '/api/places', {
      schoolId: school,
      parentId: lib.id,
      kind: 'room',
      code: 'LIB-ANNEX',
      name: '新建储藏室',
    });
    expect(room.statusCode).toBe(201);
    const gaps = (await coverage()).gaps.filter((g) => g.code === 'LIB-ANNEX');
    // Inside the library, so in its building and zone grids, but on no floor: a floor-level gap.
    expect(gaps.map((g) => g.level)).toEqual(['floor']);
  });
});

describe('grid scope', () => {
  it('a grid leader reads and edits their own grid and its sub-grids, but a sibling grid is 404', async () => {
    const leader = await rt.login('grid.leader');
    const mine = (await leader.call('GET', '/api/grids')).json<{ items: Grid[] }>().items;
    const own = mine.find((g) => g.level === 'building')!;
    expect(own.code).toMatch(/^G-S\d\d$/);
    expect(mine.every((g) => g.code.startsWith(own.code))).toBe(true);
    const sibling = (await admin.call('GET', `/api/grids?schoolId=${school}&level=building`))
      .json<{ items: Grid[] }>()
      .items.find((g) => g.code !== own.code && g.code.startsWith('G-S'))!;
    expect((await leader.call('GET', `/api/grids/${sibling.id}`)).statusCode).toBe(404);
    expect(
      (await leader.call('PATCH', `/api/grids/${sibling.id}`, { name: '改别人的网格' })).statusCode,
    ).toBe(404);
    expect((await leader.call('GET', `/api/grids/${sibling.id}/students`)).statusCode).toBe(404);

    const edited = await leader.call('PATCH', `/api/grids/${own.id}`, {
      responsibilities: ['每日巡查消防通道', '夜间查寝'],
      version: own.version,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<GridDetail>().responsibilities).toEqual(['每日巡查消防通道', '夜间查寝']);
    // A stale version is refused rather than silently overwritten.
    const stale = await leader.call('PATCH', `/api/grids/${own.id}`, {
      name: '旧版本',
      version: own.version,
    });
    expect(stale.statusCode).toBe(409);
    // The leader cannot appoint their own grid's leader: that is for the grid above.
    const self = await leader.call('PATCH', `/api/grids/${own.id}`, { leaderUserId: leader.userId });
    expect(self.json<{ error: { code: string } }>().error.code).toBe('grids.structure_only_above');
    // What its sub-grids can be bound to: the floors of their own building, without any place
    // permission of the school.
    expect((await leader.call('GET', `/api/places?schoolId=${school}`)).statusCode).toBe(403);
    const floors = (await leader.call('GET', `/api/grids/${own.id}/places?kind=floor`)).json<{
      items: { code: string }[];
    }>();
    expect(floors.items.map((f) => f.code).sort()).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `${own.code.slice(2)}-F${n}`),
    );
    expect((await leader.call('GET', `/api/grids/${sibling.id}/places`)).statusCode).toBe(404);
    // … but may for a sub-grid.
    const floor = mine.find((g) => g.level === 'floor')!;
    expect(
      (await leader.call('PATCH', `/api/grids/${floor.id}`, { leaderUserId: leader.userId })).statusCode,
    ).toBe(200);
  });

  it('a grid worker reads their grid with phone numbers but cannot change it', async () => {
    const worker = await rt.login('grid.worker');
    const mine = (await worker.call('GET', '/api/grids')).json<{ items: Grid[] }>().items;
    const own = mine.find((g) => g.level === 'building')!;
    const detail = (await worker.call('GET', `/api/grids/${own.id}`)).json<GridDetail>();
    expect(detail.leaderPhone).toMatch(/^1\d{10}$/);
    expect(detail.canManage).toBe(false);
    expect((await worker.call('PATCH', `/api/grids/${own.id}`, { name: 'x' })).statusCode).toBe(403);
  });

  it("a counselor sees their college's virtual grids and no one else's; phones of others are masked", async () => {
    const counselor = await rt.login('counselor');
    const items = (await counselor.call('GET', '/api/grids')).json<{
      items: (Grid & { orgName: string; kind: string })[];
    }>().items;
    expect(items.length).toBeGreaterThan(1);
    expect(items.every((g) => g.kind === 'virtual')).toBe(true);
    expect(items.some((g) => g.code === 'G-DYVTC-C03')).toBe(true);
    expect(items.some((g) => g.code === 'G-DYVTC-C04')).toBe(false);
    const c04 = await gridByCode(admin, 'G-DYVTC-C04');
    expect((await counselor.call('GET', `/api/grids/${c04!.id}`)).statusCode).toBe(404);
    // A guard reads grids but holds no grid.contacts: leader phones come masked.
    const guard = await rt.login('guard');
    const seen = (await guard.call('GET', `/api/grids?schoolId=${school}&level=building`)).json<{
      items: Grid[];
    }>().items;
    expect(seen.every((g) => !g.leaderPhone || /^\d{3}\*{4}\d{4}$/.test(g.leaderPhone))).toBe(true);
  });

  it('the grid a user holds comes with the signed-in user, and the students a grid covers are listed', async () => {
    const leader = await rt.login('grid.leader');
    const me = (await leader.call('GET', '/api/auth/me')).json<{
      user: { grids: { gridId: string; position: string }[] };
    }>();
    expect(me.user.grids.some((g) => g.position === 'leader')).toBe(true);
    const own = (await leader.call('GET', `/api/grids/${me.user.grids[0]!.gridId}`)).json<GridDetail>();
    const students = (await leader.call('GET', `/api/grids/${own.id}/students?pageSize=500`)).json<{
      items: { roomCode: string }[];
      total: number;
    }>();
    expect(students.total).toBe(own.stats.students);
    expect(students.items.every((s) => s.roomCode.startsWith(own.code.slice(2)))).toBe(true);
  });
});

describe('campus map', () => {
  it('gives buildings with outlines and heights, and a building panel with its grid and people', async () => {
    const map = (await admin.call('GET', `/api/map?schoolId=${school}`)).json<{
      bounds: [[number, number], [number, number]];
      buildings: {
        features: {
          geometry: { coordinates: number[][][] };
          properties: {
            id: string;
            code: string;
            name: string;
            height: number;
            gridId: string | null;
            students: number;
          };
        }[];
      };
      sites: { features: { properties: { kind: string; name: string } }[] };
    }>();
    const dorm = map.buildings.features.find((f) => f.properties.name === '学生公寓3号楼')!;
    expect(dorm.properties.height).toBeGreaterThan(15);
    expect(dorm.properties.gridId).not.toBeNull();
    expect(dorm.geometry.coordinates[0]!.length).toBeGreaterThanOrEqual(5);
    expect(
      map.sites.features.some((s) => s.properties.kind === 'gate' && s.properties.name.includes('南门')),
    ).toBe(true);
    const [[w, s], [e, n]] = map.bounds;
    expect(e - w).toBeGreaterThan(0.005);
    expect(n - s).toBeGreaterThan(0.004);
    const panel = (await admin.call('GET', `/api/map/buildings/${dorm.properties.id}`)).json<{
      grid: { name: string; leaderName: string } | null;
      students: number;
      rooms: number;
    }>();
    expect(panel.grid?.name).toBe('学生公寓3号楼网格');
    expect(panel.grid?.leaderName).toContain('陈志强');
    expect(panel.students).toBe(dorm.properties.students);
    expect(panel.rooms).toBe(120);
  });

  it('sends the map compressed to a browser that accepts it', async () => {
    const res = await rt.app.inject({
      method: 'GET',
      url: `/api/map?schoolId=${school}`,
      headers: { cookie: admin.cookie, 'accept-encoding': 'gzip' },
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    const body = JSON.parse(gunzipSync(res.rawPayload).toString('utf8')) as {
      buildings: { features: unknown[] };
    };
    expect(body.buildings.features.length).toBeGreaterThan(20);
    expect(res.rawPayload.length).toBeLessThan(gunzipSync(res.rawPayload).length / 2);
  });
});
