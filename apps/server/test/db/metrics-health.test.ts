import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/app/runtime.js';
import { loadAppConfig } from '../../src/app/config.js';
import { REPO_ROOT } from '../../src/app/paths.js';
import { openDatabase, rows } from '../../src/kernel/db.js';
import { newId } from '../../src/kernel/ids.js';
import { createLogger } from '../../src/kernel/logger.js';
import { freshDatabase } from '../support/database.js';
import { tcpProxy } from '../support/proxy.js';
import { TEST_SECRET, testRuntime, type TestRuntime } from '../support/runtime.js';
import { WsClient } from '../support/ws.js';

/** The metric names the README documents (its "Health and metrics" section). */
function documentedNames(): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Health and metrics'));
  return [...new Set([...section.matchAll(/^- `(anxiao_[a-z_]+)`/gm)].map((m) => m[1]!))];
}

/** value of one sample line, e.g. `anxiao_job_queue_depth{queue="heavy",state="due"}` */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let rt: TestRuntime;
  let base: string;
  beforeAll(async () => {
    rt = await testRuntime();
    rt.kernel.realtime.start();
    base = await rt.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => rt.dispose());

  it('exposes every documented name after traffic: routes by pattern, raise-to-ring, queue depth', async () => {
    const admin = await rt.login('school.admin');
    const console_ = await WsClient.connect(base, admin.cookie);
    await console_.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
    const student = await rt.login('student');
    const sos = await student.call('POST', '/api/alarms/sos', { idempotencyKey: 'metrics-sos-0001' });
    expect(sos.statusCode).toBe(201);
    const { id } = sos.json<{ id: string }>();
    await admin.call('GET', `/api/incidents/${id}`);
    await rt.settle();
    await console_.waitFor((w) => w.events('incident.raised').length === 1);
    await rt.kernel.jobs.enqueue(rt.kernel.db, 'imports.run', { importId: newId() });

    const res = await rt.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    const documented = documentedNames();
    expect(documented.length).toBeGreaterThanOrEqual(10);
    expect(documented.filter((n) => !exposed.has(n))).toEqual([]);
    // The shipped dashboard queries only what is exposed.
    const dashboard = fs.readFileSync(path.join(REPO_ROOT, 'deploy/grafana-anxiao.json'), 'utf8');
    const queried = new Set(
      [...dashboard.matchAll(/\b((?:anxiao|process|nodejs)_[a-z0-9_]+)/g)].map((m) =>
        m[1]!.replace(/_(bucket|count|sum)$/, ''),
      ),
    );
    expect([...queried].filter((n) => !exposed.has(n))).toEqual([]);

    expect(
      sample(
        text,
        'anxiao_http_request_duration_seconds_count{method="POST",route="/api/alarms/sos",status_code="201"}',
      ),
    ).toBe(1);
    // the route pattern, never the raw URL with the incident's id in it
    expect(text).toContain('route="/api/incidents/:id"');
    expect(text).not.toContain(id);
    expect(sample(text, 'anxiao_alarm_raise_to_ring_seconds_count')).toBe(1);
    expect(sample(text, 'anxiao_websocket_connections')).toBe(1);
    expect(sample(text, 'anxiao_job_queue_depth{queue="heavy",state="due"}')).toBe(1);
    expect(sample(text, 'anxiao_job_queue_depth{queue="urgent",state="waiting"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'anxiao_job_queue_oldest_due_seconds{queue="heavy"}')).toBe(0);
    expect(sample(text, 'anxiao_outbox_backlog')).toBe(0);
    expect(sample(text, 'anxiao_db_up')).toBe(1);
    expect(sample(text, 'anxiao_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);

    // The job waits: its age grows with the clock.
    rt.clock.advance(90_000);
    const later = (await rt.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(later, 'anxiao_job_queue_oldest_due_seconds{queue="heavy"}')).toBe(90);
    await console_.close();
    await new Promise((r) => setTimeout(r, 100));
    const closed = (await rt.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(closed, 'anxiao_websocket_connections')).toBe(0);
  });

  it('shows the platform administrator each queue at GET /api/system/queues, and nobody else', async () => {
    const sys = await rt.login('sysadmin');
    const res = await sys.call('GET', '/api/system/queues');
    expect(res.statusCode).toBe(200);
    const items = res.json<{ items: { queue: string; due: number; concurrency: number }[] }>().items;
    expect(items.map((q) => q.queue)).toEqual(['urgent', 'default', 'background', 'heavy']);
    expect(items.find((q) => q.queue === 'heavy')).toMatchObject({ due: 1, concurrency: 1 });
    const school = await rt.login('school.admin');
    expect((await school.call('GET', '/api/system/queues')).statusCode).toBe(403);
  });

  it('without METRICS_TOKEN answers only this machine, not through a proxy', async () => {
    const remote = await rt.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    expect(remote.json()).toMatchObject({ error: { code: 'access.forbidden' } });
    const proxied = await rt.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { 'x-forwarded-for': '127.0.0.1' },
    });
    expect(proxied.statusCode).toBe(403);
    expect(proxied.body).not.toContain('anxiao_');
  });
});

describe('/metrics with METRICS_TOKEN, and readiness', () => {
  let rt: TestRuntime;
  const token = 'scrape-token-0123456789';
  beforeAll(async () => {
    rt = await testRuntime({ env: { METRICS_TOKEN: token } });
  });
  afterAll(async () => rt.dispose());

  it('asks for the bearer token, even from this machine', async () => {
    const get = (headers: Record<string, string>, remoteAddress = '127.0.0.1') =>
      rt.app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });
    expect((await get({})).statusCode).toBe(403);
    expect((await get({ authorization: 'Bearer wrong-token-0123456789' })).statusCode).toBe(403);
    const ok = await get({ authorization: `Bearer ${token}` }, '10.1.2.3');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('anxiao_job_queue_depth');
  });

  it('is not ready while a shipped migration is missing, and live all the same', async () => {
    const [last] = await rows<{ id: number; hash: string; created_at: string }>(
      rt.kernel.db,
      sql`delete from drizzle.__drizzle_migrations
          where id = (select max(id) from drizzle.__drizzle_migrations) returning id, hash, created_at`,
    );
    expect(last).toBeDefined();
    const ready = await rt.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBeDefined();
    expect(ready.json()).toMatchObject({
      error: { code: 'common.unavailable', details: { database: 'up', bus: 'up', migrations: 'pending' } },
    });
    const live = await rt.app.inject({ method: 'GET', url: '/api/health/live' });
    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'live' });
    expect((await rt.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);

    // The upgrade finishes: the migration is recorded again.
    await rt.kernel.db.execute(
      sql`insert into drizzle.__drizzle_migrations (id, hash, created_at)
          values (${last!.id}, ${last!.hash}, ${last!.created_at})`,
    );
    const again = await rt.app.inject({ method: 'GET', url: '/api/health/ready' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ status: 'ready', database: 'up', bus: 'up', migrations: 'ok' });
  });
});

describe('/api/health/ready during a database outage', () => {
  it.skipIf(!process.env.DATABASE_URL)(
    'turns not ready while the database is unreachable, and ready again after',
    async () => {
      const { url, drop } = await freshDatabase();
      const proxy = await tcpProxy('127.0.0.1', Number(new URL(url!).port || 5432));
      const database = await openDatabase({ url: proxy.url(url!), poolSize: 3 });
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-test-'));
      const config = loadAppConfig({
        DATA_DIR: dataDir,
        DATABASE_URL: proxy.url(url!),
        ANXIAO_SECRET_KEY: TEST_SECRET,
        LOG_LEVEL: 'silent',
      });
      const rt = await createRuntime({ config, database, log: createLogger('silent') });
      try {
        await rt.app.ready();
        const ready = () => rt.app.inject({ method: 'GET', url: '/api/health/ready' });
        expect((await ready()).statusCode).toBe(200);
        proxy.cut();
        const down = await ready();
        expect(down.statusCode).toBe(503);
        expect(down.json()).toMatchObject({
          error: { details: { database: 'down', migrations: 'unknown' } },
        });
        expect((await rt.app.inject({ method: 'GET', url: '/api/health/live' })).statusCode).toBe(200);
        const scrape = await rt.app.inject({ method: 'GET', url: '/metrics' });
        expect(scrape.statusCode).toBe(200);
        expect(sample(scrape.body, 'anxiao_db_up')).toBe(0);
        proxy.restore();
        let status = 0;
        for (let i = 0; i < 50 && status !== 200; i++) {
          status = (await ready()).statusCode;
          if (status !== 200) await new Promise((r) => setTimeout(r, 200));
        }
        expect(status).toBe(200);
      } finally {
        proxy.restore();
        await rt.close();
        await database.close();
        await proxy.close();
        await drop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
});
