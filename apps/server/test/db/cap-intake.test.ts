import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { events } from '../../src/kernel/events/index.js';
import type { InboundReceivedPayload } from '../../src/modules/cap/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

/**
 * CAP intake: a school subscribes to a feed (an Atom index of CAP documents, as a meteorological
 * service publishes them) served here by a local HTTP server; alerts whose area covers the school
 * become cap.inbound.received once per school and alert, and what is not CAP 1.2 is refused with
 * its reason and changes nothing else.
 */
const clock = new ManualClock(new Date('2026-07-01T00:00:00Z'));
const NS = 'urn:oasis:names:tc:emergency:cap:1.2';
const SENDER = 'dy.weather.example.cn';
let rt: TestRuntime;
let admin: Session;
let school: string;
let server: http.Server;
let feedBase: string;
/** what the feed serves, by path; tests change it between polls */
const docs = new Map<string, { type: string; body: string }>();

/** A CAP 1.2 document as a meteorological service writes one (every element in the schema's order). */
function cap(o: {
  id: string;
  msgType?: 'Alert' | 'Update' | 'Cancel';
  references?: string[];
  event?: string;
  area?: string;
  polygon?: string;
  geocode?: boolean;
}) {
  const refs = o.references?.length
    ? `<references>${o.references.map((r) => `${SENDER},${r},2026-07-01T08:00:00+08:00`).join(' ')}</references>`
    : '';
  const geometry = o.polygon ? `<polygon>${o.polygon}</polygon>` : '';
  const geocode = o.geocode ? '<geocode><valueName>GB/T2260</valueName><value>370502</value></geocode>' : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="${NS}">
  <identifier>${o.id}</identifier>
  <sender>${SENDER}</sender>
  <sent>2026-07-01T08:00:00+08:00</sent>
  <status>Actual</status>
  <msgType>${o.msgType ?? 'Alert'}</msgType>
  <scope>Public</scope>
  ${refs}
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>${o.event ?? '暴雨红色预警'}</event>
    <urgency>Immediate</urgency>
    <severity>Extreme</severity>
    <certainty>Likely</certainty>
    <effective>2026-07-01T08:00:00+08:00</effective>
    <expires>2026-07-01T20:00:00+08:00</expires>
    <senderName>东营市气象台</senderName>
    <headline>东营市气象台发布${o.event ?? '暴雨红色预警'}</headline>
    <description>预计未来3小时内东营区将出现特大暴雨。</description>
    <instruction>暂停户外活动，师生留在室内。</instruction>
    <area>
      <areaDesc>${o.area ?? '东营区'}</areaDesc>
      ${geometry}
      ${geocode}
    </area>
  </info>
</alert>`;
}

/** Around the demo school (118.552, 37.456), as CAP's "lat,lon" pairs, closed. */
const AROUND_SCHOOL = '37.44,118.53 37.44,118.57 37.47,118.57 37.47,118.53 37.44,118.53';
const FAR_AWAY = '36.60,117.00 36.60,117.10 36.70,117.10 36.70,117.00 36.60,117.00';

function atom(paths: string[]) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:test:dy-weather</id><title>东营市气象台预警</title><updated>2026-07-01T00:00:00Z</updated>
  ${paths.map((p, i) => `<entry><id>urn:test:${i}</id><title>${p}</title><updated>2026-07-01T00:00:00Z</updated><link rel="alternate" type="application/cap+xml" href="${p}"/></entry>`).join('\n')}
</feed>`;
}

const CAP_TYPE = 'application/cap+xml';
const ENTRIES = [
  '/alert-1.xml',
  '/update-1.xml',
  '/elsewhere.xml',
  '/malformed.xml',
  '/doctype.xml',
  '/big.xml',
];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const d = docs.get(req.url ?? '');
    if (!d) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': d.type }).end(d.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  feedBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  docs.set('/feed.atom', { type: 'application/atom+xml', body: atom(ENTRIES) });
  docs.set('/alert-1.xml', {
    type: CAP_TYPE,
    body: cap({ id: 'DYQX-2026-0701-01', polygon: AROUND_SCHOOL }),
  });
  docs.set('/update-1.xml', {
    type: CAP_TYPE,
    body: cap({
      id: 'DYQX-2026-0701-02',
      msgType: 'Update',
      references: ['DYQX-2026-0701-01'],
      polygon: AROUND_SCHOOL,
    }),
  });
  docs.set('/elsewhere.xml', {
    type: CAP_TYPE,
    body: cap({ id: 'JNQX-2026-0701-01', area: '济南市', polygon: FAR_AWAY }),
  });
  docs.set('/malformed.xml', { type: CAP_TYPE, body: cap({ id: 'DYQX-BAD' }).replace('</info>', '') });
  docs.set('/doctype.xml', {
    type: CAP_TYPE,
    body: `<?xml version="1.0"?>
<!DOCTYPE alert [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
${cap({ id: 'DYQX-XXE', polygon: AROUND_SCHOOL })
  .replace(/^<\?xml[^>]*>\n/, '')
  .replace('预计', '&xxe;&b;')}`,
  });
  docs.set('/big.xml', {
    type: CAP_TYPE,
    body: cap({ id: 'DYQX-BIG', polygon: AROUND_SCHOOL }).replace('预计', '雨'.repeat(40_000)),
  });
  docs.set('/geocode.xml', {
    type: CAP_TYPE,
    body: cap({ id: 'DYQX-2026-0701-GEO', event: '大风蓝色预警', geocode: true }),
  });
  rt = await testRuntime({ clock, env: { CAP_FETCH_MAX_BYTES: '65536', CAP_FETCH_TIMEOUT_MS: '3000' } });
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => {
  await rt.dispose();
  await new Promise((r) => server.close(r));
});

const drain = async () => {
  while ((await rt.kernel.jobs.tick()) > 0);
};
const received = async () =>
  (
    await rt.kernel.db
      .select({ orgId: events.orgId, payload: events.payload })
      .from(events)
      .where(eq(events.type, 'cap.inbound.received'))
      .orderBy(events.seq)
  ).map((e) => ({ orgId: e.orgId, ...(e.payload as InboundReceivedPayload) }));

async function subscribe(url: string, org = school) {
  const res = await admin.call('POST', '/api/cap/subscriptions', {
    orgId: org,
    name: '东营市气象台预警',
    url,
  });
  expect(res.statusCode, res.body).toBe(201);
  await drain();
  return res.json<{ id: string }>().id;
}

describe('CAP intake', () => {
  let subId: string;

  it('refuses addresses that are not http(s) or that carry credentials', async () => {
    for (const url of [
      'ftp://weather.example.cn/feed.atom',
      'http://user:secret@weather.example.cn/feed.atom',
      'file:///etc/passwd',
    ])
      expect(
        (await admin.call('POST', '/api/cap/subscriptions', { orgId: school, name: 'x', url })).json(),
      ).toMatchObject({
        error: { code: 'cap.bad_url' },
      });
    const guard = await rt.login('guard');
    const res = await guard.call('POST', '/api/cap/subscriptions', {
      orgId: school,
      name: 'x',
      url: `${feedBase}/feed.atom`,
    });
    expect(res.statusCode).toBe(403);
  });

  it('tells the school of the alerts covering it, once each, with the references of an update', async () => {
    subId = await subscribe(`${feedBase}/feed.atom`);
    const got = await received();
    expect(got.map((e) => [e.orgId, e.identifier, e.msgType])).toEqual([
      [school, 'DYQX-2026-0701-01', 'Alert'],
      [school, 'DYQX-2026-0701-02', 'Update'],
    ]);
    expect(got[0]).toMatchObject({
      schoolId: school,
      sender: SENDER,
      sent: '2026-07-01T00:00:00.000Z',
      references: [],
      status: 'Actual',
      category: 'Met',
      event: '暴雨红色预警',
      severity: 'Extreme',
      urgency: 'Immediate',
      certainty: 'Likely',
      instruction: '暂停户外活动，师生留在室内。',
      areaDesc: '东营区',
      expires: '2026-07-01T12:00:00.000Z',
      language: 'zh-CN',
    });
    expect(got[1]!.references).toEqual(['DYQX-2026-0701-01']);
  });

  it('records each refused document with its reason, and nothing else comes of it', async () => {
    const rejects = (await admin.call('GET', `/api/cap/subscriptions/${subId}/rejects`)).json<{
      items: { url: string; reason: string; detail: string }[];
    }>().items;
    const byPath = Object.fromEntries(rejects.map((r) => [new URL(r.url).pathname, r.reason]));
    expect(byPath).toEqual({
      '/malformed.xml': 'malformed',
      '/doctype.xml': 'doctype',
      '/big.xml': 'too_big',
    });
    const inbound = (await admin.call('GET', '/api/cap/inbound')).json<{
      items: { identifier: string; schoolCount: number }[];
      total: number;
    }>();
    // Kept: the two for the school and the one elsewhere (told to nobody).
    expect(inbound.items.map((i) => [i.identifier, i.schoolCount]).sort()).toEqual([
      ['DYQX-2026-0701-01', 1],
      ['DYQX-2026-0701-02', 1],
      ['JNQX-2026-0701-01', 0],
    ]);
    const subs = (await admin.call('GET', '/api/cap/subscriptions')).json<{
      items: { id: string; lastResult: string; lastNew: number }[];
    }>().items;
    expect(subs.find((s) => s.id === subId)).toMatchObject({ lastResult: 'ok', lastNew: 3 });
  });

  it('changes nothing on a second read; a cancel then reaches the school with its references', async () => {
    expect((await admin.call('POST', `/api/cap/subscriptions/${subId}/poll`)).statusCode).toBe(202);
    await drain();
    expect(await received()).toHaveLength(2);

    // The cancel carries no area: it goes to the schools told of what it cancels.
    docs.set('/cancel-1.xml', {
      type: CAP_TYPE,
      body: cap({
        id: 'DYQX-2026-0701-03',
        msgType: 'Cancel',
        references: ['DYQX-2026-0701-01', 'DYQX-2026-0701-02'],
      }).replace(/<area>[\s\S]*<\/area>/, ''),
    });
    docs.set('/feed.atom', { type: 'application/atom+xml', body: atom([...ENTRIES, '/cancel-1.xml']) });
    await admin.call('POST', `/api/cap/subscriptions/${subId}/poll`);
    await drain();
    const got = await received();
    expect(got).toHaveLength(3);
    expect(got[2]).toMatchObject({
      schoolId: school,
      msgType: 'Cancel',
      references: ['DYQX-2026-0701-01', 'DYQX-2026-0701-02'],
    });
  });

  it("takes a geocode-only alert for the subscribing school; the district's subscription tells no school twice", async () => {
    await subscribe(`${feedBase}/geocode.xml`);
    const got = await received();
    expect(got.at(-1)).toMatchObject({
      schoolId: school,
      identifier: 'DYQX-2026-0701-GEO',
      event: '大风蓝色预警',
    });
    const sysadmin = await rt.login('sysadmin');
    const district = await orgId(rt, 'DY-EDU');
    const res = await sysadmin.call('POST', '/api/cap/subscriptions', {
      orgId: district,
      name: '区级',
      url: `${feedBase}/feed.atom`,
    });
    expect(res.statusCode, res.body).toBe(201);
    await drain();
    // Only DYVTC lies in the polygon; it was told already.
    expect(await received()).toHaveLength(got.length);
  });

  it('reads every feed again once its interval has passed, and nothing new comes of it', async () => {
    const before = await received();
    expect(await rt.services.cap.pollDue()).toBe(0);
    clock.advance(6 * 60_000);
    expect(await rt.services.cap.pollDue()).toBe(3);
    await drain();
    expect(await received()).toEqual(before);
    const subs = (await admin.call('GET', '/api/cap/subscriptions')).json<{
      items: { lastFetchedAt: string }[];
    }>().items;
    expect(subs.every((s) => s.lastFetchedAt === clock.now().toISOString())).toBe(true);
  });

  it('records an unreachable feed as the error of its last read', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const id = await subscribe(`http://127.0.0.1:${port}/feed.atom`);
    const subs = (await admin.call('GET', '/api/cap/subscriptions')).json<{
      items: { id: string; lastResult: string; lastError: string }[];
    }>().items;
    expect(subs.find((s) => s.id === id)).toMatchObject({
      lastResult: 'error',
      lastError: expect.stringMatching(/^fetch_failed/),
    });
    const n = await rt.kernel.db
      .select({ n: sql<number>`count(*)::int` })
      .from(events)
      .where(and(eq(events.type, 'cap.inbound.received')));
    expect(n[0]!.n).toBe((await received()).length);
    expect((await admin.call('DELETE', `/api/cap/subscriptions/${id}`)).statusCode).toBe(204);
  });
});
