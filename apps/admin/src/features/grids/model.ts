import type { Grid, GridDetail, GridLevel } from '../../api/types';
import { valuesOf } from '../../lib/apiTypes';

export type GridKind = Grid['kind'];
export type MemberPosition = GridDetail['members'][number]['position'];

/** Physical grids divide space (实体网格), virtual grids divide people (虚拟网格); top level first. */
export const PHYSICAL_LEVELS: readonly GridLevel[] = ['campus', 'zone', 'building', 'floor', 'room'];
export const VIRTUAL_LEVELS: readonly GridLevel[] = ['college', 'class', 'dorm_room'];
export const GRID_KINDS = valuesOf<GridKind>({ physical: true, virtual: true });
export const MEMBER_POSITIONS = valuesOf<MemberPosition>({
  grid_worker: true,
  building_head: true,
  dorm_head: true,
  student_cadre: true,
  volunteer: true,
});

export function levelsOf(kind: GridKind): readonly GridLevel[] {
  return kind === 'physical' ? PHYSICAL_LEVELS : VIRTUAL_LEVELS;
}

export function kindOfLevel(level: GridLevel): GridKind {
  return PHYSICAL_LEVELS.includes(level) ? 'physical' : 'virtual';
}

/** Levels a sub-grid may take (a level may be skipped, never reversed); none under a root. */
export function childLevels(parent: GridLevel | null, kind: GridKind): GridLevel[] {
  if (parent === null) return [levelsOf(kind)[0]!];
  const order = levelsOf(kindOfLevel(parent));
  return order.slice(order.indexOf(parent) + 1);
}

/** The level just above, in the same kind; undefined at the top. */
export function levelAbove(level: GridLevel): GridLevel | undefined {
  const order = levelsOf(kindOfLevel(level));
  const i = order.indexOf(level);
  return i > 0 ? order[i - 1] : undefined;
}

/** Tag colours per level: deeper levels are paler. */
export const LEVEL_COLOR: Record<GridLevel, string> = {
  campus: 'geekblue',
  zone: 'blue',
  building: 'cyan',
  floor: 'green',
  room: 'lime',
  college: 'purple',
  class: 'magenta',
  dorm_room: 'gold',
};

/** Grid codes the server accepts. */
export const CODE_PATTERN = /^[A-Za-z0-9_.\-#]{1,40}$/;

export interface GridNode {
  grid: Grid;
  children: GridNode[];
}

/**
 * The flat list (ordered by tree path) as a forest. A leader sees only their part of the tree, so
 * a grid whose parent is out of sight becomes a root.
 */
export function buildGridForest(grids: readonly Grid[]): GridNode[] {
  const nodes = new Map<string, GridNode>(grids.map((grid) => [grid.id, { grid, children: [] }]));
  const roots: GridNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.grid.parentId ? nodes.get(node.grid.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** The ids of a grid's ancestors that are in the list, nearest first. */
export function ancestorIds(byId: ReadonlyMap<string, Grid>, id: string): string[] {
  const out: string[] = [];
  let current = byId.get(id)?.parentId;
  while (current && byId.has(current) && !out.includes(current)) {
    out.push(current);
    current = byId.get(current)?.parentId;
  }
  return out;
}
