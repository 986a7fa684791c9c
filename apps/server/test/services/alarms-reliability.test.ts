/**
 * The alarm path under failure, with real processes on PostgreSQL + NATS: a burst of presses while
 * the process taking them is killed with SIGKILL, and an alarm sent to one process ringing a
 * console connected to another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createRuntime } from '../../src/app/runtime.js';
import { loadAppConfig } from '../../src/app/config.js';
import { systemActor } from '../../src/kernel/access/index.js';
import { seedDemo } from '../../src/demo/seed.js';
import { signDeviceRequest } from '../../src/modules/alarms/index.js';
import { findOrgByCode } from '../../src/modules/orgs/index.js';
import { freshDatabase } from '../support/database.js';
import { httpLogin, startServerProcess, type ServerProcess } from '../support/process.js';
import { TEST_SECRET } from '../support/runtime.js';
import { WsClient } from '../support/ws.js';

const { DATABASE_URL, NATS_URL } = process.env;
if (!DATABASE_URL || !NATS_URL) {
  throw new Error(
    'The services suite needs DATABASE_URL (PostgreSQL) and NATS_URL (NATS with JetStream); .ci/run sets both.',
  );
}

const CODE = 'RELIABILITY-GATE';
let env: Record<string, string>;
let dbUrl: string;
let secret: string;
let dropDb: () => Promise<void>;
const processes: ServerProcess[] = [];

beforeAll(async () => {
  const fresh = await freshDatabase();
  dropDb = fresh.drop;
  dbUrl = fresh.url!;
  const config = loadAppConfig({
    DATABASE_URL: dbUrl,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'warn',
    DATA_DIR: '/tmp/anxiao-alarms-rel',
  });
  const rt = await createRuntime({ config, database: fresh.database });
  await seedDemo(rt.kernel, { students: 50 });
  const school = (await findOrgByCode(rt.kernel.db, 'DYVTC'))!;
  const reg = await rt.services.alarms.registerDevice(systemActor('test'), {
    schoolId: school.id,
    code: CODE,
    name: '可靠性测试报警器',
    kind: 'gate',
    alarmClass: 'police',
  });
  secret = reg.secret;
  await rt.close();
  env = {
    // A burst of 1,000 presses from one device is this test's load, not an attack.
    ALARM_DEVICE_RATE_PER_DEVICE: '100000',
    ALARM_DEVICE_RATE_PER_ADDRESS: '100000',
    DATABASE_URL: dbUrl,
    NATS_URL: NATS_URL,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    ANXIAO_DEMO: 'false',
    DATA_DIR: '/tmp/anxiao-alarms-rel',
  };
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await dropDb?.();
});

async function start(): Promise<ServerProcess> {
  const p = await startServerProcess(env);
  processes.push(p);
  return p;
}

/** One press as the device sends it; resolves to the key if the server answered 2xx. */
async function press(base: string, key: string): Promise<{ key: string; id: string } | null> {
  const body = JSON.stringify({ mode: 'real' });
  const ts = String(Math.floor(Date.now() / 1000));
  try {
    const r = await fetch(`${base}/api/devices/${CODE}/alarm`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-anxiao-timestamp': ts,
        'x-anxiao-signature': signDeviceRequest(secret, ts, key, body),
        'idempotency-key': key,
      },
      body,
    });
    if (r.status !== 200 && r.status !== 201) return null;
    return { key, id: ((await r.json()) as { id: string }).id };
  } catch {
    return null;
  }
}

async function incidentsByKey(): Promise<Map<string, number>> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  const r = await c.query<{ idempotency_key: string; n: string }>(
    `select idempotency_key, count(*) as n from incidents where source = 'device' group by idempotency_key`,
  );
  await c.end();
  return new Map(r.rows.map((x) => [x.idempotency_key, Number(x.n)]));
}

describe('the alarm path under failure', () => {
  it('kill -9 during a burst of 1,000 presses: every press that got a 2xx exists once and reaches a console', async () => {
    const a = await start();
    const b = await start();
    const admin = await httpLogin(b.base, 'school.admin');
    const console = await WsClient.connect(b.base, admin.cookie);
    await console.waitFor((w) => w.messages.some((m) => m.type === 'ready'));

    const keys = Array.from({ length: 1000 }, (_, i) => `burst-${String(i).padStart(4, '0')}`);
    const answered: { key: string; id: string }[] = [];
    let next = 0;
    let killed = false;
    const worker = async () => {
      while (next < keys.length) {
        const key = keys[next++]!;
        const r = await press(a.base, key);
        if (r) answered.push(r);
        if (!killed && answered.length >= 300) {
          killed = true;
          a.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    expect(killed).toBe(true);
    expect(answered.length).toBeGreaterThanOrEqual(300);
    expect(answered.length).toBeLessThan(1000);

    // The process comes back (as a supervisor would restart it).
    const a2 = await start();
    const stored = await incidentsByKey();
    for (const r of answered) expect({ key: r.key, n: stored.get(r.key) }).toEqual({ key: r.key, n: 1 });
    // Every answered alarm rings the console on the other process.
    const ids = new Set(answered.map((r) => r.id));
    await console.waitFor(
      (w) => [...ids].every((id) => w.events('incident.raised').some((e) => e.payload.id === id)),
      30_000,
    );

    // Devices retry what was not answered: afterwards every press exists exactly once.
    const rest = keys.filter((k) => !answered.some((r) => r.key === k));
    for (let i = 0; i < rest.length; i += 20) {
      const batch = await Promise.all(rest.slice(i, i + 20).map((k) => press(a2.base, k)));
      expect(batch.every(Boolean)).toBe(true);
    }
    const all = await incidentsByKey();
    expect(all.size).toBe(1000);
    expect([...all.values()].every((n) => n === 1)).toBe(true);
    await console.close();
  }, 180_000);

  it('an alarm sent to one process rings a console connected to another', async () => {
    const [p, q] = processes
      .filter((x) => x.child.exitCode === null && x.child.signalCode === null)
      .slice(0, 2);
    const police = await httpLogin(q!.base, 'police');
    const console = await WsClient.connect(q!.base, police.cookie);
    await console.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
    const r = await press(p!.base, 'cross-process-0001');
    expect(r).not.toBeNull();
    await console.waitFor((w) => w.events('incident.raised').some((e) => e.payload.id === r!.id), 10_000);
    await console.close();
  }, 60_000);
});
