import { describe, expect, it } from 'vitest';
import { type CampusLayout, type Polygon, type Ring, demoCampusLayout, demoCampusRoads } from './campus.js';

interface BBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function outer(p: Polygon): Ring {
  const ring = p.coordinates[0];
  if (!ring) throw new Error('polygon without a ring');
  return ring;
}

function bbox(p: Polygon): BBox {
  const xs = outer(p).map(([x]) => x);
  const ys = outer(p).map(([, y]) => y);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

// Touching edges are not an overlap; every footprint here keeps metres of clearance anyway.
function overlaps(a: BBox, b: BBox): boolean {
  return a.minX < b.maxX && b.minX < a.maxX && a.minY < b.maxY && b.minY < a.maxY;
}

function centreOf(p: Polygon): [number, number] {
  const b = bbox(p);
  return [(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2];
}

function inside([x, y]: [number, number], p: Polygon): boolean {
  let isIn = false;
  const ring = outer(p);
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) isIn = !isIn;
  }
  return isIn;
}

function signedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    sum += x1 * y2 - x2 * y1;
  }
  return sum / 2;
}

function distanceToBoundary([x, y]: [number, number], p: Polygon): number {
  const ring = outer(p);
  let best = Infinity;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[i + 1]!;
    const dx = x2 - x1;
    const dy = y2 - y1;
    const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)));
  }
  return best;
}

function allPolygons(l: CampusLayout): Polygon[] {
  return [
    l.boundary,
    ...l.zones.map((z) => z.outline),
    ...l.buildings.map((b) => b.outline),
    ...l.gates.map((g) => g.outline),
    ...l.areas.map((a) => a.outline),
  ];
}

const HAN = /\p{Script=Han}/u;

describe.each([0, 1, 6, 7, 12, 40])('demo campus with %i dormitories', (dormBuildings) => {
  const layout = demoCampusLayout({ dormBuildings });
  const roads = demoCampusRoads({ dormBuildings });

  it('has closed, anticlockwise rings of finite coordinates near Dongying', () => {
    for (const p of [...allPolygons(layout), ...roads.map((r) => r.outline)]) {
      expect(p.type).toBe('Polygon');
      const ring = outer(p);
      expect(ring.length).toBeGreaterThanOrEqual(5);
      expect(ring.at(-1)).toEqual(ring[0]);
      expect(signedArea(ring)).toBeGreaterThan(0);
      for (const [lon, lat] of ring) {
        expect(Math.abs(lon - 118.552)).toBeLessThan(0.02);
        expect(Math.abs(lat - 37.456)).toBeLessThan(0.02);
      }
    }
  });

  it('has the requested number of dormitories, coded S01… with 20 six-bed rooms a floor', () => {
    const dorms = layout.buildings.filter((b) => b.use === 'dormitory');
    expect(dorms).toHaveLength(dormBuildings);
    dorms.forEach((d, i) => {
      expect(d.code).toBe(`S${String(i + 1).padStart(2, '0')}`);
      expect(d.name).toBe(`学生公寓${i + 1}号楼`);
      expect(d).toMatchObject({ floors: 6, roomsPerFloor: 20, roomCapacity: 6, zone: 'LV' });
    });
  });

  it('uses unique ASCII codes and Chinese names everywhere', () => {
    const all = [...layout.zones, ...layout.buildings, ...layout.gates, ...layout.areas];
    const codes = all.map((x) => x.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const x of all) {
      expect(x.code).toMatch(/^[A-Z][A-Z0-9]*$/);
      expect(x.name).toMatch(HAN);
    }
    for (const b of layout.buildings) if (b.keyPart) expect(b.keyPart).toMatch(HAN);
  });

  it('keeps building footprints, areas and roads apart', () => {
    const footprints = [
      ...layout.buildings.map((b) => ({ code: b.code, box: bbox(b.outline) })),
      ...layout.areas.map((a) => ({ code: a.code, box: bbox(a.outline) })),
    ];
    const clashes: string[] = [];
    for (let i = 0; i < footprints.length; i++) {
      for (let j = i + 1; j < footprints.length; j++) {
        if (overlaps(footprints[i]!.box, footprints[j]!.box))
          clashes.push(`${footprints[i]!.code}/${footprints[j]!.code}`);
      }
      for (const r of roads) {
        if (overlaps(footprints[i]!.box, bbox(r.outline))) clashes.push(`${footprints[i]!.code}/${r.code}`);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('puts zones apart from each other and from the roads, inside the wall', () => {
    const boundary = bbox(layout.boundary);
    layout.zones.forEach((z, i) => {
      const box = bbox(z.outline);
      expect(box.minX).toBeGreaterThan(boundary.minX);
      expect(box.maxX).toBeLessThan(boundary.maxX);
      expect(box.minY).toBeGreaterThan(boundary.minY);
      expect(box.maxY).toBeLessThan(boundary.maxY);
      for (const other of layout.zones.slice(i + 1)) expect(overlaps(box, bbox(other.outline))).toBe(false);
      for (const r of roads) expect(overlaps(box, bbox(r.outline))).toBe(false);
    });
  });

  it('places every building wholly inside exactly one zone, the one it names, and inside the wall', () => {
    for (const b of layout.buildings) {
      const c = centreOf(b.outline);
      expect(inside(c, layout.boundary)).toBe(true);
      const containing = layout.zones.filter((z) => inside(c, z.outline));
      expect(containing.map((z) => z.code)).toEqual([b.zone]);
      const zone = bbox(containing[0]!.outline);
      const own = bbox(b.outline);
      expect(
        own.minX >= zone.minX && own.maxX <= zone.maxX && own.minY >= zone.minY && own.maxY <= zone.maxY,
      ).toBe(true);
    }
    for (const a of layout.areas) expect(inside(centreOf(a.outline), layout.boundary)).toBe(true);
  });

  it('has gates on the wall', () => {
    expect(layout.gates.map((g) => g.name)).toEqual(['南门（正门）', '东门', '北门（后勤）']);
    for (const g of layout.gates) {
      expect(distanceToBoundary([g.lon, g.lat], layout.boundary)).toBeLessThan(1e-6);
      expect(inside([g.lon, g.lat], g.outline)).toBe(true);
    }
  });

  it('gives plausible storey heights and room counts', () => {
    for (const b of layout.buildings) {
      expect(Number.isInteger(b.floors) && b.floors >= 1).toBe(true);
      expect(b.height / b.floors).toBeGreaterThanOrEqual(3.3);
      expect(b.height / b.floors).toBeLessThanOrEqual(4.5);
      expect(b.roomsPerFloor).toBeGreaterThanOrEqual(1);
    }
  });
});

describe('demo campus', () => {
  it('is deterministic', () => {
    expect(demoCampusLayout({ dormBuildings: 6 })).toEqual(demoCampusLayout({ dormBuildings: 6 }));
    expect(JSON.stringify(demoCampusLayout({ dormBuildings: 40 }))).toBe(
      JSON.stringify(demoCampusLayout({ dormBuildings: 40 })),
    );
  });

  it('has the required facilities', () => {
    const l = demoCampusLayout({ dormBuildings: 6 });
    const byName = new Map(l.buildings.map((b) => [b.name, b]));
    for (const [name, use, floors] of [
      ['第一教学楼', 'teaching', 5],
      ['第二教学楼', 'teaching', 5],
      ['第三教学楼', 'teaching', 5],
      ['实训楼', 'lab', 4],
      ['图书馆', 'library', 6],
      ['行政楼', 'office', 6],
      ['体育馆', 'sports', undefined],
      ['校医院', 'medical', 3],
      ['配电房', 'utility', 1],
      ['危化品仓库', 'utility', 1],
    ] as const) {
      const b = byName.get(name);
      expect(b, name).toBeDefined();
      expect(b?.use).toBe(use);
      if (floors !== undefined) expect(b?.floors).toBe(floors);
    }
    for (const name of ['配电房', '危化品仓库']) expect(byName.get(name)?.keyPart).toBeTruthy();
    const canteens = l.buildings.filter((b) => b.use === 'canteen');
    expect(canteens.map((b) => b.name)).toEqual(['第一食堂', '第二食堂']);
    for (const c of canteens) expect(c.floors).toBeGreaterThanOrEqual(2);
    for (const c of canteens) expect(c.floors).toBeLessThanOrEqual(3);
    expect(l.areas.find((a) => a.name === '田径场')).toMatchObject({ use: 'sports', height: 0.3 });
    expect(l.zones.map((z) => z.name)).toEqual(
      expect.arrayContaining(['教学区', '学生生活区', '运动区', '行政办公区']),
    );
  });

  it('is about 900 m × 700 m, growing north only as the dorms need', () => {
    const size = (dormBuildings: number) => {
      const b = bbox(demoCampusLayout({ dormBuildings }).boundary);
      return [(b.maxX - b.minX) * 88_500, (b.maxY - b.minY) * 111_000];
    };
    const [w6, h6] = size(6);
    expect(w6).toBeCloseTo(900, 0);
    expect(h6).toBeCloseTo(700, 0);
    const [w40, h40] = size(40);
    expect(w40).toBeCloseTo(900, 0);
    expect(h40).toBeGreaterThan(700);
    expect(h40).toBeLessThan(850);
  });

  it('keeps the canteens and 危化品仓库 sensibly placed', () => {
    const l = demoCampusLayout({ dormBuildings: 40 });
    const at = (code: string) => {
      const b = l.buildings.find((x) => x.code === code);
      if (!b) throw new Error(code);
      const [lon, lat] = centreOf(b.outline);
      return (other: string) => {
        const o = l.buildings.find((x) => x.code === other);
        if (!o) throw new Error(other);
        const [lon2, lat2] = centreOf(o.outline);
        return Math.hypot((lon - lon2) * 88_500, (lat - lat2) * 111_000);
      };
    };
    expect(at('CAN1')('S01')).toBeLessThan(150);
    expect(at('CHEM')('LAB')).toBeLessThan(200);
    expect(at('CHEM')('LAB')).toBeGreaterThan(50);
  });

  it('rejects a nonsensical dorm count', () => {
    expect(() => demoCampusLayout({ dormBuildings: -1 })).toThrow(RangeError);
    expect(() => demoCampusLayout({ dormBuildings: 2.5 })).toThrow(RangeError);
  });
});
