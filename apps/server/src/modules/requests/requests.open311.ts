import { XMLBuilder } from 'fast-xml-parser';

/**
 * Open311 GeoReport v2 documents in both formats. XML is the spec's own (required), JSON its
 * mechanical mapping: a list is a top-level array, a nested list an array under its plural name.
 * In XML each list's plural element holds one singular element per item, as the spec's examples
 * and the mySociety extension write them.
 */

/** Element names: each list (by its plural name) and the name of one of its items. */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  service_request_updates: 'request_update',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
};

export type Open311Format = 'xml' | 'json';
type Value = string | number | boolean | Date | null | undefined | Value[] | { [k: string]: Value };

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true });

/** Dates with their timezone (the spec requires it); nothing else changes. */
function forJson(v: Value): unknown {
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(forJson);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, forJson(x)]));
  return v;
}

/**
 * Characters XML 1.0 cannot carry even escaped (controls other than tab and line breaks, lone
 * surrogates, U+FFFE/U+FFFF). One stored description holding one would make every list that
 * includes it not well-formed, so whatever intake let through is replaced on the way out.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export const xmlSafe = (s: string) => s.replace(NOT_XML, '\uFFFD');

/** The XML tree: lists wrapped in their plural element, one singular element per item. */
function forXml(v: Value, name: string): unknown {
  if (v instanceof Date) return v.toISOString();
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) {
    const item = ITEM_OF[name] ?? 'item';
    return { [item]: v.map((x) => forXml(x, item)) };
  }
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, forXml(x, k)]));
  return xmlSafe(String(v));
}

/**
 * One response body: `root` is the list's plural name (services, service_requests, errors…) or a
 * single document's name (service_definition, discovery).
 */
export function open311Body(format: Open311Format, root: string, value: Value[] | { [k: string]: Value }) {
  if (format === 'json') {
    return { contentType: 'application/json; charset=utf-8', body: JSON.stringify(forJson(value)) };
  }
  const tree = { [root]: forXml(value, root) };
  return {
    contentType: 'text/xml; charset=utf-8',
    body: `<?xml version="1.0" encoding="utf-8"?>${builder.build(tree)}`,
  };
}

/** The spec's error body: an array of {code, description}, whatever the status. */
export function open311Errors(format: Open311Format, status: number, descriptions: string[]) {
  return open311Body(
    format,
    'errors',
    descriptions.map((description) => ({ code: status, description })),
  );
}
