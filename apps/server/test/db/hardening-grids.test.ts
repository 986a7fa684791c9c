import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

interface Grid {
  id: string;
  code: string;
  level: string;
  parentId: string | null;
}
interface GridDetail extends Grid {
  bindings: { placeId: string | null; orgId: string | null; placeCode: string | null }[];
}
interface Place {
  id: string;
  code: string;
  kind: string;
}

let rt: TestRuntime;
let center: Session;
let leader: Session;
let school: string;

const placeByCode = async (code: string) => {
  const r = await center.call(
    'GET',
    `/api/places?schoolId=${school}&q=${encodeURIComponent(code)}&pageSize=50`,
  );
  return r.json<{ items: Place[] }>().items.find((p) => p.code === code)!;
};
const gridByCode = async (s: Session, code: string) => {
  const r = await s.call('GET', `/api/grids?q=${encodeURIComponent(code)}`);
  return r.json<{ items: Grid[] }>().items.find((g) => g.code === code)!;
};
const bind = (s: Session, gridId: string, placeIds: string[], orgIds: string[] = []) =>
  s.call('PUT', `/api/grids/${gridId}/bindings`, { orgIds, placeIds });

beforeAll(async () => {
  rt = await testRuntime();
  center = await rt.login('grid.center');
  leader = await rt.login('grid.leader');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => rt.dispose());

describe('a sub-grid stays inside its parent grid (issue 13, item 3)', () => {
  it('a grid leader cannot bind their floor grid to 行政楼, but can bind it to a room of that floor', async () => {
    const own = (await leader.call('GET', '/api/grids'))
      .json<{ items: Grid[] }>()
      .items.find((g) => g.level === 'building')!;
    const floorGrid = await gridByCode(leader, `${own.code}-F1`);
    expect(floorGrid).toBeDefined();
    const admBuilding = await placeByCode('ADM');

    const captured = await bind(leader, floorGrid.id, [admBuilding.id]);
    expect(captured.statusCode).toBe(400);
    const body = captured.json<{ error: { code: string; message: string; details: { places: Place[] } } }>();
    expect(body.error.code).toBe('grids.outside_parent');
    expect(body.error.details.places.map((p) => p.code)).toEqual(['ADM']);
    expect(body.error.message).toContain('行政楼');
    // Nothing changed: the floor grid still covers its own floor only.
    const still = (await leader.call('GET', `/api/grids/${floorGrid.id}`)).json<GridDetail>();
    expect(still.bindings.map((b) => b.placeCode)).toEqual([`${own.code.slice(2)}-F1`]);

    const rooms = (await leader.call('GET', `/api/grids/${floorGrid.id}/places?kind=room`)).json<{
      items: Place[];
    }>().items;
    expect(rooms.length).toBeGreaterThan(0);
    const ok = await bind(leader, floorGrid.id, [rooms[0]!.id]);
    expect(ok.statusCode).toBe(200);
    expect(ok.json<GridDetail>().bindings.map((b) => b.placeId)).toEqual([rooms[0]!.id]);
  });

  it('the grid centre binds anywhere a parent covers, but a child never outside its parent', async () => {
    // The planted overlap: T2's first-floor grid also claims T1-0101, a room of another building.
    const t2f1 = await gridByCode(center, 'G-T2-F1');
    const t1Room = await placeByCode('T1-0101');
    const t2Floor = await placeByCode('T2-F1');
    const refused = await bind(center, t2f1.id, [t2Floor.id, t1Room.id]);
    expect(refused.statusCode).toBe(400);
    expect(
      refused.json<{ error: { details: { places: Place[] } } }>().error.details.places.map((p) => p.code),
    ).toEqual(['T1-0101']);
    expect((await bind(center, t2f1.id, [t2Floor.id])).statusCode).toBe(200);

    // A building grid cannot reach into another zone; a zone grid sits under the campus grid,
    // which is bound to the whole school, so the centre may give it any building.
    const t2 = await gridByCode(center, 'G-T2');
    expect((await bind(center, t2.id, [(await placeByCode('ADM')).id])).statusCode).toBe(400);
    const zone = await gridByCode(center, 'G-AD');
    expect((await bind(center, zone.id, [(await placeByCode('ADM')).id, t2Floor.id])).statusCode).toBe(200);
  });

  it('a dorm-room grid under a class may keep the room where the class sleeps', async () => {
    const dorm = (await center.call('GET', `/api/grids?schoolId=${school}&level=dorm_room`)).json<{
      items: Grid[];
    }>().items[0]!;
    const detail = (await center.call('GET', `/api/grids/${dorm.id}`)).json<GridDetail>();
    const roomIds = detail.bindings.map((b) => b.placeId!);
    expect((await bind(center, dorm.id, roomIds)).statusCode).toBe(200);
    // …but not 行政楼, where no student of the class has a bed.
    expect((await bind(center, dorm.id, [(await placeByCode('ADM')).id])).statusCode).toBe(400);
  });
});
