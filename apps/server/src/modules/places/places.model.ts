import { chinaDateTime } from '../../kernel/clock.js';
import type { PlaceKind, PolygonGeometry } from './places.tables.js';

/** Which kind of place may sit under which. Buildings, gates and areas sit directly on the campus. */
export function canHold(parent: PlaceKind | null, child: PlaceKind): boolean {
  switch (child) {
    case 'building':
    case 'gate':
    case 'area':
      return parent === null;
    case 'floor':
      return parent === 'building';
    case 'room':
      return parent === 'building' || parent === 'floor';
  }
}

export function placePath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** Centre of a polygon's outer ring (vertex average, good enough for a label or a marker). */
export function centreOf(g: PolygonGeometry): [number, number] {
  const ring = g.coordinates[0]!;
  const pts = ring.slice(0, -1);
  const lon = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const lat = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  return [lon, lat];
}

/** A date as people type it in a sheet: 2026-03-01, 2026/3/1, 2026.3.1, 20260301. */
export function parseDay(s: string): string | null {
  const m = /^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/.exec(s.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return null;
  return dt.toISOString().slice(0, 10);
}

/** Today's date in China (inspection dates are calendar days there). */
export function chinaDay(now: Date): string {
  return chinaDateTime(now).slice(0, 10);
}
