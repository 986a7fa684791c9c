/**
 * The actor cache across nodes (decision 0016), with two API processes on PostgreSQL + NATS: a
 * session one node has cached is signed out, disabled or given new roles through the other node,
 * and the first node stops honouring it at once — its socket is closed and its next request sees
 * the change, although the cache would have kept the old actor for a minute.
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

type Login = Awaited<ReturnType<typeof httpLogin>>;

let dropDb: () => Promise<void>;
let a: ServerProcess;
let b: ServerProcess;
let classId: string;

beforeAll(async () => {
  const fresh = await freshDatabase();
  dropDb = fresh.drop;
  const dataDir = '/tmp/anxiao-actor-revocation';
  const config = loadAppConfig({
    DATABASE_URL: fresh.url!,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
  });
  const rt = await createRuntime({ config, database: fresh.database });
  await seedDemo(rt.kernel, { students: 20 });
  classId = (await findOrgByCode(rt.kernel.db, 'DYVTC-C01'))!.id;
  await rt.close();
  const env = {
    DATABASE_URL: fresh.url!,
    NATS_URL: NATS_URL,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    ANXIAO_DEMO: 'false',
    DATA_DIR: dataDir,
  };
  [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await dropDb?.();
});

function call(base: string, s: Login, method: string, url: string, body?: unknown) {
  return fetch(`${base}${url}`, {
    method,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** A new grid worker of the class, signed in on node A with a password of their own. */
async function newUser(admin: Login, username: string): Promise<{ id: string; login: Login }> {
  const r = await call(a.base, admin, 'POST', '/api/users', {
    username,
    displayName: `测试${username}`,
    orgId: classId,
    password: 'Start2026abc',
    roles: [{ orgId: classId, role: 'grid_worker' }],
  });
  expect(r.status).toBe(201);
  const { id } = (await r.json()) as { id: string };
  const first = await httpLogin(a.base, username, 'Start2026abc');
  const changed = await call(a.base, first, 'POST', '/api/auth/password', {
    currentPassword: 'Start2026abc',
    newPassword: 'Own-choice-2026',
  });
  expect(changed.status).toBe(204);
  return { id, login: first };
}

/** Node B resolves the session (and caches it) and holds a console open for it. */
async function watchedOnB(s: Login): Promise<WsClient> {
  expect((await call(b.base, s, 'GET', '/api/auth/me')).status).toBe(200);
  const ws = await WsClient.connect(b.base, s.cookie);
  await ws.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
  return ws;
}

describe('a session cached on one node, changed through another', () => {
  it('signed out on A: B closes its console and refuses the session at once', async () => {
    const s = await httpLogin(a.base, 'guard');
    const ws = await watchedOnB(s);
    expect((await call(a.base, s, 'POST', '/api/auth/logout')).status).toBe(204);
    await ws.waitFor((w) => w.closeCode !== null, 5_000);
    expect(ws.closeCode).toBe(4401);
    expect((await call(b.base, s, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('disabled on A: B closes the console and refuses the session at once', async () => {
    const admin = await httpLogin(a.base, 'school.admin');
    const u = await newUser(admin, 'rev.disabled');
    const ws = await watchedOnB(u.login);
    expect((await call(a.base, admin, 'PATCH', `/api/users/${u.id}`, { status: 'disabled' })).status).toBe(
      200,
    );
    await ws.waitFor((w) => w.closeCode !== null, 5_000);
    expect(ws.closeCode).toBe(4401);
    expect((await call(b.base, u.login, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('new roles on A: B closes the console to re-scope it and answers with the new roles', async () => {
    const admin = await httpLogin(a.base, 'school.admin');
    const u = await newUser(admin, 'rev.roles');
    const ws = await watchedOnB(u.login);
    const put = await call(a.base, admin, 'PUT', `/api/users/${u.id}/roles`, {
      roles: [{ orgId: classId, role: 'guard' }],
    });
    expect(put.status).toBe(200);
    await ws.waitFor((w) => w.closeCode !== null, 5_000);
    expect(ws.closeCode).toBe(4409);
    const me = (await (await call(b.base, u.login, 'GET', '/api/auth/me')).json()) as {
      user: { memberships: { role: string }[] };
    };
    expect(me.user.memberships.map((m) => m.role)).toEqual(['guard']);
  });
});
