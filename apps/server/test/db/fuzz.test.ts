import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Generator, operations, type FuzzRequest, type Spec } from '../support/fuzz.js';
import { testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

/**
 * Item 20 of issue 13: every operation of the committed openapi.json, called by roles that may and
 * may not call it (and without a session), with generated valid, boundary and hostile inputs.
 * Fails on any 5xx, any answer slower than 2 s, and any 4xx that left a row behind.
 * FUZZ_SEED and FUZZ_RUNS (requests per operation) override the fixed defaults.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SLOW_MS = 2000;
/**
 * Tables that legitimately record a refusal (the audit trail, the failed sign-ins counted per
 * name and address for the lockout) or a sign-in of this harness.
 */
const REFUSAL_TABLES = new Set(['audit_log', 'login_throttle', 'sessions']);
/** A refused sign-in still ends the session it was sent with: its revocation goes out to every node. */
const SIGN_IN_REFUSAL_TABLES = new Set([...REFUSAL_TABLES, 'events']);
const CALLERS = ['sysadmin', 'school.admin', 'grid.center', 'grid.leader', 'student', null] as const;

const spec = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../../../packages/api-client/openapi.json'), 'utf8'),
) as Spec;

let rt: TestRuntime;
const sessions = new Map<string, Session>();
let tables: string[] = [];
let callerIds = new Set<string>();

async function rowCounts(): Promise<Record<string, number>> {
  // What the event consumers write in reaction (their cursors, the jobs they queue) is counted
  // with the request that caused it, not with whichever request runs when the bus wakes them.
  await rt.kernel.relay.nudge();
  await rt.kernel.consumers.nudge();
  // A function takes at most 100 arguments: one object per 40 tables, merged.
  const parts: string[] = [];
  for (let i = 0; i < tables.length; i += 40) {
    const cols = tables.slice(i, i + 40).map((t) => `'${t}', (select count(*) from "${t}")`);
    parts.push(`jsonb_build_object(${cols.join(', ')})`);
  }
  const res = await rt.kernel.db.execute(sql.raw(`select ${parts.join(' || ')} as c`));
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { c: unknown }[];
  const c = rows[0]!.c;
  return (typeof c === 'string' ? JSON.parse(c) : c) as Record<string, number>;
}

async function idPool(): Promise<string[]> {
  const ids: string[] = [];
  for (const t of tables) {
    const res = await rt.kernel.db
      .execute(sql.raw(`select id::text as id from "${t}" order by id limit 3`))
      .catch(() => null);
    if (!res) continue;
    const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { id: string }[];
    for (const r of rows) if (!callerIds.has(r.id)) ids.push(r.id);
  }
  return ids;
}

beforeAll(async () => {
  rt = await testRuntime({ students: 20 });
  const res = await rt.kernel.db.execute(
    sql`select table_name as t from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const rows = (Array.isArray(res) ? res : (res as { rows: unknown[] }).rows) as { t: string }[];
  tables = rows.map((r) => r.t).filter((t) => !t.startsWith('__drizzle'));
  for (const c of CALLERS) if (c) sessions.set(c, await rt.login(c));
  callerIds = new Set([...sessions.values()].map((s) => s.userId));
});
afterAll(async () => rt?.dispose());

describe('fuzz: every operation of openapi.json', () => {
  it(
    'answers no 5xx, nothing slower than 2 s, and leaves no row behind a 4xx',
    async () => {
      const started = Date.now();
      const ops = operations(spec);
      const gen = new Generator(spec, await idPool());
      const failures: string[] = [];
      let sent = 0;
      let fivexx = 0;
      const byClass: Record<string, number> = {};
      let before = await rowCounts();
      for (const [i, o] of ops.entries()) {
        const samples = fc.sample(gen.request(o), { seed: SEED + i, numRuns: RUNS });
        // Every caller in turn, so each operation meets roles that may and may not call it.
        for (const [j, req] of samples.entries()) {
          const caller = CALLERS[j % CALLERS.length]!;
          const res = await send(req, caller);
          sent++;
          const cls = `${Math.floor(res.status / 100)}xx`;
          byClass[cls] = (byClass[cls] ?? 0) + 1;
          const label = `${o.method} ${o.path} as ${caller ?? 'anonymous'}: ${req.method} ${req.url.slice(0, 200)} ${
            typeof req.payload === 'string' ? req.payload.slice(0, 200) : req.payload ? '<bytes>' : ''
          }`;
          if (res.status >= 500) {
            fivexx++;
            failures.push(`${res.status} ${label} → ${res.body.slice(0, 200)}`);
          }
          if (res.ms > SLOW_MS) failures.push(`slow ${res.ms} ms: ${label}`);
          const after = await rowCounts();
          if (res.status >= 400 && res.status < 500) {
            const allowed = o.path === '/api/auth/login' ? SIGN_IN_REFUSAL_TABLES : REFUSAL_TABLES;
            const left = Object.keys(after).filter((t) => !allowed.has(t) && after[t]! > before[t]!);
            if (left.length) failures.push(`${res.status} left rows in ${left.join(', ')}: ${label}`);
          }
          before = after;
          if (res.status === 401 && caller) {
            // The fuzz signed this caller out (logout, a password or role change): sign in again.
            sessions.set(caller, await rt.login(caller).catch(() => sessions.get(caller)!));
            before = await rowCounts();
          }
        }
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        `fuzz: seed ${SEED}, ${RUNS} requests per operation, ${ops.length} operations, ${sent} requests, ` +
          `${fivexx} 5xx, ${failures.length} failures, ${seconds} s on ${rt.kernel.dbKind}; answers ${JSON.stringify(byClass)}`,
      );
      expect(failures).toEqual([]);
    },
    15 * 60_000,
  );
});

async function send(req: FuzzRequest, caller: string | null) {
  const s = caller ? sessions.get(caller) : undefined;
  const headers: Record<string, string> = { ...req.headers };
  if (s) Object.assign(headers, { cookie: s.cookie, 'x-csrf-token': s.csrf });
  const t0 = performance.now();
  const res = await rt.app.inject({
    method: req.method,
    url: req.url,
    headers,
    ...(req.payload === undefined ? {} : { payload: req.payload }),
  });
  return { status: res.statusCode, body: res.body, ms: Math.round(performance.now() - t0) };
}
