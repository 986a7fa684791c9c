import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createRuntime, type Runtime } from '../../src/app/runtime.js';
import { ManualClock } from '../../src/kernel/clock.js';
import { loadAppConfig } from '../../src/app/config.js';
import { createLogger } from '../../src/kernel/logger.js';
import { seedDemo } from '../../src/demo/seed.js';
import { DEMO_PASSWORD } from '../../src/demo/accounts.js';
import { freshDatabase } from './database.js';
import type { ChannelAdapter } from '../../src/kernel/notify/index.js';

export const TEST_SECRET = 'a'.repeat(64);

export interface TestRuntime extends Runtime {
  clock: ManualClock;
  dataDir: string;
  /** sign in through the API; returns what a browser would keep */
  login(username: string, password?: string): Promise<Session>;
  /** let outbox relay and consumers catch up */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
  /** an API call with this session (CSRF header included) */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
}

/**
 * A whole server (kernel, modules, HTTP) on a fresh database with the demo district loaded
 * (at a small scale), a manual clock, and no background loops unless started.
 */
export async function testRuntime(
  opts: {
    env?: Record<string, string>;
    students?: number;
    clock?: ManualClock;
    /** channel adapters in place of the configured providers' (notification centre tests) */
    channels?: ChannelAdapter[];
  } = {},
): Promise<TestRuntime> {
  const { database, drop } = await freshDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-test-'));
  const clock = opts.clock ?? new ManualClock(new Date());
  const config = loadAppConfig({
    DATA_DIR: dataDir,
    ANXIAO_DEMO: 'true',
    ANXIAO_SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Tests sign in far more often than people do; the rate-limit test sets its own limit.
    LOGIN_RATE_PER_MINUTE: '10000',
    // The demo's simulated devices would keep beating through tests of a device falling silent.
    ANXIAO_DEMO_DEVICES: 'false',
    ...opts.env,
  });
  const rt = await createRuntime({
    config,
    clock: clock,
    database,
    log: createLogger(config.LOG_LEVEL),
    channels: opts.channels,
  });
  await seedDemo(rt.kernel, { students: opts.students ?? 84 });
  await rt.app.ready();

  const login = async (username: string, password = DEMO_PASSWORD): Promise<Session> => {
    const res = await rt.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
    });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const sid = res.cookies.find((c) => c.name === 'anxiao_sid');
    const body = res.json<{ csrfToken: string; user: { id: string } }>();
    const cookie = `anxiao_sid=${sid!.value}`;
    return {
      cookie,
      csrf: body.csrfToken,
      userId: body.user.id,
      call: (method, url, payload) =>
        rt.app.inject({
          method,
          url,
          headers: { cookie, 'x-csrf-token': body.csrfToken },
          ...(payload === undefined ? {} : { payload: payload as object }),
        }),
    };
  };

  return {
    ...rt,
    clock,
    dataDir,
    login,
    async settle() {
      await rt.kernel.relay.nudge();
      // A run the bus woke may hold a consumer's cursor (PostgreSQL skips a locked one): wait for
      // that run, then drain what is left.
      await rt.kernel.consumers.nudge();
      await rt.kernel.consumers.drainAll();
    },
    async dispose() {
      await rt.close();
      await drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The id of a demo organisation by its code. */
export async function orgId(rt: Runtime, code: string): Promise<string> {
  const { findOrgByCode } = await import('../../src/modules/orgs/index.js');
  const o = await findOrgByCode(rt.kernel.db, code);
  if (!o) throw new Error(`no org ${code}`);
  return o.id;
}
