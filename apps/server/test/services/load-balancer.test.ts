/**
 * Two API nodes and one worker on PostgreSQL + NATS behind Debian's nginx, configured from the
 * shipped deploy/nginx.conf: sign-in, files and WebSockets go through the balancer; an upload
 * taken by one node is served by the other; one API node is killed and its consoles reconnect
 * through the other, resuming with no gap and no duplicate; jobs keep running on the worker.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRuntime } from '../../src/app/runtime.js';
import { loadAppConfig } from '../../src/app/config.js';
import { rows, type Database } from '../../src/kernel/db.js';
import { seedDemo } from '../../src/demo/seed.js';
import { findOrgByCode } from '../../src/modules/orgs/index.js';
import { freshDatabase } from '../support/database.js';
import { PNG } from '../support/files.js';
import { startNginx } from '../support/nginx.js';
import { httpLogin, startServerProcess, type ServerProcess } from '../support/process.js';
import { TEST_SECRET } from '../support/runtime.js';
import { WsClient } from '../support/ws.js';

const { DATABASE_URL, NATS_URL } = process.env;
if (!DATABASE_URL || !NATS_URL)
  throw new Error('The services suite needs DATABASE_URL and NATS_URL; .ci/run sets both.');

let a: ServerProcess;
let b: ServerProcess;
let worker: ServerProcess;
let lb: Awaited<ReturnType<typeof startNginx>>;
let database: Database;
let dropDb: () => Promise<void>;
let classId: string;
let schoolId: string;

beforeAll(async () => {
  const fresh = await freshDatabase();
  ({ database } = fresh);
  dropDb = fresh.drop;
  const config = loadAppConfig({
    DATABASE_URL: fresh.url!,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'warn',
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-lb-seed-')),
  });
  const rt = await createRuntime({ config, database: fresh.database });
  await seedDemo(rt.kernel, { students: 50 });
  classId = (await findOrgByCode(rt.kernel.db, 'DYVTC-C01-2401'))!.id;
  schoolId = (await findOrgByCode(rt.kernel.db, 'DYVTC'))!.id;
  await rt.close();
  const env = (roles: string) => ({
    DATABASE_URL: fresh.url!,
    NATS_URL,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    ANXIAO_DEMO: 'false',
    ANXIAO_ROLES: roles,
    TRUST_PROXY: 'true',
    ALARM_ESCALATION_SECONDS: '10',
    // Each node its own data folder: nothing is shared through a local disk.
    DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-lb-node-')),
  });
  [a, b, worker] = await Promise.all([
    startServerProcess(env('api,realtime')),
    startServerProcess(env('api,realtime')),
    startServerProcess(env('worker')),
  ]);
  lb = await startNginx([a.base, b.base]);
}, 180_000);

afterAll(async () => {
  await lb?.stop();
  await Promise.all([a?.stop(), b?.stop(), worker?.stop()]);
  await dropDb?.();
});

async function upload(base: string, s: { cookie: string; csrf: string }) {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'photo.png');
  return fetch(`${base}/api/files?orgId=${schoolId}`, {
    method: 'POST',
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: form,
  });
}

let made = 0;
async function createUser(base: string, admin: Awaited<ReturnType<typeof httpLogin>>) {
  const username = `lb.user${++made}`;
  const r = await admin.post('/api/users', {
    username,
    displayName: `负载均衡${made}`,
    orgId: classId,
    password: 'Balance2026ab',
    roles: [{ orgId: classId, role: 'grid_worker' }],
  });
  expect(r.status, await r.clone().text()).toBe(201);
  return username;
}

it('serves sign-in, shared files, WebSockets and jobs through nginx, and survives losing a node', async () => {
  // Sign-in through the balancer; the session works on either node.
  const admin = await httpLogin(lb.base, 'school.admin');
  for (const node of [a, b])
    expect((await fetch(`${node.base}/api/auth/me`, { headers: { cookie: admin.cookie } })).status).toBe(200);

  // An upload taken by A is downloaded from B, and through the balancer.
  const up = await upload(a.base, admin);
  expect(up.status, await up.clone().text()).toBe(201);
  const { id } = (await up.json()) as { id: string };
  for (const base of [b.base, lb.base]) {
    const down = await fetch(`${base}/api/files/${id}`, { headers: { cookie: admin.cookie } });
    expect(down.status).toBe(200);
    expect(Buffer.from(await down.arrayBuffer())).toEqual(PNG);
  }

  // Consoles through the balancer (round robin puts some on each node).
  const consoles = await Promise.all([0, 1, 2, 3].map(() => WsClient.connect(lb.base, admin.cookie)));
  for (const c of consoles) await c.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
  const before = [await createUser(lb.base, admin), await createUser(lb.base, admin)];
  for (const c of consoles)
    await c.waitFor((w) =>
      before.every((u) => w.events('user.created').some((e) => e.payload.username === u)),
    );

  // A dies without warning; its consoles lose their sockets.
  a.child.kill('SIGKILL');
  await Promise.all(
    consoles.map((c) => c.waitFor((w) => w.closeCode !== null, 3_000).catch(() => undefined)),
  );
  const dropped = consoles.filter((c) => c.closeCode !== null);
  expect(dropped.length).toBeGreaterThan(0);
  expect(dropped.length).toBeLessThan(consoles.length);

  // Events caused while they are away, through the balancer (now only B answers).
  const during = [await createUser(lb.base, admin), await createUser(lb.base, admin)];
  const resumed = await Promise.all(
    dropped.map((c) => WsClient.connect(lb.base, admin.cookie, c.lastSeq).then((n) => ({ old: c, n }))),
  );
  const after = [await createUser(lb.base, admin)];
  const all = [...before, ...during, ...after];
  for (const { old, n } of resumed) {
    await n.waitFor((w) => w.events('user.created').some((e) => e.payload.username === after[0]), 15_000);
    const seen = [...old.events('user.created'), ...n.events('user.created')];
    // No gap, no duplicate: every user once, in order, by sequence number.
    expect(seen.map((e) => e.payload.username)).toEqual(all);
    const seqs = seen.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  }
  for (const c of consoles.filter((x) => x.closeCode === null))
    await c.waitFor((w) => all.every((u) => w.events('user.created').some((e) => e.payload.username === u)));

  // Jobs keep running on the worker: an SOS raised through the balancer escalates on time.
  const student = await httpLogin(lb.base, 'student');
  const sos = await student.post('/api/alarms/sos', { idempotencyKey: 'load-balancer-sos-1' });
  expect(sos.status, await sos.clone().text()).toBe(201);
  const incidentId = ((await sos.json()) as { id: string }).id;
  const deadline = Date.now() + 40_000;
  let done = 0;
  while (Date.now() < deadline && !done) {
    const r = await rows<{ n: number }>(
      database.db,
      sql`select count(*)::int as n from jobs where queue = 'alarms.escalate'
          and payload->>'incidentId' = ${incidentId} and status = 'done'`,
    );
    done = r[0]?.n ?? 0;
    if (!done) await new Promise((r) => setTimeout(r, 500));
  }
  expect(done).toBeGreaterThan(0);

  for (const c of [...consoles, ...resumed.map((r) => r.n)]) await c.close();
}, 180_000);
