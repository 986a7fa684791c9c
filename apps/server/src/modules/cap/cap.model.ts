import type { CAP_CERTAINTIES, CAP_SEVERITIES, CAP_URGENCIES, CapCategory } from '@anxiao/contracts';
import { XMLBuilder } from 'fast-xml-parser';

/**
 * CAP 1.2 (OASIS, urn:oasis:names:tc:emergency:cap:1.2) as this platform writes it, the Atom index
 * of a feed, and the geometry CAP areas use. Pure: no I/O. Documents are built as trees and
 * serialised by fast-xml-parser's builder, which escapes every text and attribute (decision 0021);
 * no untrusted text is ever concatenated into markup.
 */

export const CAP_NS = 'urn:oasis:names:tc:emergency:cap:1.2';
export const ATOM_NS = 'http://www.w3.org/2005/Atom';

export {
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_MSG_TYPES,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  type CapCategory,
  type CapMsgType,
  type CapStatus,
} from '@anxiao/contracts';

/** [lon, lat] as everywhere else in this code base (GeoJSON order). */
export type LonLat = [number, number];

export interface CapArea {
  areaDesc: string;
  /** closed rings, [lon, lat] */
  polygons: LonLat[][];
  circles: { centre: LonLat; radiusKm: number }[];
}

export interface CapInfo {
  language: string;
  category: CapCategory;
  event: string;
  urgency: (typeof CAP_URGENCIES)[number];
  severity: (typeof CAP_SEVERITIES)[number];
  certainty: (typeof CAP_CERTAINTIES)[number];
  effective: Date | null;
  expires: Date | null;
  senderName: string;
  headline: string;
  description: string;
  instruction: string | null;
  web: string | null;
  areas: CapArea[];
}

export interface CapMessage {
  identifier: string;
  sender: string;
  sent: Date;
  status: 'Actual' | 'Exercise' | 'Test';
  msgType: 'Alert' | 'Update' | 'Cancel';
  /** the earlier messages this one updates or cancels */
  references: { sender: string; identifier: string; sent: Date }[];
  note: string | null;
  info: CapInfo;
}

/**
 * CAP's dateTime: seconds precision and an explicit offset ("2026-07-01T08:30:00+08:00"; the
 * schema's pattern refuses "Z" and fractions). Written in China Standard Time, which has no DST.
 */
export function capTime(d: Date): string {
  const local = new Date(d.getTime() + 8 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

/**
 * CAP identifiers and senders may not hold spaces, commas or the markup characters (< and &);
 * anything else outside a conservative set becomes '-'.
 */
export function capToken(s: string): string {
  return s.replace(/[^A-Za-z0-9._@:-]/g, '-').slice(0, 200) || 'anxiao';
}

/** The series' nth message: stable, unique for the sender. */
export function capIdentifier(sender: string, sourceId: string, seq: number): string {
  return capToken(`${sender}-${sourceId}-${seq}`);
}

/** Characters XML 1.0 cannot carry, even escaped: replaced, so one stored text never breaks a document. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const xmlText = (s: string) => s.replace(NOT_XML, '\uFFFD');

/** CAP's polygon: "lat,lon" pairs separated by spaces, at least four, the first equal to the last. */
export function capPolygon(ring: LonLat[]): string | null {
  if (ring.length < 3) return null;
  const closed = sameLonLat(ring[0]!, ring[ring.length - 1]!) ? ring : [...ring, ring[0]!];
  if (closed.length < 4) return null;
  return closed.map(([lon, lat]) => `${round(lat)},${round(lon)}`).join(' ');
}

export function capCircle(c: { centre: LonLat; radiusKm: number }): string {
  return `${round(c.centre[1])},${round(c.centre[0])} ${round(c.radiusKm)}`;
}

const round = (n: number) => String(Math.round(n * 1e6) / 1e6);
const sameLonLat = (a: LonLat, b: LonLat) => a[0] === b[0] && a[1] === b[1];

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  format: true,
  processEntities: true,
  suppressEmptyNode: false,
});

const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** One CAP 1.2 document. Elements in the schema's order (it is a sequence). */
export function writeCap(m: CapMessage): string {
  const i = m.info;
  const info: Record<string, unknown> = {
    language: i.language,
    category: i.category,
    event: xmlText(i.event),
    urgency: i.urgency,
    severity: i.severity,
    certainty: i.certainty,
    ...(i.effective ? { effective: capTime(i.effective) } : {}),
    ...(i.expires ? { expires: capTime(i.expires) } : {}),
    senderName: xmlText(i.senderName),
    headline: xmlText(i.headline),
    description: xmlText(i.description),
    ...(i.instruction ? { instruction: xmlText(i.instruction) } : {}),
    ...(i.web ? { web: i.web } : {}),
    area: i.areas.map((a) => {
      const polygons = a.polygons.map(capPolygon).filter((p): p is string => p !== null);
      return {
        areaDesc: xmlText(a.areaDesc),
        ...(polygons.length ? { polygon: polygons } : {}),
        ...(a.circles.length ? { circle: a.circles.map(capCircle) } : {}),
      };
    }),
  };
  const alert = {
    '@_xmlns': CAP_NS,
    identifier: m.identifier,
    sender: m.sender,
    sent: capTime(m.sent),
    status: m.status,
    msgType: m.msgType,
    scope: 'Public',
    ...(m.note ? { note: xmlText(m.note) } : {}),
    ...(m.references.length
      ? { references: m.references.map((r) => `${r.sender},${r.identifier},${capTime(r.sent)}`).join(' ') }
      : {}),
    info,
  };
  return XML_DECL + builder.build({ alert });
}

export interface AtomEntry {
  id: string;
  title: string;
  updated: Date;
  summary: string;
  /** the CAP document */
  href: string;
  /** Actual, Exercise or Test: a category term, so readers can tell an exercise apart */
  status: string;
}

/** The Atom index of a feed (RFC 4287): one entry per current alert, linking to its CAP document. */
export function writeAtom(feed: {
  id: string;
  title: string;
  self: string;
  updated: Date;
  author: string;
  entries: AtomEntry[];
}): string {
  const tree = {
    feed: {
      '@_xmlns': ATOM_NS,
      id: feed.id,
      title: xmlText(feed.title),
      updated: feed.updated.toISOString(),
      author: { name: xmlText(feed.author) },
      link: { '@_rel': 'self', '@_href': feed.self, '@_type': 'application/atom+xml' },
      entry: feed.entries.map((e) => ({
        id: e.id,
        title: xmlText(e.title),
        updated: e.updated.toISOString(),
        category: { '@_term': e.status, '@_label': STATUS_LABEL[e.status] ?? e.status },
        summary: xmlText(e.summary),
        link: { '@_rel': 'alternate', '@_href': e.href, '@_type': 'application/cap+xml' },
      })),
    },
  };
  return XML_DECL + builder.build(tree);
}

const STATUS_LABEL: Record<string, string> = {
  Actual: '实况 Actual',
  Exercise: '演练 Exercise',
  Test: '测试 Test',
};

/** Whether a point lies in a ring (even-odd rule), [lon, lat]. */
export function inRing(p: LonLat, ring: LonLat[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Great-circle distance in kilometres. */
export function kmBetween(a: LonLat, b: LonLat): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLon = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Whether any polygon or circle of the areas covers a point. */
export function areasCover(areas: CapArea[], p: LonLat): boolean {
  return areas.some(
    (a) =>
      a.polygons.some((ring) => inRing(p, ring)) ||
      a.circles.some((c) => kmBetween(c.centre, p) <= c.radiusKm),
  );
}

export const hasGeometry = (areas: CapArea[]) => areas.some((a) => a.polygons.length || a.circles.length);
