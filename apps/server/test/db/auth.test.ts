import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await testRuntime();
});
afterAll(async () => rt.dispose());

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  rt.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, headers });

describe('sign-in', () => {
  it('sets an httpOnly SameSite session cookie and answers who I am', async () => {
    const res = await login('school.admin', 'anxiao2026');
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/anxiao_sid=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const body = res.json();
    expect(body.user.displayName).toBe('刘建国（保卫处处长）');
    expect(body.user.permissions).toContain('user.manage');
    const me = await rt.app.inject({
      url: '/api/auth/me',
      headers: { cookie: `anxiao_sid=${res.cookies[0]!.value}` },
    });
    expect(me.json().user.username).toBe('school.admin');
  });

  it('refuses a wrong password with a message in the user’s language', async () => {
    const zh = await login('guard', 'wrong-password-1');
    expect(zh.statusCode).toBe(401);
    expect(zh.json().error).toMatchObject({ code: 'auth.invalid_credentials', message: '用户名或密码错误' });
    const en = await login('guard', 'wrong-password-1', { cookie: 'anxiao_lang=en-US' });
    expect(en.json().error.message).toBe('Wrong user name or password');
    const unknown = await login('nobody-here', 'whatever123');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().error.code).toBe('auth.invalid_credentials');
  });

  it('locks the account after 5 failures, even for the right password, until the lock ends', async () => {
    for (let i = 0; i < 4; i++) expect((await login('counselor', `bad-${i}-xyz1`)).statusCode).toBe(401);
    expect((await login('counselor', 'bad-5-xyz1')).statusCode).toBe(423);
    const locked = await login('counselor', 'anxiao2026');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('auth.locked');
    rt.clock.advance(16 * 60_000);
    expect((await login('counselor', 'anxiao2026')).statusCode).toBe(200);
  });

  it('refuses a cross-site sign-in (login CSRF)', async () => {
    const res = await login('guard', 'anxiao2026', { origin: 'https://evil.example', host: 'anxiao.local' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.csrf');
  });

  it('gives a new session at each sign-in and ends the one the browser had', async () => {
    const a = await rt.login('grid.worker');
    const again = await rt.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'grid.worker', password: 'anxiao2026' },
      headers: { cookie: a.cookie },
    });
    expect(again.statusCode).toBe(200);
    expect(`anxiao_sid=${again.cookies[0]!.value}`).not.toBe(a.cookie);
    expect((await a.call('GET', '/api/auth/me')).statusCode).toBe(401);
  });
});

describe('sessions', () => {
  it('expire after the idle time and after the absolute time', async () => {
    const s = await rt.login('guard');
    rt.clock.advance(239 * 60_000);
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(200);
    rt.clock.advance(239 * 60_000);
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(200);
    rt.clock.advance(241 * 60_000);
    const idle = await s.call('GET', '/api/auth/me');
    expect(idle.statusCode).toBe(401);
    expect(idle.json().error.code).toBe('auth.unauthenticated');

    const t = await rt.login('guard');
    for (let h = 0; h < 11; h++) {
      rt.clock.advance(2 * 3600_000);
      expect((await t.call('GET', '/api/auth/me')).statusCode).toBe(200);
    }
    rt.clock.advance(2 * 3600_000 + 1000);
    expect((await t.call('GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('ends on sign-out', async () => {
    const s = await rt.login('guard');
    expect((await s.call('POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await s.call('GET', '/api/auth/me')).statusCode).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a change without the session’s token', async () => {
    const s = await rt.login('school.admin');
    const res = await rt.app.inject({
      method: 'PUT',
      url: '/api/auth/lang',
      headers: { cookie: s.cookie },
      payload: { lang: 'en-US' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('auth.csrf');
    expect((await s.call('PUT', '/api/auth/lang', { lang: 'en-US' })).statusCode).toBe(204);
    expect((await s.call('GET', '/api/auth/me')).json().user.lang).toBe('en-US');
  });
});

describe('passwords', () => {
  it('change: checks the current one and the rules, then signs out other devices', async () => {
    const phone = await rt.login('grid.leader');
    const desk = await rt.login('grid.leader');
    const wrong = await desk.call('POST', '/api/auth/password', {
      currentPassword: 'nope-1234',
      newPassword: 'Better2027x',
    });
    expect(wrong.json().error.code).toBe('auth.wrong_current_password');
    const weak = await desk.call('POST', '/api/auth/password', {
      currentPassword: 'anxiao2026',
      newPassword: 'abcdefgh',
    });
    expect(weak.json().error.code).toBe('auth.weak_password');
    const ok = await desk.call('POST', '/api/auth/password', {
      currentPassword: 'anxiao2026',
      newPassword: 'Better2027x',
    });
    expect(ok.statusCode).toBe(204);
    expect((await phone.call('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await desk.call('GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await login('grid.leader', 'anxiao2026')).statusCode).toBe(401);
    expect((await login('grid.leader', 'Better2027x')).statusCode).toBe(200);
  });

  it('admin reset: unlocks, ends the user’s sessions and makes them choose a new one', async () => {
    const admin = await rt.login('school.admin');
    const worker = await rt.login('grid.worker');
    const list = await admin.call('GET', '/api/users?q=grid.worker');
    const id = list.json().items[0].id as string;
    expect(
      (await admin.call('POST', `/api/users/${id}/reset-password`, { newPassword: 'Temp2026abc' }))
        .statusCode,
    ).toBe(204);
    expect((await worker.call('GET', '/api/auth/me')).statusCode).toBe(401);
    const res = await login('grid.worker', 'Temp2026abc');
    expect(res.json().user.mustChangePassword).toBe(true);
  });
});

describe('rate limit and headers', () => {
  it('slows down a burst of sign-ins from one address', async () => {
    const small = await testRuntime({ env: { LOGIN_RATE_PER_MINUTE: '10' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) {
        const res = await small.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: `nobody${i}`, password: 'whatever123' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().error.code).toBe('common.rate_limited');
      }
      expect(codes.slice(0, 10).every((c) => c === 401)).toBe(true);
      expect(codes.slice(10)).toEqual([429, 429]);
    } finally {
      await small.dispose();
    }
  });

  it('sends security headers', async () => {
    const res = await rt.app.inject({ url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });
});
