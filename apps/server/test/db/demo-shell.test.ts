import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/kernel/db.js';
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

describe('the demo looks like a college on a normal day (item 19)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await testRuntime({ students: 200 });
  });
  afterAll(async () => {
    await rt.dispose();
  });

  it('finds each hazard where it belongs, found and answered by real people of the place', async () => {
    const hazards = await rows<{
      title: string;
      kind: string;
      use: string | null;
      found_by_name: string;
      finder: string | null;
      person: string;
      rectifier: string | null;
      status: string;
    }>(
      rt.kernel.db,
      sql`select h.title, p.kind, p.use, h.found_by_name, f.display_name as finder, h.plan->>'person' as person,
            (select display_name from users where id = (h.rectifiers->>0)::uuid) as rectifier, h.status
          from hazards h join places p on p.id = h.place_id left join users f on f.id = h.found_by_id`,
    );
    expect(hazards.length).toBeGreaterThan(50);
    const bare = (n: string | null) => (n ?? '').replace(/（.*）$/, '');
    for (const h of hazards) {
      const where = `${h.title} at ${h.kind}/${h.use}`;
      // The finder is a person on record, named as such (not "网格员").
      expect(h.finder, where).not.toBeNull();
      expect(h.found_by_name, where).toBe(bare(h.finder));
      if (h.status !== 'open') expect(h.person, where).toBe(bare(h.rectifier));
      if (/宿舍/.test(h.title)) expect(h.use, where).toBe('dormitory');
      if (/食堂|后厨/.test(h.title)) expect(h.use, where).toBe('canteen');
      if (/危化品/.test(h.title)) expect(h.use, where).toBe('lab');
      if (/教室/.test(h.title)) expect(h.use, where).toBe('teaching');
      expect(/校门口|门岗/.test(h.title), where).toBe(h.kind === 'gate');
    }
    expect(new Set(hazards.map((h) => h.finder)).size).toBeGreaterThan(5);
  });

  it("answers most requests on time, a few late, and has the last days' still in the loop", async () => {
    const now = rt.clock.now().toISOString();
    const [due] = await rows<{ due: number; on_time: number; late: number }>(
      rt.kernel.db,
      sql`select count(*)::int as due,
            count(*) filter (where replied_at <= resolve_by)::int as on_time,
            count(*) filter (where coalesce(replied_at, ${now}::timestamptz) > resolve_by)::int as late
          from requests where resolve_by < ${now}::timestamptz`,
    );
    expect(due!.due).toBeGreaterThan(150);
    expect(due!.on_time / due!.due).toBeGreaterThan(0.7);
    expect(due!.late).toBeGreaterThan(0);
    const open = await rows<{ status: string; supervised: boolean; overdue: boolean }>(
      rt.kernel.db,
      sql`select status, supervised_at is not null as supervised, resolve_by < ${now}::timestamptz as overdue
          from requests where status not in ('closed')`,
    );
    // Not "every open request 督办中": most are simply being worked on within their deadlines.
    expect(open.filter((q) => q.supervised).length).toBeGreaterThan(0);
    expect(open.filter((q) => q.supervised).length / open.length).toBeLessThan(0.5);
    expect(new Set(open.map((q) => q.status)).size).toBeGreaterThan(2);
    // Each supervised one is past its deadline, and each past its deadline unanswered is supervised.
    for (const q of open.filter((x) => ['dispatched', 'accepted', 'in_progress'].includes(x.status)))
      expect(q.supervised).toBe(q.overdue);
  });

  it('files requests at places that fit them', async () => {
    const placed = await rows<{ description: string; kind: string; use: string | null }>(
      rt.kernel.db,
      sql`select q.description, p.kind, p.use from requests q join places p on p.id = q.place_id`,
    );
    expect(placed.length).toBeGreaterThan(100);
    for (const q of placed) {
      const where = `${q.description} at ${q.kind}/${q.use}`;
      if (/漏水|门锁|床梯|宿舍网络|阳台/.test(q.description))
        expect([q.kind, q.use], where).toEqual(['room', 'dormitory']);
      if (/食堂/.test(q.description)) expect(q.use, where).toBe('canteen');
      expect(/校门口/.test(q.description), where).toBe(q.kind === 'gate');
    }
  });

  it('has residents in the featured dormitory 学生公寓3号楼, bound to rooms and beds', async () => {
    const [s03] = await rows<{ residents: number; rooms: number }>(
      rt.kernel.db,
      sql`select count(*)::int as residents, count(distinct s.bed_place_id)::int as rooms
          from students s join places r on r.id = s.bed_place_id
          join places b on r.path like b.path || '%' and b.kind = 'building'
          where b.name = '学生公寓3号楼' and s.bed_no is not null`,
    );
    expect(s03!.residents).toBeGreaterThan(20);
    expect(s03!.rooms).toBeGreaterThan(3);
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
