import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

interface Person {
  id: string;
  name: string;
  phone: string | null;
  phoneMasked: boolean;
}

let rt: TestRuntime;
let admin: Session;
let school: string;

beforeAll(async () => {
  rt = await testRuntime();
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => rt.dispose());

interface Panel {
  students: number;
  openItems: { kind: string; id: string; code: string; name: string; status: string; due: string | null }[];
}
interface MapBody {
  buildings: {
    features: { properties: { id: string; name: string; students: number; openItems: number } }[];
  };
}
const mapOf = async () => (await admin.call('GET', `/api/map?schoolId=${school}`)).json<MapBody>();
const dorm3 = async () =>
  mapOf().then((m) => m.buildings.features.find((f) => f.properties.name === '学生公寓3号楼')!);
const panelOf = async (id: string) => {
  const r = await admin.call('GET', `/api/map/buildings/${id}`);
  expect(r.statusCode).toBe(200);
  return r.json<Panel>();
};
const roomOf = async (prefix: string) => {
  const r = await admin.call('GET', `/api/places?schoolId=${school}&q=${prefix}&kind=room&pageSize=5`);
  return r.json<{ items: { id: string; code: string }[] }>().items.find((p) => p.code.startsWith(prefix))!;
};

describe('item 15: the building panel of 学生公寓3号楼', () => {
  it('counts residents from the beds, the same source as the coverage report', async () => {
    const map = await mapOf();
    const residents = map.buildings.features.reduce((n, f) => n + f.properties.students, 0);
    const cov = (await admin.call('GET', `/api/coverage?schoolId=${school}`)).json<{
      levels: { level: string; total: number }[];
    }>();
    // Every student with a bed is a resident of exactly one building.
    expect(residents).toBe(cov.levels.find((l) => l.level === 'dorm_room')!.total);

    const before = await dorm3();
    const room = await roomOf('S03-');
    const [student] = (await admin.call('GET', `/api/students?schoolId=${school}&bed=none`)).json<{
      items: { id: string }[];
    }>().items;
    expect(
      (await admin.call('PATCH', `/api/students/${student!.id}`, { bedPlaceId: room.id, bedNo: '1' }))
        .statusCode,
    ).toBe(200);
    const after = await dorm3();
    expect(after.properties.students).toBe(before.properties.students + 1);
    expect((await panelOf(after.properties.id)).students).toBe(after.properties.students);
  });

  it('lists the open requests and hazards located in the building beside overdue equipment', async () => {
    const before = await dorm3();
    const room = await roomOf('S03-');
    const list = (await admin.call('GET', `/api/schools/${school}/request-categories`)).json<{
      items: { id: string; code: string }[];
    }>().items;
    const student = await rt.login('student');
    const filed = await student.call('POST', '/api/requests', {
      idempotencyKey: 'map-panel-request-0001',
      categoryId: list.find((c) => c.code === 'DORM')!.id,
      description: '3号楼宿舍走廊灯坏了，晚上很黑',
      placeId: room.id,
      channel: 'phone',
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const hazard = await admin.call('POST', '/api/hazards', {
      key: 'map-panel-hazard-0001',
      domain: 'fire',
      grade: 'general',
      title: '3号楼楼道堆放杂物堵塞疏散通道',
      placeId: room.id,
    });
    expect(hazard.statusCode, hazard.body).toBe(201);

    const panel = await panelOf(before.properties.id);
    const kinds = panel.openItems.map((i) => i.kind);
    expect(kinds).toContain('request');
    expect(kinds).toContain('hazard');
    expect(
      panel.openItems.some((i) => i.kind === 'hazard' && i.name === '3号楼楼道堆放杂物堵塞疏散通道'),
    ).toBe(true);
    const no = filed.json<{ no: string }>().no;
    expect(panel.openItems.some((i) => i.kind === 'request' && i.code === no)).toBe(true);
    const after = await dorm3();
    expect(after.properties.openItems).toBe(before.properties.openItems + 2);
    // Nothing of another building leaks in.
    const other = (
      await panelOf(
        (await mapOf()).buildings.features.find((f) => f.properties.name === '图书馆')!.properties.id,
      )
    ).openItems;
    expect(other.some((i) => i.name.includes('3号楼'))).toBe(false);
  });
});

const FULL = /^1\d{10}$/;
const MASKED = /^1\d\d\*{4}\d{4}$/;

const students = async (s: Session, query = '') => {
  const r = await s.call('GET', `/api/students?schoolId=${school}&pageSize=50${query}`);
  expect(r.statusCode).toBe(200);
  return r.json<{ items: Person[] }>().items.filter((p) => p.phone);
};

describe('item 18: phone numbers on the people lists', () => {
  it('the district supervisor sees every student and staff phone masked, and a reveal is audited', async () => {
    const sup = await rt.login('supervisor');
    const list = await students(sup);
    expect(list.length).toBeGreaterThan(10);
    for (const p of list) {
      expect(p.phone).toMatch(MASKED);
      expect(p.phoneMasked).toBe(true);
    }
    const staff = (await sup.call('GET', `/api/staff?schoolId=${school}&pageSize=50`)).json<{
      items: Person[];
    }>().items;
    expect(staff.filter((p) => p.phone).every((p) => MASKED.test(p.phone!))).toBe(true);

    // The export carries the same masked numbers.
    const full = (await students(admin)).find((p) => p.id === list[0]!.id)!;
    expect(full.phone).toMatch(FULL);
    expect(list[0]!.phone).not.toBe(full.phone);

    const reveal = await sup.call('POST', `/api/students/${list[0]!.id}/phone`);
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json<{ phone: string }>().phone).toBe(full.phone);
    const log = (await admin.call('GET', `/api/audit?action=people.reveal_phone`)).json<{
      items: { action: string; targetId: string; actorId: string | null }[];
    }>();
    expect(log.items.some((e) => e.targetId === list[0]!.id && e.actorId === sup.userId)).toBe(true);
  });

  it('the school admin and the class counselor, who handle the students, see them in full', async () => {
    for (const p of await students(admin)) {
      expect(p.phone).toMatch(FULL);
      expect(p.phoneMasked).toBe(false);
    }
    const counselor = await rt.login('counselor');
    const own = await students(counselor);
    expect(own.length).toBeGreaterThan(0);
    for (const p of own) expect(p.phone).toMatch(FULL);
  });

  it('a reveal needs the person in scope: the police (no people.read) and another school are refused', async () => {
    const [one] = await students(admin);
    expect((await (await rt.login('police')).call('POST', `/api/students/${one!.id}/phone`)).statusCode).toBe(
      403,
    );
    const other = await rt.login('kg.admin');
    expect((await other.call('POST', `/api/students/${one!.id}/phone`)).statusCode).toBe(404);
    expect((await admin.call('POST', `/api/students/not-an-id/phone`)).statusCode).toBe(400);
  });
});

describe('item 18: phone numbers on the accounts list', () => {
  interface Account {
    id: string;
    username: string;
    phone: string | null;
  }
  const accounts = async (s: Session, q = '') =>
    (await s.call('GET', `/api/users?pageSize=100${q ? `&q=${encodeURIComponent(q)}` : ''}`)).json<{
      items: Account[];
    }>().items;

  it('the supervisor and the police see account phones masked and cannot find one by its digits; the school admin sees them in full', async () => {
    const mine = (await accounts(admin)).filter((a) => a.phone);
    expect(mine.length).toBeGreaterThan(0);
    for (const a of mine) expect(a.phone).toMatch(FULL);
    const known = mine[0]!;

    for (const who of ['supervisor', 'police'] as const) {
      const s = await rt.login(who);
      const seen = (await accounts(s)).filter((a) => a.phone);
      expect(seen.length, `${who} lists accounts with phones`).toBeGreaterThan(0);
      for (const a of seen) expect(a.phone, `${who} sees ${a.username}`).toMatch(MASKED);
      const one = await s.call('GET', `/api/users/${seen[0]!.id}`);
      expect(one.json<Account>().phone).toMatch(MASKED);
      // The hidden digits do not find the account either.
      const found = await accounts(s, known.phone!.slice(3, 7));
      expect(found.map((a) => a.id)).not.toContain(known.id);
    }
    // The administrator finds it by those digits.
    expect((await accounts(admin, known.phone!.slice(3, 7))).map((a) => a.id)).toContain(known.id);
  });
});

describe('item 17: the police map from the district own GeoJSON', () => {
  interface DistrictMap {
    schools: { features: { properties: { name: string }; geometry: { coordinates: number[][][] } }[] };
    context: {
      features: { properties: { kind: string; name: string | null }; geometry: { type: string } }[];
    };
  }

  it('gives the police their schools as outlines over the district roads and the station', async () => {
    const police = await rt.login('police');
    const r = await police.call('GET', '/api/district-map');
    expect(r.statusCode, r.body).toBe(200);
    const m = r.json<DistrictMap>();
    const campus = m.schools.features.find((f) => f.properties.name === '东营职业学院');
    expect(campus?.geometry.coordinates[0]!.length).toBeGreaterThanOrEqual(5);
    const roads = m.context.features.filter((f) => f.properties.kind === 'road');
    expect(roads.map((f) => f.properties.name)).toContain('府前大街');
    expect(roads.every((f) => f.geometry.type === 'LineString')).toBe(true);
    expect(
      m.context.features.some((f) => f.properties.kind === 'station' && f.properties.name === '文汇派出所'),
    ).toBe(true);
    // A student (no place.read) gets nothing.
    expect((await (await rt.login('student')).call('GET', '/api/district-map')).statusCode).toBe(403);
  });

  it('imports a district file as the campus outlines are imported: bounded, validated, audited', async () => {
    const sys = await rt.login('sysadmin');
    const district = await orgId(rt, 'DY-DYQ');
    const body = (features: unknown[]) => ({
      orgId: district,
      featureCollection: { type: 'FeatureCollection', features },
    });
    const line = {
      type: 'LineString',
      coordinates: [
        [118.52, 37.45],
        [118.57, 37.45],
      ],
    };
    const r = await sys.call(
      'POST',
      '/api/district-map/geojson',
      body([
        { type: 'Feature', geometry: line, properties: { name: '新修路' } },
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [118.5, 37.4] },
          properties: { name: '点' },
        },
        {
          type: 'Feature',
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [0, 0],
                [1, 0],
                [1, 1],
              ],
            ],
          },
          properties: null,
        },
      ]),
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({ imported: 1, rejected: ['#2', '#3'] });
    const m = (await (await rt.login('police')).call('GET', '/api/district-map')).json<DistrictMap>();
    expect(m.context.features.map((f) => f.properties.name)).toEqual(['新修路']);

    const tooMany = Array.from({ length: 2001 }, () => ({
      type: 'Feature',
      geometry: line,
      properties: null,
    }));
    expect((await sys.call('POST', '/api/district-map/geojson', body(tooMany))).statusCode).toBe(400);
    // A school's admin manages their school, not the district.
    expect((await admin.call('POST', '/api/district-map/geojson', body([]))).statusCode).toBe(404);
    const log = (await sys.call('GET', '/api/audit?action=place.import_district')).json<{
      items: unknown[];
    }>();
    expect(log.items.length).toBe(1);
  });
});
