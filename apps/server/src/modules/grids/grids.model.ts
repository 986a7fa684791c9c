import { PHYSICAL_LEVELS, VIRTUAL_LEVELS, type GridKind, type GridLevel } from './grids.tables.js';

/** Which level a child grid may have under a parent of a given level. */
export function canHoldLevel(parent: GridLevel | null, child: GridLevel): boolean {
  if (parent === null) return child === 'campus' || child === 'college';
  const order: readonly GridLevel[] = (PHYSICAL_LEVELS as readonly GridLevel[]).includes(parent)
    ? PHYSICAL_LEVELS
    : VIRTUAL_LEVELS;
  const pi = order.indexOf(parent);
  const ci = order.indexOf(child);
  // A level may be skipped (a small school: campus → building), never reversed or crossed.
  return ci > pi && pi >= 0;
}

export function kindOfLevel(level: GridLevel): GridKind {
  return (PHYSICAL_LEVELS as readonly string[]).includes(level) ? 'physical' : 'virtual';
}

export function gridPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

export interface CoverageGrid {
  id: string;
  code: string;
  name: string;
  kind: GridKind;
  level: GridLevel;
  leaderUserId: string | null;
}
export interface CoverageBinding {
  gridId: string;
  /** materialised path of the bound organisation or place */
  orgPath: string | null;
  placePath: string | null;
}
export interface CoverageRoom {
  id: string;
  code: string;
  name: string;
  path: string;
  orgPath: string;
}
export interface CoverageStudent {
  id: string;
  studentNo: string;
  name: string;
  classPath: string;
  bedPath: string | null;
}

export interface LevelFigures {
  kind: GridKind;
  level: GridLevel;
  /** rooms or students counted at this level */
  total: number;
  covered: number;
  gaps: number;
  overlaps: number;
  /** covered / total, 0..100, one decimal; 100 when nothing is counted */
  percent: number;
}
export interface CoverageItem {
  kind: 'room' | 'student';
  level: GridLevel;
  id: string;
  code: string;
  name: string;
  grids: { id: string; code: string; name: string }[];
}
export interface CoverageReport {
  levels: LevelFigures[];
  gaps: CoverageItem[];
  overlaps: CoverageItem[];
  gridsWithoutLeader: { id: string; code: string; name: string; level: GridLevel }[];
  leaders: { grids: number; withLeader: number; percent: number };
  studentsWithoutBed: number;
  /** all levels in use together, 0..100 */
  overall: number;
}

const LIST_CAP = 500;

/** Every prefix of a materialised path: '/a/b/c/' → '/a/', '/a/b/', '/a/b/c/'. */
function prefixes(path: string): string[] {
  const out: string[] = [];
  let i = path.indexOf('/', 1);
  while (i > 0) {
    out.push(path.slice(0, i + 1));
    i = path.indexOf('/', i + 1);
  }
  return out;
}

const pct = (covered: number, total: number) =>
  total === 0 ? 100 : Math.floor((covered / total) * 1000) / 10;

/**
 * No blind spots (全覆盖): at every level in use, each room lies in exactly one physical grid and
 * each student in exactly one virtual grid (dorm-room level: each student with a bed). A grid
 * covers what lies under the organisations and places bound to it.
 */
export function coverage(input: {
  grids: CoverageGrid[];
  bindings: CoverageBinding[];
  rooms: CoverageRoom[];
  students: CoverageStudent[];
}): CoverageReport {
  const gridById = new Map(input.grids.map((g) => [g.id, g]));
  const byOrg = new Map<string, CoverageGrid[]>();
  const byPlace = new Map<string, CoverageGrid[]>();
  for (const b of input.bindings) {
    const g = gridById.get(b.gridId);
    if (!g) continue;
    const [map, key] = b.orgPath ? [byOrg, b.orgPath] : [byPlace, b.placePath];
    if (!key) continue;
    const list = map.get(key) ?? [];
    if (!list.includes(g)) list.push(g);
    map.set(key, list);
  }
  const inUse = new Set(input.grids.map((g) => g.level));
  const levels: LevelFigures[] = [];
  const gaps: CoverageItem[] = [];
  const overlaps: CoverageItem[] = [];

  const tally = <T>(
    kind: GridKind,
    levelList: readonly GridLevel[],
    items: T[],
    describe: (t: T) => { id: string; code: string; name: string; kind: 'room' | 'student' },
    gridsOf: (t: T) => CoverageGrid[],
    counted: (t: T, level: GridLevel) => boolean,
  ) => {
    const perLevel = new Map<GridLevel, LevelFigures>();
    for (const level of levelList) {
      if (inUse.has(level))
        perLevel.set(level, { kind, level, total: 0, covered: 0, gaps: 0, overlaps: 0, percent: 100 });
    }
    for (const item of items) {
      const found = gridsOf(item);
      for (const [level, fig] of perLevel) {
        if (!counted(item, level)) continue;
        fig.total++;
        const at = found.filter((g) => g.level === level);
        if (at.length === 1) fig.covered++;
        else {
          const d = describe(item);
          const entry = { ...d, level, grids: at.map((g) => ({ id: g.id, code: g.code, name: g.name })) };
          if (at.length === 0) {
            fig.gaps++;
            if (gaps.length < LIST_CAP) gaps.push(entry);
          } else {
            fig.overlaps++;
            if (overlaps.length < LIST_CAP) overlaps.push(entry);
          }
        }
      }
    }
    for (const fig of perLevel.values()) {
      fig.percent = pct(fig.covered, fig.total);
      levels.push(fig);
    }
  };

  const gridsFor = (kind: GridKind, orgPath: string | null, placePath: string | null) => {
    const out = new Set<CoverageGrid>();
    if (orgPath)
      for (const p of prefixes(orgPath)) for (const g of byOrg.get(p) ?? []) if (g.kind === kind) out.add(g);
    if (placePath)
      for (const p of prefixes(placePath))
        for (const g of byPlace.get(p) ?? []) if (g.kind === kind) out.add(g);
    return [...out];
  };

  tally(
    'physical',
    PHYSICAL_LEVELS,
    input.rooms,
    (r) => ({ id: r.id, code: r.code, name: r.name, kind: 'room' }),
    (r) => gridsFor('physical', r.orgPath, r.path),
    () => true,
  );
  tally(
    'virtual',
    VIRTUAL_LEVELS,
    input.students,
    (s) => ({ id: s.id, code: s.studentNo, name: s.name, kind: 'student' }),
    (s) => gridsFor('virtual', s.classPath, s.bedPath),
    (s, level) => level !== 'dorm_room' || s.bedPath !== null,
  );

  const withoutLeader = input.grids.filter((g) => !g.leaderUserId);
  const total = levels.reduce((s, l) => s + l.total, 0);
  const covered = levels.reduce((s, l) => s + l.covered, 0);
  return {
    levels,
    gaps,
    overlaps,
    gridsWithoutLeader: withoutLeader
      .slice(0, LIST_CAP)
      .map((g) => ({ id: g.id, code: g.code, name: g.name, level: g.level })),
    leaders: {
      grids: input.grids.length,
      withLeader: input.grids.length - withoutLeader.length,
      percent: pct(input.grids.length - withoutLeader.length, input.grids.length),
    },
    studentsWithoutBed: input.students.filter((s) => !s.bedPath).length,
    overall: pct(covered, total),
  };
}
