/**
 * The demo campus of 东营职业学院: a pure, deterministic layout (no I/O, no randomness) shared by the
 * demo seed, which turns it into rows, and by the campus map, which extrudes it by height.
 *
 * Everything is planned in metres on a local grid (x east, y north, origin at `centre`) and converted
 * to lon/lat only at the end, so the plan reads like a site drawing:
 *
 *   north wall ── 北门(后勤) on 笃行路
 *   学生生活区 (dorm rows, grow northward) │ 后勤服务区 (canteens, 校医院)
 *   ─────────────────────── 明德路 ───────────────────────
 *   运动区 │ 教学区 (图书馆, 第一~三教学楼, 公共实验楼)
 *          │ ─────────── 博学路 ─────────── 东门
 *          │ 行政办公区 (行政楼, 中心广场)  │ 实训区 (实训楼, 配电房, 危化品仓库)
 *   south wall ── 南门(正门) facing the city road
 *
 * Zones are separated by roads and every footprint keeps a setback from its zone edge, so "inside its
 * zone" already implies "clear of every road".
 */

export type Ring = [number, number][];
export interface Polygon {
  type: 'Polygon';
  coordinates: Ring[];
}
export type BuildingUse =
  | 'teaching'
  | 'dormitory'
  | 'canteen'
  | 'library'
  | 'lab'
  | 'office'
  | 'sports'
  | 'medical'
  | 'utility'
  | 'other';
export interface BuildingSpec {
  code: string;
  name: string;
  use: BuildingUse;
  floors: number;
  height: number;
  zone: string;
  outline: Polygon;
  roomsPerFloor: number;
  roomCapacity?: number;
  keyPart?: string;
}
export interface ZoneSpec {
  code: string;
  name: string;
  outline: Polygon;
}
export interface GateSpec {
  code: string;
  name: string;
  outline: Polygon;
  lon: number;
  lat: number;
}
export interface AreaSpec {
  code: string;
  name: string;
  use: BuildingUse;
  outline: Polygon;
  height: number;
}
export interface CampusLayout {
  centre: [number, number];
  boundary: Polygon;
  zones: ZoneSpec[];
  buildings: BuildingSpec[];
  gates: GateSpec[];
  areas: AreaSpec[];
}
/** Campus roads; not part of the seeded data, exported for the map and for the layout's own tests. */
export interface RoadSpec {
  code: string;
  name: string;
  outline: Polygon;
}

const CENTRE: [number, number] = [118.552, 37.456];
// At latitude 37.456° a degree of longitude spans ≈ 88.5 km and a degree of latitude ≈ 111 km.
const METRES_PER_DEG_LON = 88_500;
const METRES_PER_DEG_LAT = 111_000;

/** Metres east and north of the centre. */
export type MetrePoint = [number, number];

// 1e-7° is about a centimetre: enough precision, and stable, readable numbers in seeds and snapshots.
const round7 = (v: number): number => Math.round(v * 1e7) / 1e7;
const round1 = (v: number): number => Math.round(v * 10) / 10;

export function metresToLonLat([x, y]: MetrePoint): [number, number] {
  return [round7(CENTRE[0] + x / METRES_PER_DEG_LON), round7(CENTRE[1] + y / METRES_PER_DEG_LAT)];
}

/** A polygon from an open list of metre points, anticlockwise (the GeoJSON exterior-ring order). */
export function polygonFromMetres(points: MetrePoint[]): Polygon {
  const ring: Ring = points.map(metresToLonLat);
  const first = ring[0];
  if (!first) throw new RangeError('A polygon needs points');
  ring.push([first[0], first[1]]);
  return { type: 'Polygon', coordinates: [ring] };
}

/** Axis-aligned rectangle in metres relative to the centre: west, south, east, north edges. */
export interface Box {
  w: number;
  s: number;
  e: number;
  n: number;
}

export function rectFromMetres({ w, s, e, n }: Box): Polygon {
  return polygonFromMetres([
    [w, s],
    [e, s],
    [e, n],
    [w, n],
  ]);
}

/** A running track: two straights joined by semicircles, long axis north–south as tracks are built. */
function stadium(cx: number, cy: number, straight: number, radius: number, segments = 12): Polygon {
  const half = straight / 2;
  const pts: MetrePoint[] = [];
  for (let i = 0; i <= segments; i++) {
    const a = Math.PI + (Math.PI * i) / segments;
    pts.push([cx + radius * Math.cos(a), cy - half + radius * Math.sin(a)]);
  }
  for (let i = 0; i <= segments; i++) {
    const a = (Math.PI * i) / segments;
    pts.push([cx + radius * Math.cos(a), cy + half + radius * Math.sin(a)]);
  }
  return polygonFromMetres(pts);
}

// Site plan constants (metres). Roads are 14 m (two lanes plus footpaths); 6 m setbacks to zones.
const WALL = { w: -450, s: -350, e: 450 };
const LIVING_SOUTH = 130;
const MIN_LIVING_NORTH = 340;
const DORM = { width: 60, depth: 16, colPitch: 100, rowPitch: 42, firstRowSouth: 145, eastEdge: 130 };
const MAX_DORM_COLUMNS = 6;

interface Plan {
  top: number;
  dormColumns: number;
  dormRows: number;
}

function plan(dormBuildings: number): Plan {
  if (!Number.isInteger(dormBuildings) || dormBuildings < 0) {
    throw new RangeError(`dormBuildings must be a non-negative integer, got ${dormBuildings}`);
  }
  // Two rows at least once there are a few dorms, so a small demo reads as a quad rather than a strip.
  const dormColumns = Math.min(MAX_DORM_COLUMNS, Math.max(1, Math.ceil(dormBuildings / 2)));
  const dormRows = Math.ceil(dormBuildings / dormColumns);
  const lastRowNorth = DORM.firstRowSouth + Math.max(0, dormRows - 1) * DORM.rowPitch + DORM.depth;
  const livingNorth = Math.max(MIN_LIVING_NORTH, lastRowNorth + 15);
  return { top: livingNorth + 10, dormColumns, dormRows };
}

function zoneBoxes(top: number): Record<string, { name: string; box: Box }> {
  const livingNorth = top - 10;
  return {
    AD: { name: '行政办公区', box: { w: -140, s: -330, e: 140, n: -66 } },
    TE: { name: '教学区', box: { w: -140, s: -40, e: 440, n: 104 } },
    SX: { name: '实训区', box: { w: 166, s: -340, e: 440, n: -66 } },
    SP: { name: '运动区', box: { w: -440, s: -340, e: -166, n: 104 } },
    LV: { name: '学生生活区', box: { w: -440, s: LIVING_SOUTH, e: 140, n: livingNorth } },
    LG: { name: '后勤服务区', box: { w: 166, s: LIVING_SOUTH, e: 440, n: livingNorth } },
  };
}

function roadBoxes(top: number): { code: string; name: string; box: Box }[] {
  return [
    { code: 'RG', name: '正门大道', box: { w: -15, s: WALL.s, e: 15, n: -330 } },
    { code: 'RW', name: '文体路', box: { w: -160, s: -340, e: -146, n: 124 } },
    { code: 'RE1', name: '笃行路南段', box: { w: 146, s: -340, e: 160, n: -46 } },
    { code: 'RE2', name: '笃行路北段', box: { w: 146, s: 110, e: 160, n: top } },
    { code: 'RM', name: '博学路', box: { w: -160, s: -60, e: WALL.e, n: -46 } },
    { code: 'RN', name: '明德路', box: { w: -440, s: 110, e: 440, n: 124 } },
  ];
}

interface BuildingDraft {
  code: string;
  name: string;
  use: BuildingUse;
  zone: string;
  floors: number;
  storey: number;
  outline: Polygon;
  roomsPerFloor: number;
  roomCapacity?: number;
  keyPart?: string;
}

function building({ storey, ...b }: BuildingDraft): BuildingSpec {
  return { ...b, height: round1(b.floors * storey) };
}

function fixedBuildings(): BuildingSpec[] {
  return [
    building({
      code: 'ADM',
      name: '行政楼',
      use: 'office',
      zone: 'AD',
      floors: 6,
      storey: 3.9,
      outline: rectFromMetres({ w: -45, s: -175, e: 45, n: -153 }),
      roomsPerFloor: 16,
    }),
    building({
      code: 'SEC',
      name: '安保监控中心',
      use: 'office',
      zone: 'AD',
      floors: 2,
      storey: 3.9,
      // Beside the main gate so guards reach it first; it houses the fire-control room.
      outline: rectFromMetres({ w: 80, s: -318, e: 120, n: -298 }),
      roomsPerFloor: 4,
      keyPart: '消防控制室与视频监控中心，24小时值守',
    }),
    building({
      code: 'ACT',
      name: '大学生活动中心',
      use: 'other',
      zone: 'AD',
      floors: 3,
      storey: 4.2,
      outline: rectFromMetres({ w: -130, s: -310, e: -70, n: -260 }),
      roomsPerFloor: 6,
    }),
    building({
      code: 'LIB',
      name: '图书馆',
      use: 'library',
      zone: 'TE',
      floors: 6,
      storey: 4.5,
      outline: rectFromMetres({ w: -40, s: -25, e: 40, n: 45 }),
      roomsPerFloor: 4,
      roomCapacity: 120,
    }),
    building({
      code: 'T1',
      name: '第一教学楼',
      use: 'teaching',
      zone: 'TE',
      floors: 5,
      storey: 4.2,
      outline: rectFromMetres({ w: 175, s: -30, e: 285, n: -12 }),
      roomsPerFloor: 12,
      roomCapacity: 60,
    }),
    building({
      code: 'T2',
      name: '第二教学楼',
      use: 'teaching',
      zone: 'TE',
      floors: 5,
      storey: 4.2,
      outline: rectFromMetres({ w: 175, s: 24, e: 285, n: 42 }),
      roomsPerFloor: 12,
      roomCapacity: 60,
    }),
    building({
      code: 'T3',
      name: '第三教学楼',
      use: 'teaching',
      zone: 'TE',
      floors: 5,
      storey: 4.2,
      outline: rectFromMetres({ w: 175, s: 78, e: 285, n: 96 }),
      roomsPerFloor: 10,
      roomCapacity: 60,
    }),
    building({
      code: 'EXP',
      name: '公共实验楼',
      use: 'lab',
      zone: 'TE',
      floors: 5,
      storey: 4.2,
      outline: rectFromMetres({ w: 320, s: -30, e: 420, n: -10 }),
      roomsPerFloor: 10,
      roomCapacity: 40,
    }),
    building({
      code: 'LAB',
      name: '实训楼',
      use: 'lab',
      zone: 'SX',
      floors: 4,
      storey: 4.5,
      // A U open to the south so the workshops face the vehicle training yard.
      outline: polygonFromMetres([
        [190, -200],
        [214, -200],
        [214, -134],
        [306, -134],
        [306, -200],
        [330, -200],
        [330, -110],
        [190, -110],
      ]),
      roomsPerFloor: 8,
      roomCapacity: 40,
    }),
    building({
      code: 'PWR',
      name: '配电房',
      use: 'utility',
      zone: 'SX',
      floors: 1,
      storey: 4.5,
      outline: rectFromMetres({ w: 360, s: -150, e: 388, n: -136 }),
      roomsPerFloor: 1,
      keyPart: '高压配电，严禁无关人员进入',
    }),
    building({
      code: 'CHEM',
      name: '危化品仓库',
      use: 'utility',
      zone: 'SX',
      floors: 1,
      storey: 4.5,
      // Kept 50 m from the workshops and away from roads, as storage of hazardous chemicals requires.
      outline: rectFromMetres({ w: 380, s: -270, e: 404, n: -256 }),
      roomsPerFloor: 1,
      keyPart: '危险化学品储存，双人双锁、专人管理',
    }),
    building({
      code: 'GYM',
      name: '体育馆',
      use: 'sports',
      zone: 'SP',
      floors: 3,
      storey: 4.5,
      outline: rectFromMetres({ w: -290, s: -40, e: -200, n: 30 }),
      roomsPerFloor: 2,
    }),
    building({
      code: 'CAN1',
      name: '第一食堂',
      use: 'canteen',
      zone: 'LG',
      floors: 3,
      storey: 4.5,
      // Canteens front 笃行路, the service road from the north gate, with the dorms just across it.
      outline: rectFromMetres({ w: 185, s: 150, e: 265, n: 205 }),
      roomsPerFloor: 3,
      roomCapacity: 400,
    }),
    building({
      code: 'CAN2',
      name: '第二食堂',
      use: 'canteen',
      zone: 'LG',
      floors: 2,
      storey: 4.5,
      outline: rectFromMetres({ w: 185, s: 240, e: 265, n: 290 }),
      roomsPerFloor: 3,
      roomCapacity: 400,
    }),
    building({
      code: 'HOS',
      name: '校医院',
      use: 'medical',
      zone: 'LG',
      floors: 3,
      storey: 3.9,
      outline: rectFromMetres({ w: 305, s: 150, e: 365, n: 176 }),
      roomsPerFloor: 8,
    }),
  ];
}

function dormitories(p: Plan, count: number): BuildingSpec[] {
  const dorms: BuildingSpec[] = [];
  for (let i = 0; i < count; i++) {
    // Filled from the south-east corner (nearest the canteens and classrooms) westward, then north.
    const col = i % p.dormColumns;
    const row = Math.floor(i / p.dormColumns);
    const e = DORM.eastEdge - col * DORM.colPitch;
    const s = DORM.firstRowSouth + row * DORM.rowPitch;
    dorms.push(
      building({
        code: `S${String(i + 1).padStart(2, '0')}`,
        name: `学生公寓${i + 1}号楼`,
        use: 'dormitory',
        zone: 'LV',
        floors: 6,
        storey: 3.3,
        outline: rectFromMetres({ w: e - DORM.width, s, e, n: s + DORM.depth }),
        roomsPerFloor: 20,
        roomCapacity: 6,
      }),
    );
  }
  return dorms;
}

function areas(): AreaSpec[] {
  const area = (code: string, name: string, use: BuildingUse, height: number, box: Box): AreaSpec => ({
    code,
    name,
    use,
    height,
    outline: rectFromMetres(box),
  });
  return [
    // A standard 400 m track: 84.39 m straights, about 46 m to the outer lane.
    { code: 'TRACK', name: '田径场', use: 'sports', height: 0.3, outline: stadium(-380, -225, 85, 46) },
    area('BBALL', '篮球场', 'sports', 0.2, { w: -310, s: -330, e: -180, n: -250 }),
    area('TENNIS', '网球场', 'sports', 0.2, { w: -310, s: -230, e: -180, n: -170 }),
    area('VBALL', '排球场', 'sports', 0.2, { w: -310, s: -150, e: -180, n: -100 }),
    area('FOOT', '足球训练场', 'sports', 0.2, { w: -425, s: -110, e: -335, n: -30 }),
    area('PLAZA', '中心广场', 'other', 0.1, { w: -60, s: -325, e: 60, n: -215 }),
    area('PARK', '停车场', 'other', 0.05, { w: 75, s: -270, e: 135, n: -200 }),
    area('YARD', '汽车实训场', 'lab', 0.1, { w: 190, s: -320, e: 330, n: -240 }),
  ];
}

function gates(top: number): GateSpec[] {
  const gate = (code: string, name: string, at: MetrePoint, box: Box): GateSpec => {
    const [lon, lat] = metresToLonLat(at);
    return { code, name, outline: rectFromMetres(box), lon, lat };
  };
  return [
    gate('GS', '南门（正门）', [0, WALL.s], { w: -20, s: WALL.s - 4, e: 20, n: WALL.s + 4 }),
    gate('GE', '东门', [WALL.e, -53], { w: WALL.e - 4, s: -63, e: WALL.e + 4, n: -43 }),
    gate('GN', '北门（后勤）', [153, top], { w: 141, s: top - 4, e: 165, n: top + 4 }),
  ];
}

export function demoCampusLayout(opts: { dormBuildings: number }): CampusLayout {
  const p = plan(opts.dormBuildings);
  return {
    centre: [CENTRE[0], CENTRE[1]],
    boundary: rectFromMetres({ ...WALL, n: p.top }),
    zones: Object.entries(zoneBoxes(p.top)).map(([code, z]) => ({
      code,
      name: z.name,
      outline: rectFromMetres(z.box),
    })),
    buildings: [...fixedBuildings(), ...dormitories(p, opts.dormBuildings)],
    gates: gates(p.top),
    areas: areas(),
  };
}

/** The main roads between zones (the wall grows north with the dorms, and so does 笃行路). */
export function demoCampusRoads(opts: { dormBuildings: number }): RoadSpec[] {
  const p = plan(opts.dormBuildings);
  return roadBoxes(p.top).map((r) => ({ code: r.code, name: r.name, outline: rectFromMetres(r.box) }));
}
