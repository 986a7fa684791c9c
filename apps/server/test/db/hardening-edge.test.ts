import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/kernel/config.js';
import { dbErrorToAppError } from '../../src/kernel/http/db-errors.js';
import { incidents, signDeviceRequest } from '../../src/modules/alarms/index.js';
import { grids } from '../../src/modules/grids/index.js';
import { taskInstances } from '../../src/modules/tasks/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime;
let admin: Session;
let student: Session;
let school: string;

beforeAll(async () => {
  rt = await testRuntime();
  admin = await rt.login('school.admin');
  student = await rt.login('student');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => rt.dispose());

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const errorCode = (res: { json: () => unknown }) => (res.json() as { error: { code: string } }).error.code;

describe('item 9: the API is recognised by its route, not by the raw URL', () => {
  it('checks the Origin of a public change reached as /%61pi/…', async () => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/%61pi/auth/login',
      headers: { origin: 'https://evil.example', host: 'anxiao.test' },
      payload: { username: 'school.admin', password: 'wrong-password' },
    });
    expect(res.statusCode).toBe(403);
    expect(errorCode(res)).toBe('auth.csrf');
  });

  it('still wants a session on /%61pi/… routes', async () => {
    const res = await rt.app.inject({ method: 'GET', url: '/%61pi/users' });
    expect(res.statusCode).toBe(401);
  });
});

describe('item 13/16: text the database cannot store is refused at the edge, naming the field', () => {
  it('refuses a NUL in a query string with 400', async () => {
    const res = await admin.call('GET', `/api/places?schoolId=${school}&q=a%00b`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: 'common.bad_text', details: { issues: [{ path: 'querystring/q' }] } },
    });
  });

  it('refuses a control character (U+0001) in a body field, naming it', async () => {
    const res = await admin.call('POST', '/api/alarms', {
      schoolId: school,
      idempotencyKey: 'ctl-00000001',
      alarmClass: 'medical',
      note: 'a\u0001b',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { details: { issues: [{ path: 'body/note' }] } } });
  });

  it('refuses an unpaired surrogate at sign-in, without a session', async () => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"x\\ud800","password":"whatever-it-is"}',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(errorCode(res)).toBe('common.bad_text');
  });

  it('keeps tabs and newlines', async () => {
    const res = await admin.call('GET', `/api/places?schoolId=${school}&q=a%09b%0Ac`);
    expect(res.statusCode).toBe(200);
  });

  it('stores an SOS whose note holds a NUL, with the NUL dropped (an alarm is never refused for it)', async () => {
    const res = await student.call('POST', '/api/alarms/sos', {
      idempotencyKey: 'sos-nul-000001',
      note: 'help\u0000 me\u0007',
    });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await rt.kernel.db
      .select({ note: incidents.note })
      .from(incidents)
      .where(eq(incidents.id, res.json<{ id: string }>().id));
    expect(row!.note).toBe('help me');
  });
});

describe('item 13: dates are bounded to years 2000–2100', () => {
  it('answers 400 (before any byte of the file) for an export from year 0', async () => {
    const res = await admin.call('GET', '/api/hazards/export?from=0000-01-01');
    expect(res.statusCode).toBe(400);
    expect(errorCode(res)).toBe('common.validation');
  });

  it('answers 400 for month 0456-02 and for +275760 instants', async () => {
    const month = await admin.call('GET', `/api/hazard-reports/monthly?schoolId=${school}&month=0456-02`);
    expect(month.statusCode).toBe(400);
    const drill = await admin.call('POST', '/api/drills', {
      schoolId: school,
      kind: 'evacuation',
      title: '疏散演练',
      scheduledAt: '+275760-09-13T00:00:00Z',
    });
    expect(drill.statusCode).toBe(400);
    const tasks = await admin.call('GET', `/api/tasks?schoolId=${school}&from=0000-01-01`);
    expect(tasks.statusCode).toBe(400);
  });
});

describe('item 17: numbers are decimals only', () => {
  it('refuses page=0x10 and page=" " instead of reading 16 and 0', async () => {
    for (const page of ['0x10', '%20', '1e1', ''])
      expect((await admin.call('GET', `/api/places?schoolId=${school}&page=${page}`)).statusCode, page).toBe(
        400,
      );
    expect((await admin.call('GET', `/api/places?schoolId=${school}&page=2`)).statusCode).toBe(200);
  });
});

describe('item 13: an unknown referenced id is a 4xx naming the field', () => {
  it('raises an SOS at an unknown place without the place', async () => {
    const res = await student.call('POST', '/api/alarms/sos', {
      idempotencyKey: 'sos-place-00001',
      placeId: UNKNOWN_ID,
    });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await rt.kernel.db
      .select({ placeId: incidents.placeId })
      .from(incidents)
      .where(eq(incidents.id, res.json<{ id: string }>().id));
    expect(row!.placeId).toBeNull();
  });

  it('answers 400 with the field for a manual alarm and a device at an unknown place', async () => {
    const alarm = await admin.call('POST', '/api/alarms', {
      schoolId: school,
      idempotencyKey: 'manual-place-0001',
      alarmClass: 'medical',
      placeId: UNKNOWN_ID,
    });
    expect(alarm.statusCode, alarm.body).toBe(400);
    expect(alarm.json()).toMatchObject({
      error: { code: 'common.unknown_reference', details: { field: 'placeId' } },
    });
    const device = await admin.call('POST', '/api/alarm-devices', {
      schoolId: school,
      code: 'EDGE-UNKNOWN-PLACE',
      name: '测试',
      kind: 'gate',
      alarmClass: 'police',
      placeId: UNKNOWN_ID,
    });
    expect(device.statusCode, device.body).toBe(400);
    expect(errorCode(device)).toBe('common.unknown_reference');
  });

  it('answers 409 for deleting a grid that has task instances', async () => {
    await rt.services.tasks.generate();
    const [leaf] = await rt.kernel.db
      .selectDistinct({ id: taskInstances.gridId })
      .from(taskInstances)
      .innerJoin(grids, eq(grids.id, taskInstances.gridId))
      .where(sql`${grids.id} not in (select parent_id from grids where parent_id is not null)`)
      .limit(1);
    expect(leaf, 'a leaf grid with task instances').toBeTruthy();
    const res = await admin.call('DELETE', `/api/grids/${leaf!.id}`);
    expect(res.statusCode, res.body).toBe(409);
    expect(errorCode(res)).toBe('common.in_use');
    expect(await rt.kernel.db.select({ n: count() }).from(grids).where(eq(grids.id, leaf!.id))).toEqual([
      { n: 1 },
    ]);
  });

  it('maps the database’s own data errors to 400 on this engine', async () => {
    let caught: unknown;
    try {
      await rt.kernel.db.execute(sql`select 'x'::int`);
    } catch (err) {
      caught = err;
    }
    expect(dbErrorToAppError(caught)).toMatchObject({ status: 400, details: { problem: 'bad_value' } });
    try {
      await rt.kernel.db.execute(sql`select '0000-01-01'::date`);
    } catch (err) {
      caught = err;
    }
    expect(dbErrorToAppError(caught)?.status).toBe(400);
  });
});

describe('item 13: constraint errors of the engine become 4xx naming the field', () => {
  it('maps unique, foreign-key (both ways) and not-null violations', async () => {
    const db = rt.kernel.db;
    const fail = async (q: ReturnType<typeof sql>) => {
      try {
        await db.execute(q);
      } catch (err) {
        return dbErrorToAppError(err);
      }
      throw new Error('expected the statement to fail');
    };
    await db.execute(sql`create table edge_parent (id int primary key, code text not null unique)`);
    await db.execute(
      sql`create table edge_child (id int primary key, parent_id int references edge_parent(id))`,
    );
    await db.execute(sql`insert into edge_parent values (1, 'a')`);
    await db.execute(sql`insert into edge_child values (1, 1)`);
    expect(await fail(sql`insert into edge_parent values (2, 'a')`)).toMatchObject({
      status: 409,
      code: 'common.duplicate',
      details: { field: 'code' },
    });
    expect(await fail(sql`insert into edge_child values (2, 9)`)).toMatchObject({
      status: 400,
      code: 'common.unknown_reference',
      details: { field: 'parentId' },
    });
    expect(await fail(sql`delete from edge_parent where id = 1`)).toMatchObject({
      status: 409,
      code: 'common.in_use',
    });
    expect(await fail(sql`insert into edge_parent values (3, null)`)).toMatchObject({
      status: 400,
      details: { field: 'code' },
    });
    await db.execute(sql`drop table edge_child`);
    await db.execute(sql`drop table edge_parent`);
  });
});

describe('item 13: framework 4xx keep their status with the house body', () => {
  it('answers malformed JSON 400, a wrong content type 415 and an oversized body 413', async () => {
    const post = (payload: string, type: string) =>
      rt.app.inject({
        method: 'POST',
        url: '/api/alarms',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': type },
        payload,
      });
    const malformed = await post('{"schoolId":', 'application/json');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toHaveProperty('error.code');
    expect((await post('<a/>', 'application/xml')).statusCode).toBe(415);
    const big = await post(JSON.stringify({ note: 'x'.repeat(1_100_000) }), 'application/json');
    expect(big.statusCode).toBe(413);
    expect(big.json()).toHaveProperty('error.code');
  });
});

describe('item 13: malformed multipart is a 4xx with the house body', () => {
  it('answers 4xx for a multipart body without a boundary and one that ends early', async () => {
    const noBoundary = await rt.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'multipart/form-data' },
      payload: 'hello',
    });
    expect(noBoundary.statusCode, noBoundary.body).toBeGreaterThanOrEqual(400);
    expect(noBoundary.statusCode).toBeLessThan(500);
    expect(noBoundary.json()).toHaveProperty('error.code');
    const early = await rt.app.inject({
      method: 'POST',
      url: '/api/files',
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
        'content-type': 'multipart/form-data; boundary=XyZ',
      },
      payload:
        '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n\x89PNG',
    });
    expect(early.statusCode, early.body).toBe(400);
    expect(early.json()).toHaveProperty('error.code');
    const importEarly = await rt.app.inject({
      method: 'POST',
      url: `/api/imports?kind=students&schoolId=${school}`,
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrf,
        'content-type': 'multipart/form-data; boundary=XyZ',
      },
      payload: '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK',
    });
    expect(importEarly.statusCode, importEarly.body).toBeGreaterThanOrEqual(400);
    expect(importEarly.statusCode).toBeLessThan(500);
  });
});

describe('item 14: devices cannot be enumerated or hammered', () => {
  const send = (code: string, secret = 'f'.repeat(64), ip = '198.51.100.7') => {
    const body = '{"mode":"real"}';
    const ts = String(Math.floor(rt.clock.now().getTime() / 1000));
    const key = `k-${Math.random().toString(36).slice(2, 12)}`;
    return rt.app.inject({
      method: 'POST',
      url: `/api/devices/${code}/alarm`,
      remoteAddress: ip,
      headers: {
        'content-type': 'application/json',
        'x-anxiao-timestamp': ts,
        'x-anxiao-signature': signDeviceRequest(secret, ts, key, body),
        'idempotency-key': key,
      },
      payload: body,
    });
  };

  it('answers an unknown device exactly like a known one with a wrong signature', async () => {
    const reg = await admin.call('POST', '/api/alarm-devices', {
      schoolId: school,
      code: 'EDGE-GATE-1',
      name: '边门',
      kind: 'gate',
      alarmClass: 'police',
    });
    expect(reg.statusCode, reg.body).toBe(201);
    const known = await send('EDGE-GATE-1');
    const unknown = await send('EDGE-NO-SUCH');
    expect(known.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual(known.json());
  });

  it('limits requests per device code and per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 61; i++)
      codes.push((await send('EDGE-HAMMER', undefined, '198.51.100.8')).statusCode);
    expect(codes.slice(0, 60).every((c) => c === 401)).toBe(true);
    expect(codes[60]).toBe(429);
    let last = 0;
    for (let i = 0; i < 601; i++) last = (await send(`EDGE-SCAN-${i}`, undefined, '198.51.100.9')).statusCode;
    expect(last).toBe(429);
    // Another address is not held back by the scanner.
    expect((await send('EDGE-OTHER', undefined, '198.51.100.10')).statusCode).toBe(401);
  });
});

describe('item 14: CSP names only this host for WebSockets', () => {
  it('has no bare ws: or wss: in connect-src', async () => {
    const res = await rt.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { host: 'school.example:3000' },
    });
    const csp = String(res.headers['content-security-policy']);
    const connect = /connect-src ([^;]*)/.exec(csp)![1]!.split(' ');
    expect(connect).toEqual(["'self'", 'ws://school.example:3000', 'wss://school.example:3000']);
  });
});

describe('item 14: demo mode never starts by accident on a real install', () => {
  const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-demo-'));

  it('is on for a fresh data directory, off for one that holds a database, unless a demo made it', () => {
    const fresh = tmp();
    expect(loadConfig({ DATA_DIR: fresh }).demo).toBe(true);
    expect(
      loadConfig({ DATA_DIR: fresh, ANXIAO_DEMO: 'false', ANXIAO_SECRET_KEY: 'ab'.repeat(32) }).demo,
    ).toBe(false);
    const real = tmp();
    fs.mkdirSync(path.join(real, 'db'));
    fs.writeFileSync(path.join(real, 'db', 'PG_VERSION'), '17\n');
    expect(() => loadConfig({ DATA_DIR: real })).toThrow(/ANXIAO_SECRET_KEY/);
    expect(loadConfig({ DATA_DIR: real, ANXIAO_SECRET_KEY: 'ab'.repeat(32) }).demo).toBe(false);
    expect(loadConfig({ DATA_DIR: real, ANXIAO_DEMO: 'true' }).demo).toBe(true);
    // A data directory a demo made holds the demo's generated key: it stays a demo.
    fs.writeFileSync(path.join(real, 'secret.key'), 'ab'.repeat(32));
    expect(loadConfig({ DATA_DIR: real }).demo).toBe(true);
    for (const d of [fresh, real]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('`anxiao serve --production` refuses to start in demo mode', () => {
    const dir = tmp();
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', DATA_DIR: dir };
    const r = spawnSync(
      process.execPath,
      [path.resolve(import.meta.dirname, '../../bin/anxiao.js'), 'serve', '--production'],
      { env, encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('refuses to start in demo mode');
    expect(fs.existsSync(path.join(dir, 'db'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
