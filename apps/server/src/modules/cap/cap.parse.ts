import { SaxesParser } from 'saxes';
import {
  ATOM_NS,
  CAP_CATEGORIES,
  CAP_CERTAINTIES,
  CAP_NS,
  CAP_SEVERITIES,
  CAP_STATUSES,
  CAP_URGENCIES,
  type CapArea,
  type LonLat,
} from './cap.model.js';

/**
 * Reading what a subscribed feed serves, safely (decision 0021): a strict XML parser (saxes) that
 * expands no entity but XML's five and character references, a document with a DOCTYPE refused
 * outright (CAP and Atom have none, and a DTD is how entity bombs and external entities come in),
 * bounded depth and element count, then the CAP 1.2 rules this intake relies on. A document that is
 * not CAP 1.2 is refused with a reason the subscription shows.
 */

export const REJECT_REASONS = [
  'too_big',
  'fetch_failed',
  'doctype',
  'malformed',
  'too_complex',
  'not_cap',
  'invalid_cap',
  'unsupported',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

export class CapRejected extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
  }
}

export interface XmlNode {
  name: string;
  uri: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const MAX_DEPTH = 32;
const MAX_ELEMENTS = 20_000;

/** A parsed tree, or CapRejected. */
export function parseXml(text: string): XmlNode {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new CapRejected('doctype', 'a DOCTYPE or entity declaration');
  const parser = new SaxesParser({ xmlns: true });
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  let count = 0;
  let failure: CapRejected | null = null;
  parser.on('doctype', () => {
    failure ??= new CapRejected('doctype', 'a DOCTYPE');
  });
  parser.on('opentag', (t) => {
    if (++count > MAX_ELEMENTS || stack.length >= MAX_DEPTH)
      failure ??= new CapRejected('too_complex', `more than ${MAX_ELEMENTS} elements or ${MAX_DEPTH} levels`);
    const attrs: Record<string, string> = {};
    for (const a of Object.values(t.attributes)) attrs[a.local] = a.value;
    const node: XmlNode = { name: t.local, uri: t.uri, attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(node);
    else root = node;
    stack.push(node);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (s: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += s;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('error', (e) => {
    failure ??= new CapRejected('malformed', e.message.slice(0, 300));
  });
  try {
    parser.write(text);
    if (!failure) parser.close();
  } catch (e) {
    failure ??= new CapRejected('malformed', (e as Error).message.slice(0, 300));
  }
  if (failure) throw failure;
  if (!root) throw new CapRejected('malformed', 'no root element');
  return root;
}

const kids = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name && c.uri === n.uri);
const one = (n: XmlNode, name: string) => kids(n, name)[0];
const textOf = (n: XmlNode, name: string) => one(n, name)?.text.trim();

function required(n: XmlNode, name: string): string {
  const v = textOf(n, name);
  if (!v) throw new CapRejected('invalid_cap', `<${name}> is missing`);
  return v;
}

function oneOf<T extends string>(n: XmlNode, name: string, allowed: readonly T[]): T {
  const v = required(n, name);
  if (!(allowed as readonly string[]).includes(v))
    throw new CapRejected('invalid_cap', `<${name}> ${v.slice(0, 40)} is not one of ${allowed.join(', ')}`);
  return v as T;
}

const CAP_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[-+]\d\d:\d\d$/;

function time(n: XmlNode, name: string, need: boolean): string | null {
  const v = textOf(n, name);
  if (!v) {
    if (need) throw new CapRejected('invalid_cap', `<${name}> is missing`);
    return null;
  }
  const d = new Date(v);
  if (!CAP_TIME.test(v) || Number.isNaN(d.getTime()))
    throw new CapRejected(
      'invalid_cap',
      `<${name}> ${v.slice(0, 40)} is not a CAP date and time with its offset`,
    );
  return d.toISOString();
}

export interface InboundInfo {
  language: string;
  category: (typeof CAP_CATEGORIES)[number];
  event: string;
  urgency: (typeof CAP_URGENCIES)[number];
  severity: (typeof CAP_SEVERITIES)[number];
  certainty: (typeof CAP_CERTAINTIES)[number];
  headline: string;
  description: string;
  instruction: string | null;
  effective: string | null;
  expires: string | null;
  areaDesc: string;
}

export interface InboundCap {
  identifier: string;
  sender: string;
  sent: string;
  status: (typeof CAP_STATUSES)[number];
  msgType: 'Alert' | 'Update' | 'Cancel';
  /** identifiers of the messages referred to ("sender,identifier,sent" reduced to identifiers) */
  references: { sender: string; identifier: string }[];
  /** the Chinese info when there is one, else the first; null for a Cancel without info */
  info: InboundInfo | null;
  areas: CapArea[];
}

const bounded = (s: string | undefined, max: number) => (s ?? '').slice(0, max);

/** A CAP 1.2 alert from a parsed tree, or CapRejected. */
export function readCap(root: XmlNode): InboundCap {
  if (root.name !== 'alert' || root.uri !== CAP_NS)
    throw new CapRejected(
      'not_cap',
      `the root is <${root.name.slice(0, 40)}> in "${root.uri.slice(0, 80)}", not a CAP 1.2 <alert>`,
    );
  const identifier = required(root, 'identifier');
  const sender = required(root, 'sender');
  if (/[\s,<&]/.test(identifier) || /[\s,<&]/.test(sender) || identifier.length > 200 || sender.length > 200)
    throw new CapRejected('invalid_cap', 'identifier and sender may not hold spaces, commas, < or &');
  const sent = time(root, 'sent', true)!;
  const status = oneOf(root, 'status', CAP_STATUSES);
  const msgType = oneOf(root, 'msgType', ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const);
  if (msgType === 'Ack' || msgType === 'Error')
    throw new CapRejected('unsupported', `msgType ${msgType} concerns no school`);
  oneOf(root, 'scope', ['Public', 'Restricted', 'Private'] as const);
  const references = (textOf(root, 'references') ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 100)
    .map((r) => {
      const [s, id] = r.split(',');
      if (!s || !id)
        throw new CapRejected(
          'invalid_cap',
          `<references> entry ${r.slice(0, 60)} is not sender,identifier,sent`,
        );
      return { sender: s, identifier: id };
    });
  if (msgType !== 'Alert' && references.length === 0)
    throw new CapRejected('invalid_cap', `an ${msgType} must name the messages it refers to in <references>`);
  const infos = kids(root, 'info');
  if (infos.length === 0 && msgType !== 'Cancel') throw new CapRejected('invalid_cap', '<info> is missing');
  const info = infos.find((i) => /^zh/i.test(textOf(i, 'language') ?? '')) ?? infos[0];
  if (!info) return { identifier, sender, sent, status, msgType, references, info: null, areas: [] };
  const areas = kids(info, 'area').slice(0, 50).map(readArea);
  return {
    identifier,
    sender,
    sent,
    status,
    msgType,
    references,
    areas,
    info: {
      language: bounded(textOf(info, 'language') || 'en-US', 35),
      category: oneOf(info, 'category', CAP_CATEGORIES),
      event: bounded(required(info, 'event'), 200),
      urgency: oneOf(info, 'urgency', CAP_URGENCIES),
      severity: oneOf(info, 'severity', CAP_SEVERITIES),
      certainty: oneOf(info, 'certainty', CAP_CERTAINTIES),
      headline: bounded(textOf(info, 'headline') || textOf(info, 'event'), 300),
      description: bounded(textOf(info, 'description'), 4000),
      instruction: textOf(info, 'instruction')?.slice(0, 2000) || null,
      effective: time(info, 'effective', false),
      expires: time(info, 'expires', false),
      areaDesc: bounded(areas.map((a) => a.areaDesc).join('、'), 1000),
    },
  };
}

function readArea(a: XmlNode): CapArea {
  const areaDesc = required(a, 'areaDesc').slice(0, 500);
  const polygons = kids(a, 'polygon')
    .slice(0, 20)
    .map((p) => {
      const pts = p.text.trim().split(/\s+/).slice(0, 10_000).map(latLon);
      if (pts.length < 4 || pts[0]![0] !== pts[pts.length - 1]![0] || pts[0]![1] !== pts[pts.length - 1]![1])
        throw new CapRejected(
          'invalid_cap',
          '<polygon> needs four or more points, the first equal to the last',
        );
      return pts;
    });
  const circles = kids(a, 'circle')
    .slice(0, 20)
    .map((c) => {
      const [centre, radius] = c.text.trim().split(/\s+/);
      const r = Number(radius);
      if (!centre || !Number.isFinite(r) || r < 0)
        throw new CapRejected('invalid_cap', '<circle> is not "lat,lon radius"');
      return { centre: latLon(centre), radiusKm: r };
    });
  return { areaDesc, polygons, circles };
}

/** CAP's "lat,lon" as [lon, lat]. */
function latLon(s: string): LonLat {
  const [lat, lon] = s.split(',').map(Number);
  if (lat === undefined || lon === undefined || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180))
    throw new CapRejected('invalid_cap', `${s.slice(0, 40)} is not a WGS-84 "lat,lon" point`);
  return [lon, lat];
}

/** The CAP documents an Atom index links to (at most `max`). Null when the root is not an Atom feed. */
export function readAtomLinks(root: XmlNode, base: string, max: number): string[] | null {
  if (root.name !== 'feed' || root.uri !== ATOM_NS) return null;
  const out: string[] = [];
  for (const entry of kids(root, 'entry')) {
    const links = kids(entry, 'link');
    const link =
      links.find((l) => /cap/i.test(l.attrs['type'] ?? '')) ??
      links.find((l) => (l.attrs['rel'] ?? 'alternate') === 'alternate');
    const href = link?.attrs['href'];
    if (!href) continue;
    try {
      out.push(new URL(href, base).toString());
    } catch {
      continue;
    }
    if (out.length >= max) break;
  }
  return out;
}
