import fc from 'fast-check';

/**
 * Requests generated from the committed OpenAPI document: for each operation, mostly valid inputs
 * (from its schemas) with one part made hostile — a wrong type, a missing or extra field, NUL and
 * control characters, lone surrogates, huge and unicode strings, negative and huge numbers, bad
 * UUIDs and dates — plus bodies that are not what they claim (malformed JSON, another content
 * type, broken multipart).
 */

type Schema = Record<string, unknown>;
export interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}

export interface Op {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  op: Operation;
}

export interface FuzzRequest {
  method: Op['method'];
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

export function operations(spec: Spec): Op[] {
  const out: Op[] = [];
  for (const [path, item] of Object.entries(spec.paths))
    for (const [method, op] of Object.entries(item))
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method))
        out.push({ method: method.toUpperCase() as Op['method'], path, op });
  return out;
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  'x\u0001y',
  '\u001b[31m',
  '\u202eevil',
  '\ufeff',
  '😀'.repeat(300),
  '字'.repeat(5000),
  'a'.repeat(70_000),
  "'; drop table users; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '0x10',
  '1e309',
  'NaN',
  '-1',
  '-0',
  '99999999999999999999999',
  '0000-01-01',
  '0456-02',
  '+275760-09-13T00:00:00Z',
  '2026-02-30',
  '2026-13-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '{"a":1}',
  'true',
  'null',
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: hostileString },
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      -1,
      0,
      1.5,
      -2147483649,
      2 ** 31,
      2 ** 53 + 2,
      1e308,
      -1e308,
      null,
      true,
      false,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([], {}, [null], { a: { b: { c: [] } } }, ['\u0000']) },
  { weight: 1, arbitrary: fc.double() },
);

function rand16(): fc.Arbitrary<string> {
  return fc.uuid({ version: 4 });
}

export class Generator {
  constructor(
    private readonly spec: Spec,
    /** real ids of the database, so some requests reach rows that exist */
    private readonly ids: string[],
  ) {}

  private resolve(s: Schema | undefined): Schema {
    let cur = s ?? {};
    for (let i = 0; i < 10 && typeof cur.$ref === 'string'; i++)
      cur = this.spec.components?.schemas?.[cur.$ref.split('/').pop()!] ?? {};
    return cur;
  }

  /** A value the schema accepts (mostly: patterns and formats are approximated). */
  valid(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if (depth > 6) return fc.constant(null);
    if ('const' in s) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
    for (const key of ['anyOf', 'oneOf'] as const)
      if (Array.isArray(s[key]))
        return fc.oneof(...(s[key] as Schema[]).map((x) => this.valid(x, depth + 1)));
    if (Array.isArray(s.allOf)) return this.valid((s.allOf as Schema[])[0], depth + 1);
    const type =
      (Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string)) ?? 'any';
    switch (type) {
      case 'string':
        return this.validString(s);
      case 'integer':
      case 'number': {
        const min = typeof s.minimum === 'number' ? s.minimum : -1000;
        const max = typeof s.maximum === 'number' ? s.maximum : 1000;
        const lo = Math.max(min, -1e9);
        const hi = Math.min(max, 1e9);
        return type === 'integer'
          ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
          : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
      }
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(this.valid(s.items as Schema, depth + 1), {
          minLength: Math.min((s.minItems as number) ?? 0, 3),
          maxLength: Math.min((s.maxItems as number) ?? 3, 3),
        });
      case 'object':
      default: {
        const props = (s.properties ?? {}) as Record<string, Schema>;
        const required = (s.required ?? []) as string[];
        if (!Object.keys(props).length) {
          if (s.additionalProperties && typeof s.additionalProperties === 'object')
            return fc.dictionary(
              fc.string({ minLength: 1, maxLength: 8 }),
              this.valid(s.additionalProperties as Schema, depth + 1),
              {
                maxKeys: 3,
              },
            );
          return type === 'object' ? fc.constant({}) : fc.oneof(fc.string({ maxLength: 10 }), fc.integer());
        }
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(props)) model[k] = this.valid(v, depth + 1);
        return fc.record(model, { requiredKeys: required.filter((k) => k in props) });
      }
    }
  }

  private validString(s: Schema): fc.Arbitrary<string> {
    const min = (s.minLength as number) ?? 0;
    const max = Math.min((s.maxLength as number) ?? 40, 40);
    if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...this.ids), rand16());
    if (s.format === 'date')
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    if (s.format === 'date-time')
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString());
    if (typeof s.pattern === 'string') {
      try {
        return fc
          .stringMatching(new RegExp(s.pattern))
          .filter((x) => x.length >= min && x.length <= Math.max(max, min));
      } catch {
        /* a pattern fast-check cannot read: plain text below */
      }
    }
    return fc.string({ minLength: min, maxLength: Math.max(max, min), unit: 'grapheme' });
  }

  /** One request for an operation: valid, or valid with one part made hostile. */
  request(o: Op): fc.Arbitrary<FuzzRequest> {
    const params = o.op.parameters ?? [];
    const pathParams = params.filter((p) => p.in === 'path');
    const queryParams = params.filter((p) => p.in === 'query');
    const bodySchema = o.op.requestBody?.content?.['application/json']?.schema;
    const param = (p: Parameter) =>
      fc.oneof({ weight: 4, arbitrary: this.valid(p.schema) }, { weight: 1, arbitrary: hostileValue });
    const pathArb = fc.record(Object.fromEntries(pathParams.map((p) => [p.name, param(p)])));
    const queryArb = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, param(p)])), {
      requiredKeys: [],
    });
    const extraQuery = fc.option(fc.tuple(fc.constantFrom('extra', 'page', 'q', 'from'), hostileString), {
      freq: 5,
    });
    const body: fc.Arbitrary<{ kind: string; payload?: string | Buffer; type?: string }> = bodyArb(
      bodySchema ? this.valid(bodySchema) : fc.constant(undefined),
      o.method,
    );
    return fc
      .record({ path: pathArb, query: queryArb, extraQuery, body })
      .map(({ path, query, extraQuery: x, body: b }) => {
        const url =
          o.path.replace(/\{([^}]+)\}/g, (_, name: string) => pct(text(path[name]))) +
          queryString({ ...query, ...(x ? { [x[0]]: x[1] } : {}) });
        const headers: Record<string, string> = {};
        if (b.type) headers['content-type'] = b.type;
        return { method: o.method, url, headers, ...(b.payload === undefined ? {} : { payload: b.payload }) };
      });
  }
}

/** A body: the valid one, one with a field made hostile, dropped or added, or not JSON at all. */
function bodyArb(valid: fc.Arbitrary<unknown>, method: string) {
  const json = (v: unknown) => ({ kind: 'json', payload: JSON.stringify(v), type: 'application/json' });
  const mutated = fc
    .tuple(valid, fc.nat(), hostileValue, fc.constantFrom('replace', 'drop', 'add'))
    .map(([v, n, h, how]) => json(mutate(v, n, h, how)));
  if (method === 'GET' || method === 'DELETE')
    return fc.oneof(
      { weight: 8, arbitrary: fc.constant({ kind: 'none' }) },
      { weight: 1, arbitrary: mutated },
    );
  return fc.oneof(
    { weight: 3, arbitrary: valid.map(json) },
    { weight: 5, arbitrary: mutated },
    { weight: 1, arbitrary: hostileValue.map(json) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        { kind: 'malformed', payload: '{"a":', type: 'application/json' },
        { kind: 'malformed', payload: '{"note":"\\u0000"', type: 'application/json' },
        { kind: 'empty', payload: '', type: 'application/json' },
        { kind: 'text', payload: 'hello', type: 'text/plain' },
        { kind: 'xml', payload: '<a/>', type: 'application/xml' },
        { kind: 'form', payload: 'a=1&b=%00', type: 'application/x-www-form-urlencoded' },
        { kind: 'multipart', payload: 'hello', type: 'multipart/form-data' },
        {
          kind: 'multipart',
          payload: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n\x89PNG',
          type: 'multipart/form-data; boundary=XyZ',
        },
        {
          kind: 'multipart',
          payload: Buffer.from(
            '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="\u0000.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004garbage\r\n--XyZ--\r\n',
          ),
          type: 'multipart/form-data; boundary=XyZ',
        },
      ),
    },
  );
}

function leaves(v: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (v && typeof v === 'object') {
    const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
    const inner = entries.flatMap(([k, x]) => leaves(x, [...path, k]));
    return inner.length ? inner : [path];
  }
  return [path];
}

function mutate(v: unknown, n: number, h: unknown, how: string): unknown {
  if (!v || typeof v !== 'object') return how === 'add' ? { extra: h } : h;
  const copy = structuredClone(v) as Record<string | number, unknown>;
  const all = leaves(copy);
  const path = all[n % all.length]!;
  if (!path.length) return h;
  let parent: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (how === 'drop') delete parent[last];
  else if (how === 'add') parent[`extra_${n % 7}`] = h;
  else parent[last] = h;
  return copy;
}

function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v) ?? '';
}

/** Percent-encoding that also carries lone surrogates (as UTF-8's replacement bytes). */
function pct(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8'))
    out += /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).padStart(2, '0').toUpperCase()}`;
  return out;
}

function queryString(q: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) parts.push(`${pct(k)}=${pct(text(x))}`);
    else parts.push(`${pct(k)}=${pct(text(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
