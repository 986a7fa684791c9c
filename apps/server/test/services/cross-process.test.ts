/**
 * Two API processes on one PostgreSQL and one NATS JetStream, as in production behind a load
 * balancer: what is caused through one process reaches WebSocket clients of the other, and a
 * client that was away resumes from the last event it saw, on either process.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/app/runtime.js';
import { loadAppConfig } from '../../src/app/config.js';
import { seedDemo } from '../../src/demo/seed.js';
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

let a: ServerProcess;
let b: ServerProcess;
let dropDb: () => Promise<void>;
let classId: string;

beforeAll(async () => {
  const fresh = await freshDatabase();
  dropDb = fresh.drop;
  const config = loadAppConfig({
    DATABASE_URL: fresh.url!,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'warn',
    DATA_DIR: '/tmp/anxiao-xproc',
  });
  const rt = await createRuntime({ config, database: fresh.database });
  await seedDemo(rt.kernel, { students: 50 });
  classId = (await findOrgByCode(rt.kernel.db, 'DYVTC-C01-2401'))!.id;
  await rt.close();
  const env = {
    DATABASE_URL: fresh.url!,
    NATS_URL,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    ANXIAO_DEMO: 'false',
    DATA_DIR: '/tmp/anxiao-xproc',
  };
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await dropDb?.();
});

async function createUser(base: string, username: string) {
  const admin = await httpLogin(base, 'school.admin');
  const r = await admin.post('/api/users', {
    username,
    displayName: `跨进程${username}`,
    orgId: classId,
    password: 'Cross2026ab',
    roles: [{ orgId: classId, role: 'grid_worker' }],
  });
  expect(r.status).toBe(201);
}

describe('two API processes on PostgreSQL + NATS', () => {
  it('both run on the real services', async () => {
    for (const p of [a, b]) {
      const h = (await (await fetch(`${p.base}/api/health`)).json()) as { database: string; bus: string };
      expect(h).toMatchObject({ database: 'postgres', bus: 'nats' });
    }
  });

  it('a WebSocket client on B receives an event caused through A', async () => {
    const onB = await httpLogin(b.base, 'grid.center');
    const ws = await WsClient.connect(b.base, onB.cookie);
    await ws.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
    await createUser(a.base, 'xp.one');
    await ws.waitFor((w) => w.events('user.created').some((e) => e.payload.username === 'xp.one'));
    await ws.close();
  });

  it('a client that disconnects and reconnects gets what it missed, on either process', async () => {
    const s = await httpLogin(b.base, 'school.admin');
    const ws = await WsClient.connect(b.base, s.cookie);
    await createUser(a.base, 'xp.two');
    await ws.waitFor((w) => w.events('user.created').some((e) => e.payload.username === 'xp.two'));
    const last = ws.lastSeq;
    await ws.close();

    await createUser(a.base, 'xp.three');
    await createUser(b.base, 'xp.four');
    // the relay publishes within its poll interval; give it time before reconnecting
    await new Promise((r) => setTimeout(r, 1500));

    for (const p of [b, a]) {
      const again = await WsClient.connect(p.base, s.cookie, last);
      await again.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
      expect(again.events('user.created').map((e) => e.payload.username)).toEqual(['xp.three', 'xp.four']);
      await again.close();
    }
  });
});
