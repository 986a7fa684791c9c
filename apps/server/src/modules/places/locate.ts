import type { Executor } from '../../kernel/db.js';
import { locatableOfSchool } from './places.repository.js';
import type { PolygonGeometry } from './places.tables.js';

/**
 * Where a phone stands on the campus: the building, gate or area whose outline holds its fix, else
 * the nearest of them with the distance in metres. Pure geometry on the school's own outlines (a
 * campus is a few hundred metres across: a local flat projection is exact enough).
 */

/** Beyond this, a fix is not "near" any place of the school (the phone is off campus). */
export const NEAREST_LIMIT_METRES = 1000;

const EARTH_RADIUS = 6_371_008.8;
const RAD = Math.PI / 180;

type Point = readonly [number, number];

/** Metres east and north of `origin` (equirectangular around it). */
function project(origin: Point, p: Point): [number, number] {
  const x = (p[0] - origin[0]) * RAD * EARTH_RADIUS * Math.cos(origin[1] * RAD);
  const y = (p[1] - origin[1]) * RAD * EARTH_RADIUS;
  return [x, y];
}

/** Even-odd ray casting over a ring (closed or not). */
function inRing(p: Point, ring: readonly (readonly number[])[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = [ring[i]![0]!, ring[i]![1]!];
    const [xj, yj] = [ring[j]![0]!, ring[j]![1]!];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(p: Point, g: PolygonGeometry): boolean {
  const [outer, ...holes] = g.coordinates;
  if (!outer || outer.length < 3 || !inRing(p, outer)) return false;
  return !holes.some((h) => inRing(p, h));
}

/** Metres from a point to the nearest edge of a polygon (0 inside it). */
export function metresToPolygon(p: Point, g: PolygonGeometry): number {
  if (pointInPolygon(p, g)) return 0;
  let best = Infinity;
  for (const ring of g.coordinates) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax, ay] = project(p, ring[i]!);
      const [bx, by] = project(p, ring[i + 1]!);
      const [dx, dy] = [bx - ax, by - ay];
      const len = dx * dx + dy * dy;
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

export function metresBetween(a: Point, b: Point): number {
  const [x, y] = project(a, b);
  return Math.hypot(x, y);
}

/** Planar area in square metres (to prefer a building over the area around it). */
function areaOf(g: PolygonGeometry): number {
  const ring = g.coordinates[0] ?? [];
  if (ring.length < 3) return 0;
  const origin = ring[0]!;
  let twice = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = project(origin, ring[i]!);
    const [x2, y2] = project(origin, ring[i + 1]!);
    twice += x1 * y2 - x2 * y1;
  }
  return Math.abs(twice) / 2;
}

export interface LocatablePlace {
  id: string;
  kind: string;
  code: string;
  name: string;
  outline: PolygonGeometry | null;
  lon: number | null;
  lat: number | null;
}

export interface Located<P extends LocatablePlace = LocatablePlace> {
  place: P;
  /** the fix lies within the place's outline */
  inside: boolean;
  /** metres from the fix to the outline (0 inside), or to the place's point when it has no outline */
  distance: number;
}

/**
 * The place that holds a point (the smallest outline holding it: a building before the area
 * around it), else the nearest within NEAREST_LIMIT_METRES, else null.
 */
export function resolvePosition<P extends LocatablePlace>(
  candidates: readonly P[],
  p: Point,
): Located<P> | null {
  const holding = candidates
    .filter((c) => c.outline && pointInPolygon(p, c.outline))
    .sort((a, b) => areaOf(a.outline!) - areaOf(b.outline!));
  if (holding[0]) return { place: holding[0], inside: true, distance: 0 };
  let best: Located<P> | null = null;
  for (const c of candidates) {
    const distance = c.outline
      ? metresToPolygon(p, c.outline)
      : c.lon !== null && c.lat !== null
        ? metresBetween(p, [c.lon, c.lat])
        : Infinity;
    if (distance <= NEAREST_LIMIT_METRES && (!best || distance < best.distance))
      best = { place: c, inside: false, distance: Math.round(distance) };
  }
  return best;
}

/** The school's buildings, gates and areas in use, resolved against a phone's fix. */
export async function locateInSchool(ex: Executor, schoolId: string, lon: number, lat: number) {
  return resolvePosition(await locatableOfSchool(ex, schoolId), [lon, lat]);
}
