import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgId, testRuntime, type TestRuntime } from '../support/runtime.js';
import { WsClient } from '../support/ws.js';

let rt: TestRuntime;
let base: string;
beforeAll(async () => {
  rt = await testRuntime();
  await rt.start();
  base = await rt.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => rt.dispose());

async function createUser(username: string, orgCode = 'DYVTC-C01') {
  const admin = await rt.login('school.admin');
  const org = await orgId(rt, orgCode);
  const res = await admin.call('POST', '/api/users', {
    username,
    displayName: `测试${username}`,
    orgId: org,
    password: 'Start2026abc',
    roles: [{ orgId: org, role: 'grid_worker' }],
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>();
}

describe('realtime channel', () => {
  it('pushes an event to the consoles whose scope covers it, and not to another school', async () => {
    const admin = await rt.login('school.admin');
    const center = await rt.login('grid.center');
    const other = await rt.login('primary.admin');
    const [a, c, o] = await Promise.all([
      WsClient.connect(base, admin.cookie),
      WsClient.connect(base, center.cookie),
      WsClient.connect(base, other.cookie),
    ]);
    await Promise.all([a, c, o].map((x) => x.waitFor((w) => w.messages.some((m) => m.type === 'ready'))));
    const u = await createUser('rt.one');
    await a.waitFor((w) => w.events('user.created').length === 1);
    await c.waitFor((w) => w.events('user.created').length === 1);
    expect(a.events('user.created')[0]!.payload).toMatchObject({ id: u.id, displayName: '测试rt.one' });
    await new Promise((r) => setTimeout(r, 300));
    expect(o.events('user.created')).toEqual([]);
    await Promise.all([a, c, o].map((x) => x.close()));
  });

  it('after a reconnect, resumes from the last event seen: nothing missed, nothing twice', async () => {
    const admin = await rt.login('school.admin');
    const first = await WsClient.connect(base, admin.cookie);
    await createUser('rt.two');
    await first.waitFor((w) => w.events('user.created').some((e) => e.payload.username === 'rt.two'));
    const last = first.lastSeq;
    await first.close();
    // While the console is away:
    await createUser('rt.three');
    await createUser('rt.four');
    await rt.kernel.relay.nudge();
    const again = await WsClient.connect(base, admin.cookie, last);
    await again.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
    const names = again.events('user.created').map((e) => e.payload.username);
    expect(names).toEqual(['rt.three', 'rt.four']);
    await createUser('rt.five');
    await again.waitFor((w) => w.events('user.created').length === 3);
    expect(again.events('user.created').map((e) => e.payload.username)).toEqual([
      'rt.three',
      'rt.four',
      'rt.five',
    ]);
    await again.close();
  });

  it('refuses a connection without a session or from another site', async () => {
    const anon = await WsClient.connect(base, '');
    await anon.waitFor((w) => w.closeCode !== null);
    expect(anon.closeCode).toBe(4401);
    const admin = await rt.login('school.admin');
    const evil = await WsClient.connect(base, admin.cookie, undefined, 'https://evil.example');
    await evil.waitFor((w) => w.closeCode !== null);
    expect(evil.closeCode).toBe(4403);
  });

  it('closes a disabled user’s socket at once', async () => {
    const u = await createUser('rt.six');
    const login = await rt.login('rt.six', 'Start2026abc');
    // An administrator chose that password: the server lets the account do nothing before its own.
    expect(
      (
        await login.call('POST', '/api/auth/password', {
          currentPassword: 'Start2026abc',
          newPassword: 'Own-choice-2026',
        })
      ).statusCode,
    ).toBe(204);
    const ws = await WsClient.connect(base, login.cookie);
    await ws.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
    const admin = await rt.login('school.admin');
    expect((await admin.call('PATCH', `/api/users/${u.id}`, { status: 'disabled' })).statusCode).toBe(200);
    await ws.waitFor((w) => w.closeCode !== null);
    expect(ws.closeCode).toBe(4401);
    expect((await login.call('GET', '/api/auth/me')).statusCode).toBe(401);
  });
});

describe('a console left open', () => {
  it('stays signed in past the idle time while connected, and is closed at the absolute expiry', async () => {
    const s = await rt.login('grid.center');
    const ws = await WsClient.connect(base, s.cookie);
    await ws.waitFor((w) => w.messages.some((m) => m.type === 'ready'));
    for (let i = 0; i < 4; i++) {
      rt.clock.advance(3 * 3600_000);
      await rt.kernel.realtime.checkSessions();
    }
    expect(ws.closeCode).toBeNull();
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(200);
    rt.clock.advance(12 * 3600_000);
    await rt.kernel.realtime.checkSessions();
    await ws.waitFor((w) => w.closeCode !== null);
    expect(ws.closeCode).toBe(4401);
  });
});

describe('signing out on one device', () => {
  it('closes that device’s socket only', async () => {
    const phone = await rt.login('counselor');
    const desk = await rt.login('counselor');
    const [p, d] = await Promise.all([
      WsClient.connect(base, phone.cookie),
      WsClient.connect(base, desk.cookie),
    ]);
    await Promise.all([p, d].map((x) => x.waitFor((w) => w.messages.some((m) => m.type === 'ready'))));
    expect((await phone.call('POST', '/api/auth/logout')).statusCode).toBe(204);
    await p.waitFor((w) => w.closeCode !== null);
    expect(p.closeCode).toBe(4401);
    await new Promise((r) => setTimeout(r, 200));
    expect(d.closeCode).toBeNull();
    await d.close();
  });
});
