import type { Polygon } from '../api/types';

type Position = [number, number];

/** What POST /api/places/geojson takes: features matched to places by properties.code. */
export interface OutlineCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; geometry: unknown; properties: Record<string, unknown> | null }[];
}

/** The server's limits (places.schemas.ts): at most 5,000 features, 4–2,000 points a ring. */
export const MAX_FEATURES = 5000;
const MIN_RING = 4;
const MAX_RING = 2000;
/** A .geojson of a campus is small; anything larger is most likely the wrong file. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * The visual centre of a polygon's outline: the area-weighted centroid of its first ring (plain
 * lon/lat arithmetic is exact enough at campus scale), or the mean of its points when degenerate.
 */
export function centroid(polygon: { coordinates: number[][][] }): Position {
  const ring = polygon.coordinates[0] ?? [];
  let area = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0 = 0, y0 = 0] = ring[i]!;
    const [x1 = 0, y1 = 0] = ring[i + 1]!;
    const cross = x0 * y1 - x1 * y0;
    area += cross;
    x += (x0 + x1) * cross;
    y += (y0 + y1) * cross;
  }
  if (Math.abs(area) < 1e-14) {
    const n = Math.max(ring.length, 1);
    return [ring.reduce((s, p) => s + (p[0] ?? 0), 0) / n, ring.reduce((s, p) => s + (p[1] ?? 0), 0) / n];
  }
  return [x / (3 * area), y / (3 * area)];
}

/** The footprint of a polygon's outline in square degrees: only to rank buildings by size. */
export function footprint(polygon: { coordinates: number[][][] }): number {
  const ring = polygon.coordinates[0] ?? [];
  let area = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0 = 0, y0 = 0] = ring[i]!;
    const [x1 = 0, y1 = 0] = ring[i + 1]!;
    area += x0 * y1 - x1 * y0;
  }
  return Math.abs(area) / 2;
}

const round = (v: number) => Math.round(v * 1e7) / 1e7;

/**
 * A drawn polygon as the server stores it: coordinates rounded to 1e-7° (about a centimetre), each
 * ring closed, repeated points dropped. Null when the shape is not a usable outline.
 */
export function toOutline(geometry: { type: string; coordinates: unknown }): Polygon | null {
  if (geometry.type !== 'Polygon' || !Array.isArray(geometry.coordinates)) return null;
  const rings: Position[][] = [];
  for (const raw of geometry.coordinates as unknown[]) {
    if (!Array.isArray(raw)) return null;
    const ring: Position[] = [];
    for (const p of raw as unknown[]) {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') return null;
      const point: Position = [round(p[0]), round(p[1])];
      const last = ring.at(-1);
      if (!last || last[0] !== point[0] || last[1] !== point[1]) ring.push(point);
    }
    const first = ring[0];
    const last = ring.at(-1);
    if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
    if (ring.length < MIN_RING || ring.length > MAX_RING) return null;
    rings.push(ring);
  }
  return rings.length > 0 ? { type: 'Polygon', coordinates: rings } : null;
}

export type ParseResult =
  | { ok: true; collection: OutlineCollection; withCode: number }
  | { ok: false; reason: 'json' | 'notCollection' | 'tooMany' | 'noCode' };

/** Check an uploaded file's text before it is sent: a FeatureCollection whose features carry a code. */
export function parseOutlineFile(text: string): ParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'json' };
  }
  if (
    typeof data !== 'object' ||
    data === null ||
    (data as { type?: unknown }).type !== 'FeatureCollection' ||
    !Array.isArray((data as { features?: unknown }).features)
  ) {
    return { ok: false, reason: 'notCollection' };
  }
  const raw = (data as { features: unknown[] }).features;
  if (raw.length > MAX_FEATURES) return { ok: false, reason: 'tooMany' };
  const features: OutlineCollection['features'] = [];
  let withCode = 0;
  for (const f of raw) {
    if (typeof f !== 'object' || f === null || (f as { type?: unknown }).type !== 'Feature') {
      return { ok: false, reason: 'notCollection' };
    }
    const props = (f as { properties?: unknown }).properties;
    const properties =
      typeof props === 'object' && props !== null && !Array.isArray(props)
        ? (props as Record<string, unknown>)
        : null;
    const code = properties?.code;
    if ((typeof code === 'string' && code.trim() !== '') || typeof code === 'number') withCode++;
    features.push({ type: 'Feature', geometry: (f as { geometry?: unknown }).geometry ?? null, properties });
  }
  if (withCode === 0) return { ok: false, reason: 'noCode' };
  return { ok: true, collection: { type: 'FeatureCollection', features }, withCode };
}
