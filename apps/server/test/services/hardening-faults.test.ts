/**
 * The alarm path under faults (issue 13, items 21–24), with real server processes on PostgreSQL and
 * brokers of the test's own: a NATS restart must not silence the consoles, a database outage must
 * neither stop MQTT intake nor answer 500, and a broker that forgot this server's session must be
 * reported in the log.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/app/runtime.js';
import { loadAppConfig } from '../../src/app/config.js';
import { systemActor } from '../../src/kernel/access/index.js';
import { seedDemo } from '../../src/demo/seed.js';
import { signDeviceRequest } from '../../src/modules/alarms/index.js';
import { findOrgByCode } from '../../src/modules/orgs/index.js';
import { privateMosquitto, privateNats } from '../support/brokers.js';
import { freshDatabase } from '../support/database.js';
import { httpLogin, startServerProcess, type ServerProcess } from '../support/process.js';
import { tcpProxy } from '../support/proxy.js';
import { TEST_SECRET } from '../support/runtime.js';
import { WsClient } from '../support/ws.js';

const { DATABASE_URL } = process.env;
if (!DATABASE_URL) {
  throw new Error('The services suite needs DATABASE_URL (PostgreSQL); .ci/run sets it.');
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A fresh PostgreSQL database with the demo district and one registered gate button. */
async function seededDatabase(code: string) {
  const fresh = await freshDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-faults-'));
  const config = loadAppConfig({
    DATABASE_URL: fresh.url!,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
  });
  const rt = await createRuntime({ config, database: fresh.database });
  await seedDemo(rt.kernel, { students: 20 });
  const school = (await findOrgByCode(rt.kernel.db, 'DYVTC'))!;
  const reg = await rt.services.alarms.registerDevice(systemActor('test'), {
    schoolId: school.id,
    code,
    name: '故障测试报警器',
    kind: 'gate',
    alarmClass: 'police',
  });
  await rt.close();
  cleanups.push(async () => {
    await fresh.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const env = {
    DATABASE_URL: fresh.url!,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    ANXIAO_DEMO: 'false',
    DATA_DIR: dataDir,
  };
  return { url: fresh.url!, secret: reg.secret, env };
}

async function serverProcess(env: Record<string, string>): Promise<ServerProcess> {
  const p = await startServerProcess(env);
  cleanups.push(() => p.stop());
  return p;
}

/** The body a device signs: the same envelope over HTTP and MQTT. */
function signed(secret: string, key: string) {
  const body = JSON.stringify({ mode: 'real' });
  const ts = String(Math.floor(Date.now() / 1000));
  return { body, ts, key, sig: signDeviceRequest(secret, ts, key, body) };
}

/** One press over HTTP; the incident's id once the server answered 2xx. */
async function pressHttp(base: string, code: string, secret: string, key: string): Promise<string> {
  const s = signed(secret, key);
  const r = await fetch(`${base}/api/devices/${code}/alarm`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-anxiao-timestamp': s.ts,
      'x-anxiao-signature': s.sig,
      'idempotency-key': key,
    },
    body: s.body,
  });
  expect(r.status, await r.clone().text()).toBeLessThan(300);
  return ((await r.json()) as { id: string }).id;
}

/** How many incidents each device press key made, read straight from the database. */
async function storedKeys(url: string): Promise<Map<string, number>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ idempotency_key: string; n: string }>(
      `select idempotency_key, count(*) as n from incidents where source = 'device' group by idempotency_key`,
    );
    return new Map(r.rows.map((x) => [x.idempotency_key, Number(x.n)]));
  } finally {
    await c.end();
  }
}

describe('a NATS restart (item 21)', () => {
  it('an alarm raised once NATS is back rings a console on the other process within 5 s', async () => {
    const code = 'FAULT-NATS-GATE';
    const db = await seededDatabase(code);
    const nats = await privateNats();
    cleanups.push(() => nats.dispose());
    const env = { ...db.env, NATS_URL: nats.url };
    const [a, b] = await Promise.all([serverProcess(env), serverProcess(env)]);
    const police = await httpLogin(b.base, 'police');
    const console_ = await WsClient.connect(b.base, police.cookie);
    cleanups.push(() => console_.close());
    await console_.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
    const heard = (id: string) => (w: WsClient) =>
      w.events('incident.raised').some((e) => e.payload.id === id);
    // The path works before the fault.
    const first = await pressHttp(a.base, code, db.secret, 'nats-before-0001');
    await console_.waitFor(heard(first), 10_000);

    await nats.stop();
    // Stored while NATS is down (the answer does not wait for the bus), rung once it is back.
    const during = await pressHttp(a.base, code, db.secret, 'nats-down-0001');
    await sleep(2000);
    await nats.start();
    const back = Date.now();
    const after = await pressHttp(a.base, code, db.secret, 'nats-back-0001');

    await console_.waitFor(heard(after), 60_000);
    const afterMs = Date.now() - back;
    await console_.waitFor(heard(during), 60_000);
    const duringMs = Date.now() - back;
    console.log(
      `[item 21] NATS back → console on the other process heard the alarm raised after: ${afterMs} ms; ` +
        `the alarm raised while NATS was down: ${duringMs} ms`,
    );
    expect(afterMs).toBeLessThan(5000);
    expect(duringMs).toBeLessThan(5000);
    // Each alarm rang once on the console, not once per delivery path.
    for (const id of [first, during, after]) {
      expect(console_.events('incident.raised').filter((e) => e.payload.id === id)).toHaveLength(1);
    }
    await Promise.all([a.stop(), b.stop()]);
  }, 180_000);
});

describe('a database outage (items 22, 23, 24)', () => {
  const code = 'FAULT-MQTT-GATE';
  let db: Awaited<ReturnType<typeof seededDatabase>>;
  let proxy: Awaited<ReturnType<typeof tcpProxy>>;
  let mosquitto: Awaited<ReturnType<typeof privateMosquitto>>;
  let server: ServerProcess;
  let device: MqttClient;

  const publish = (key: string) => {
    const s = signed(db.secret, key);
    return device.publishAsync(
      `anxiao/devices/${code}/alarm`,
      JSON.stringify({ ts: s.ts, key, sig: s.sig, body: s.body }),
      { qos: 1 },
    );
  };

  it('starts one server whose database sits behind a proxy that can be cut', async () => {
    db = await seededDatabase(code);
    const u = new URL(db.url);
    proxy = await tcpProxy(u.hostname, Number(u.port || 5432));
    cleanups.push(() => proxy.close());
    // The package's default Mosquitto configuration: no persistence (item 23 restarts it).
    mosquitto = await privateMosquitto({ persistence: false });
    cleanups.push(() => mosquitto.dispose());
    server = await serverProcess({
      ...db.env,
      DATABASE_URL: proxy.url(db.url),
      MQTT_URL: mosquitto.url,
      MQTT_CLIENT_ID: `anxiao-faults-${process.pid}`,
    });
    device = await connectAsync(mosquitto.url, { clientId: `device-${code}`, clean: false });
    cleanups.push(() => device.endAsync(true));
    // The server subscribes shortly after it answers; probe until a press is stored.
    for (let i = 0; ; i++) {
      await publish(`probe-press-${i}`);
      await sleep(500);
      if ([...(await storedKeys(db.url)).keys()].some((k) => k.startsWith('probe-'))) break;
      if (i > 60) throw new Error(`the server never stored an MQTT press:\n${server.output()}`);
    }
  }, 180_000);

  it('item 22: presses sent during and after a 6 s outage are all stored, once, within seconds of its end', async () => {
    proxy.cut();
    const keys: string[] = [];
    for (let i = 0; i < 6; i++) {
      const key = `outage-during-${i}`;
      keys.push(key);
      await publish(key);
      await sleep(1000);
    }
    proxy.restore();
    const restored = Date.now();
    for (let i = 0; i < 4; i++) {
      const key = `outage-after-${i}`;
      keys.push(key);
      await publish(key);
    }
    let stored = new Map<string, number>();
    while (!keys.every((k) => stored.has(k)) && Date.now() - restored < 90_000) {
      await sleep(200);
      stored = await storedKeys(db.url);
    }
    const ms = Date.now() - restored;
    console.log(`[item 22] database back → all ${keys.length} presses stored after ${ms} ms`);
    expect(
      keys.filter((k) => !stored.has(k)),
      `the server's log:\n${server.output().slice(-4000)}`,
    ).toEqual([]);
    expect(ms).toBeLessThan(10_000);
    expect(keys.filter((k) => stored.get(k) !== 1)).toEqual([]);
    // And intake goes on normally afterwards.
    await publish('outage-later-0');
    const t = Date.now();
    while (!(await storedKeys(db.url)).has('outage-later-0')) {
      expect(Date.now() - t).toBeLessThan(5000);
      await sleep(100);
    }
  }, 120_000);

  it('item 24: an outage answers 503 with Retry-After and the house error body; /api/ready says so, /api/health stays up', async () => {
    const admin = await httpLogin(server.base, 'school.admin');
    const incidents = () => fetch(`${server.base}/api/incidents`, { headers: { cookie: admin.cookie } });
    expect((await incidents()).status).toBe(200);
    expect((await fetch(`${server.base}/api/ready`)).status).toBe(200);

    proxy.cut();
    try {
      const r = await incidents();
      expect(r.status).toBe(503);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await r.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('common.unavailable');
      expect(body.error.message.length).toBeGreaterThan(0);

      const login = await fetch(`${server.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'guard', password: 'anxiao2026' }),
      });
      expect(login.status).toBe(503);
      expect(login.headers.get('retry-after')).not.toBeNull();

      const ready = await fetch(`${server.base}/api/ready`);
      expect(ready.status).toBe(503);
      expect(ready.headers.get('retry-after')).not.toBeNull();
      expect(((await ready.json()) as { error: { code: string } }).error.code).toBe('common.unavailable');
      expect((await fetch(`${server.base}/api/health`)).status).toBe(200);
    } finally {
      proxy.restore();
    }
    const t = Date.now();
    while ((await fetch(`${server.base}/api/ready`)).status !== 200) {
      expect(Date.now() - t).toBeLessThan(10_000);
      await sleep(200);
    }
    expect((await incidents()).status).toBe(200);
  }, 60_000);

  it('item 23: a broker that lost this server’s session (no persistence, restarted) is reported in the log', async () => {
    const warning = /broker did not resume this server's MQTT session/;
    expect(server.output()).not.toMatch(warning);
    await mosquitto.stop();
    await mosquitto.start();
    const t = Date.now();
    while (!warning.test(server.output())) {
      if (Date.now() - t > 20_000) throw new Error(`no warning in the server's log:\n${server.output()}`);
      await sleep(200);
    }
  }, 60_000);
});
