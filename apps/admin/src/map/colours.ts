import type { ExpressionSpecification } from 'maplibre-gl';
import type { CampusMap } from '../api/types';

// Colours of the map, shared by the map layers and the legend beside them. No maplibre code here
// (types only), so the page can draw the legend without loading the map chunk.

export const COLOUR_MODES = ['use', 'students', 'openItems', 'grid'] as const;
export type ColourMode = (typeof COLOUR_MODES)[number];

export type BuildingProps = CampusMap['buildings']['features'][number]['properties'];

export const USE_COLOURS: Record<string, string> = {
  teaching: '#4e8fe0',
  dormitory: '#f0a04b',
  canteen: '#e0c341',
  library: '#8a6fd6',
  lab: '#36b3b3',
  office: '#6d8fb0',
  sports: '#5cb85c',
  medical: '#e46d8c',
  utility: '#9e9e9e',
  other: '#b8b1a6',
};
const OTHER = USE_COLOURS.other!;

/** Flat areas (sites of kind area) by use: the sports ground green, the rest a paved grey. */
export const AREA_COLOURS: Record<string, string> = { sports: '#9ed089', other: '#d6d3cc' };
export const GATE_COLOUR = '#b5543a';
export const SELECTED_COLOUR = '#ffd21f';
/** The place of an open alarm, flashing. */
export const ALERT_COLOUR = '#f5222d';
export const BLIND_SPOT = '#e8453c';
const NOTHING = '#dcdcdc';

/** Grid hues: distinct, none of them the blind-spot red. */
const GRID_PALETTE = [
  '#4e8fe0',
  '#f0a04b',
  '#5cb85c',
  '#8a6fd6',
  '#36b3b3',
  '#d98cc9',
  '#a3b836',
  '#3d6bb3',
  '#c79c5e',
  '#4fc1e8',
  '#7c8a99',
  '#b07cf0',
];

const STUDENT_SCALE = ['#ffe4c2', '#f7b267', '#e07b24', '#a8480a'];
const OPEN_SCALE = ['#f4a7a1', '#e5534b', '#a8071a'];

/** A legend entry: its label is a message key (with params) or, for a grid, the grid's own name. */
export type LegendItem =
  | { colour: string; key: string; params?: Record<string, string | number> }
  | { colour: string; text: string };
export interface Colouring {
  expression: ExpressionSpecification | string;
  legend: LegendItem[];
}

/** Lighten a #rrggbb colour towards white by a share (0–1): the hover highlight. */
export function lighten(hex: string, share: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * share);
  const [r, g, b] = [mix((n >> 16) & 255), mix((n >> 8) & 255), mix(n & 255)];
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

/** Thresholds 1 < a < b splitting 1..max into three steps, fewer when max is small. */
function studentSteps(max: number): number[] {
  const steps = [1, Math.ceil(max / 3) + 1, Math.ceil((2 * max) / 3) + 1];
  return steps.filter((s, i) => s <= max && (i === 0 || s > steps[i - 1]!));
}

export function colouring(
  mode: ColourMode,
  buildings: BuildingProps[],
  gridNames: Map<string, string>,
): Colouring {
  switch (mode) {
    case 'use': {
      const uses = Object.keys(USE_COLOURS).filter((u) => u !== 'other');
      const present = new Set(buildings.map((b) => b.use ?? 'other'));
      return {
        expression: ['match', ['get', 'use'], ...uses.flatMap((u) => [u, USE_COLOURS[u]!]), OTHER] as never,
        legend: [...uses, 'other']
          .filter((u) => present.has(u))
          .map((u) => ({ colour: USE_COLOURS[u]!, key: `map.use.${u}` })),
      };
    }
    case 'students': {
      const max = Math.max(0, ...buildings.map((b) => b.students));
      const steps = studentSteps(max);
      const colours = STUDENT_SCALE.slice(STUDENT_SCALE.length - steps.length);
      const legend: LegendItem[] = [{ colour: NOTHING, key: 'map.legend.none' }];
      steps.forEach((from, i) => {
        const to = i + 1 < steps.length ? steps[i + 1]! - 1 : max;
        legend.push({
          colour: colours[i]!,
          key: from === to ? 'map.legend.exactly' : 'map.legend.range',
          params: { from, to },
        });
      });
      return {
        expression: steps.length
          ? (['step', ['get', 'students'], NOTHING, ...steps.flatMap((s, i) => [s, colours[i]!])] as never)
          : NOTHING,
        legend,
      };
    }
    case 'openItems':
      return {
        expression: [
          'step',
          ['get', 'openItems'],
          NOTHING,
          1,
          OPEN_SCALE[0]!,
          2,
          OPEN_SCALE[1]!,
          5,
          OPEN_SCALE[2]!,
        ],
        legend: [
          { colour: NOTHING, key: 'map.legend.none' },
          { colour: OPEN_SCALE[0]!, key: 'map.legend.exactly', params: { from: 1 } },
          { colour: OPEN_SCALE[1]!, key: 'map.legend.range', params: { from: 2, to: 4 } },
          { colour: OPEN_SCALE[2]!, key: 'map.legend.atLeast', params: { from: 5 } },
        ],
      };
    case 'grid': {
      const ids = [...new Set(buildings.flatMap((b) => (b.gridId ? [b.gridId] : [])))].sort((a, b) =>
        (gridNames.get(a) ?? a).localeCompare(gridNames.get(b) ?? b, 'zh-CN'),
      );
      const colourOf = (i: number) => GRID_PALETTE[i % GRID_PALETTE.length]!;
      const legend: LegendItem[] = ids.map((id, i) => ({
        colour: colourOf(i),
        text: gridNames.get(id) ?? id,
      }));
      if (buildings.some((b) => !b.gridId)) legend.push({ colour: BLIND_SPOT, key: 'map.legend.blindSpot' });
      return {
        expression: ids.length
          ? (['match', ['get', 'gridId'], ...ids.flatMap((id, i) => [id, colourOf(i)]), BLIND_SPOT] as never)
          : BLIND_SPOT,
        legend,
      };
    }
  }
}

/** The same colouring with every colour lightened: what a hovered building shows. */
export function lightened(expression: ExpressionSpecification | string): ExpressionSpecification | string {
  const walk = (v: unknown): unknown =>
    typeof v === 'string' && /^#[0-9a-f]{6}$/i.test(v)
      ? lighten(v, 0.35)
      : Array.isArray(v)
        ? v.map(walk)
        : v;
  return walk(expression) as ExpressionSpecification | string;
}
