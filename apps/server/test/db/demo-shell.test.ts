import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../src/kernel/db.js';
import ExcelJS from 'exceljs';
import { uploadImport } from '../support/files.js';
import { orgId, testRuntime, type TestRuntime } from '../support/runtime.js';

/** These tests start a whole server of their own (the demo seeded inside the test). */
const RUNTIME_TEST_TIMEOUT = 180_000;

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
  it(
    'in demo mode every demo device is online on the police console',
    async () => {
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
    },
    RUNTIME_TEST_TIMEOUT,
  );

  for (const [when, env] of [
    ['outside demo mode', { ANXIAO_DEMO: 'false', ANXIAO_DEMO_DEVICES: 'true' }],
    ['with ANXIAO_DEMO_DEVICES=false', { ANXIAO_DEMO: 'true', ANXIAO_DEMO_DEVICES: 'false' }],
  ] as const)
    it(
      `${when}, nothing beats`,
      async () => {
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
      },
      RUNTIME_TEST_TIMEOUT,
    );
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

describe('import templates carry one example row, which imports skip (item 20)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await testRuntime();
  });
  afterAll(async () => {
    await rt.dispose();
  });

  interface Job {
    id: string;
    status: string;
    summary: { rows: number; create: number; update: number; invalid: number; skipped?: number } | null;
    problems: unknown[] | null;
  }

  it('gives every template a marked example row; the untouched template imports nothing, with no problems', async () => {
    const admin = await rt.login('school.admin');
    const school = await orgId(rt, 'DYVTC');
    const kinds = (await admin.call('GET', '/api/imports/kinds')).json<{ items: { kind: string }[] }>().items;
    expect(kinds.length).toBe(6);
    for (const { kind } of kinds) {
      const res = await admin.call('GET', `/api/imports/templates/${kind}`);
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const example = (wb.worksheets[0]!.getRow(2).values as string[]).slice(1);
      expect(example[0], kind).toMatch(/^示例\/Example/);
      // An example to copy: most columns filled, not a bare marker.
      expect(example.filter(Boolean).length, kind).toBeGreaterThan(1);
      expect(wb.worksheets[0]!.rowCount, kind).toBe(2);

      const up = await uploadImport(rt.app, admin, { kind, schoolId: school, data: res.rawPayload });
      expect(up.statusCode, up.body).toBe(202);
      await rt.kernel.jobs.tick();
      const dry = (await admin.call('GET', `/api/imports/${up.json<Job>().id}`)).json<Job>();
      expect(dry.status, kind).toBe('done');
      expect(dry.summary, kind).toMatchObject({ rows: 0, create: 0, update: 0, invalid: 0, skipped: 1 });
      expect(dry.problems, kind).toEqual([]);
    }
  });

  it('imports the rows written under the example and still skips the example', async () => {
    const admin = await rt.login('school.admin');
    const school = await orgId(rt, 'DYVTC');
    const res = await admin.call('GET', '/api/imports/templates/staff');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    wb.worksheets[0]!.addRow(['T2026901', '周新', '女', '保卫处', '保安', '保安员', '']);
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const up = await uploadImport(rt.app, admin, { kind: 'staff', schoolId: school, data });
    await rt.kernel.jobs.tick();
    const dry = (await admin.call('GET', `/api/imports/${up.json<Job>().id}`)).json<Job>();
    expect(dry.summary).toMatchObject({ rows: 1, create: 1, invalid: 0, skipped: 1 });
    const applied = await admin.call('POST', `/api/imports/${dry.id}/apply`);
    expect(applied.statusCode, applied.body).toBe(202);
    await rt.kernel.jobs.tick();
    const done = (await admin.call('GET', `/api/imports/${applied.json<Job>().id}`)).json<Job>();
    expect(done).toMatchObject({ status: 'done', summary: { create: 1, invalid: 0, skipped: 1 } });
    const found = (await admin.call('GET', `/api/staff?schoolId=${school}&q=T2026901`)).json<{
      items: { staffNo: string }[];
    }>();
    expect(found.items.map((x) => x.staffNo)).toEqual(['T2026901']);
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
