import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

interface Overview {
  schools: { name: string; devices: number; devicesOffline: number }[];
}

async function policeOverview(rt: TestRuntime): Promise<Overview['schools']> {
  const police = await rt.login('police');
  const res = await police.call('GET', '/api/alarm-overview');
  expect(res.statusCode).toBe(200);
  return res.json<Overview>().schools.filter((s) => s.devices > 0);
}

describe('the demo: alarm devices beat from a simulator in demo mode only (item 19)', () => {
  it('in demo mode every demo device is online on the police console', async () => {
    const rt = await testRuntime({ env: { ANXIAO_DEMO_DEVICES: 'true' } });
    try {
      expect(rt.demoDevices).not.toBeNull();
      expect((await policeOverview(rt))[0]!.devicesOffline).toBeGreaterThan(0);
      await rt.start();
      const schools = await policeOverview(rt);
      expect(schools.map((s) => s.name)).toEqual(['东营职业学院']);
      expect(schools[0]!.devices).toBe(7);
      expect(schools[0]!.devicesOffline).toBe(0);
      // It keeps beating: a later heartbeat moves every device's last-seen time on.
      rt.clock.advance(30_000);
      expect(await rt.demoDevices!.beat()).toBe(7);
      const guard = await rt.login('guard');
      const devices = (await guard.call('GET', '/api/alarm-devices')).json<{
        items: { lastSeenAt: string | null; online: boolean }[];
      }>().items;
      expect(devices.every((d) => d.online && d.lastSeenAt === rt.clock.now().toISOString())).toBe(true);
    } finally {
      await rt.dispose();
    }
  });

  it('outside demo mode, or with ANXIAO_DEMO_DEVICES=false, nothing beats', async () => {
    for (const env of [
      { ANXIAO_DEMO: 'false', ANXIAO_DEMO_DEVICES: 'true' },
      { ANXIAO_DEMO: 'true', ANXIAO_DEMO_DEVICES: 'false' },
    ]) {
      const rt = await testRuntime({ env });
      try {
        expect(rt.demoDevices).toBeNull();
        await rt.start();
        await rt.settle();
        const [school] = await policeOverview(rt);
        expect(school!.devicesOffline).toBe(school!.devices);
      } finally {
        await rt.dispose();
      }
    }
  });
});

describe('the shell: hashed assets cached for a year, pages revalidated (item 21)', () => {
  let rt: TestRuntime;
  let dist: string;
  beforeAll(async () => {
    // A built console and phone app as Vite leaves them.
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-dist-'));
    for (const [app, files] of [
      ['admin', ['index.html', 'assets/index-DWYbUFrP.js', 'assets/AuditPage-0TRlwrA_.css', 'favicon.svg']],
      ['mobile', ['index.html', 'assets/index-T-3P7QHl.css']],
    ] as const)
      for (const f of files) {
        const file = path.join(dist, 'apps', app, 'dist', f);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, f.endsWith('.html') ? '<!doctype html><title>安校</title>' : `/* ${f} */`);
      }
    rt = await testRuntime({ env: { WEB_DIST_DIR: dist } });
  });
  afterAll(async () => {
    await rt.dispose();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  const get = (url: string) => rt.app.inject({ method: 'GET', url, headers: { accept: 'text/html,*/*' } });

  it('serves hashed files under /assets/ and /m/assets/ as immutable for a year', async () => {
    for (const url of [
      '/assets/index-DWYbUFrP.js',
      '/assets/AuditPage-0TRlwrA_.css',
      '/m/assets/index-T-3P7QHl.css',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
  });

  it('serves the pages (and files without a hash) with no-cache', async () => {
    for (const url of ['/', '/index.html', '/m/', '/users', '/m/report', '/favicon.svg']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });
});
