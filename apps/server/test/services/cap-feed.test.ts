import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { appendEvent } from '../../src/kernel/events/index.js';
import { newId } from '../../src/kernel/ids.js';
import { capAlerts } from '../../src/modules/cap/index.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

/**
 * The public CAP feed: warnings and public alarms of every kind become CAP 1.2 documents that the
 * OASIS schema accepts (xmllint from Debian's libxml2-utils), listed in an Atom index a real
 * parser reads, each entry linking to a document the server serves.
 */
const XSD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cap/CAP-v1.2.xsd');
const clock = new ManualClock(new Date('2026-07-01T00:00:00Z'));
let rt: TestRuntime;
let base: string;
let admin: Session;
let school: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-cap-'));

beforeAll(async () => {
  rt = await testRuntime({
    clock,
    env: { CAP_SENDER: 'anxiao.test', CAP_PUBLIC_URL: 'https://anxiao.test' },
  });
  base = await rt.app.listen({ port: 0, host: '127.0.0.1' });
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
});
afterAll(async () => {
  await rt.dispose();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** A warning event exactly as modules/warnings appends it (events-contract.md). */
function warning(id: string, version: number, over: Record<string, unknown> = {}) {
  return {
    id,
    version,
    orgId: school,
    schoolIds: [school],
    senderName: '东营职业学院',
    status: 'Actual',
    publicFeed: true,
    category: 'Met',
    event: '暴雨红色预警',
    headline: '暴雨红色预警：暂停户外活动 <立即> & "转移"',
    description: '预计未来3小时内有特大暴雨，请师生留在室内。',
    instruction: '暂停一切户外活动；低洼处车辆请及时转移。',
    severity: 'Extreme',
    urgency: 'Immediate',
    certainty: 'Likely',
    areaDesc: '东营职业学院校区',
    polygon: [
      [118.54, 37.45],
      [118.56, 37.45],
      [118.56, 37.46],
      [118.54, 37.46],
      [118.54, 37.45],
    ],
    effective: clock.now().toISOString(),
    expires: new Date(clock.now().getTime() + 6 * 3600_000).toISOString(),
    sentAt: clock.now().toISOString(),
    language: 'zh-CN',
    ...over,
  };
}

async function append(type: string, payload: unknown, org = school) {
  await rt.kernel.transaction((tx) => appendEvent(tx, rt.kernel.clock, { type, payload, orgId: org }));
  await rt.settle();
}

const validate = (name: string, xml: string) => {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, xml);
  // Throws (non-zero exit) with xmllint's complaint when the document does not validate.
  return execFileSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8', stdio: 'pipe' });
};

const atomParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  isArray: (n) => n === 'entry',
});
async function atom(code: string) {
  const res = await fetch(`${base}/cap/${code}/feed.atom`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/atom+xml');
  const doc = atomParser.parse(await res.text()) as {
    feed: { entry?: { title: string; link: { '@_href': string }; category: { '@_term': string } }[] };
  };
  return doc.feed.entry ?? [];
}
const fetchDoc = async (href: string) => {
  const res = await fetch(href.replace('https://anxiao.test', base));
  expect(res.status, href).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/cap+xml');
  return res.text();
};
const capParser = new XMLParser({ parseTagValue: false });
const capOf = (xml: string) =>
  (capParser.parse(xml) as { alert: Record<string, string> & { info: Record<string, unknown> } }).alert;

describe('the public CAP feed', () => {
  const wId = newId();
  const served = new Map<string, string>();

  it('publishes a warning, its update and its cancel, each valid CAP 1.2, with references', async () => {
    await append('warning.published', warning(wId, 1));
    let entries = await atom('DYVTC');
    expect(entries).toHaveLength(1);
    const first = await fetchDoc(entries[0]!.link['@_href']);
    validate('w1.xml', first);
    const a1 = capOf(first);
    expect(a1).toMatchObject({
      identifier: `anxiao.test-${wId}-1`,
      sender: 'anxiao.test',
      status: 'Actual',
      msgType: 'Alert',
      scope: 'Public',
    });
    expect(a1.sent).toBe('2026-07-01T08:00:00+08:00');
    expect(a1.info).toMatchObject({
      language: 'zh-CN',
      category: 'Met',
      event: '暴雨红色预警',
      headline: '暴雨红色预警：暂停户外活动 <立即> & "转移"',
    });
    expect((a1.info['area'] as { polygon: string }).polygon).toBe(
      '37.45,118.54 37.45,118.56 37.46,118.56 37.46,118.54 37.45,118.54',
    );
    // The text is escaped, never markup.
    expect(first).toContain('&lt;立即&gt; &amp;');

    clock.advance(10 * 60_000);
    await append(
      'warning.updated',
      warning(wId, 2, { headline: '暴雨红色预警（更新）', sentAt: clock.now().toISOString() }),
    );
    entries = await atom('DYVTC');
    expect(entries).toHaveLength(1);
    const second = await fetchDoc(entries[0]!.link['@_href']);
    validate('w2.xml', second);
    expect(capOf(second)).toMatchObject({
      msgType: 'Update',
      references: `anxiao.test,anxiao.test-${wId}-1,2026-07-01T08:00:00+08:00`,
    });
    served.set('w1', first).set('w2', second);

    clock.advance(10 * 60_000);
    await append('warning.cancelled', warning(wId, 3, { sentAt: clock.now().toISOString() }));
    expect(await atom('DYVTC')).toHaveLength(0);
    const third = await fetchDoc(`${base}/cap/alerts/anxiao.test-${wId}-3.xml`);
    validate('w3.xml', third);
    const a3 = capOf(third);
    expect(a3.msgType).toBe('Cancel');
    expect(String(a3.references).split(' ')).toHaveLength(2);
    // A replayed event writes nothing new.
    await append('warning.cancelled', warning(wId, 3, { sentAt: clock.now().toISOString() }));
    expect((await fetch(`${base}/cap/alerts/anxiao.test-${wId}-4.xml`)).status).toBe(404);
  });

  it('leaves out warnings not meant for the public feed', async () => {
    await append('warning.published', warning(newId(), 1, { publicFeed: false }));
    expect(await atom('DYVTC')).toHaveLength(0);
  });

  it('publishes a fire alarm: real as Actual, a drill as Exercise, a test as Test; a police alarm not at all', async () => {
    const raise = async (mode: string, alarmClass = 'fire') => {
      const res = await admin.call('POST', '/api/alarms', {
        schoolId: school,
        idempotencyKey: `cap-${mode}-${alarmClass}-0001`,
        alarmClass,
        mode,
      });
      expect(res.statusCode, res.body).toBe(201);
      await rt.settle();
      return res.json<{ id: string }>().id;
    };
    const real = await raise('real');
    await raise('drill');
    await raise('test');
    await raise('real', 'police');
    const entries = await atom('DYVTC');
    expect(entries.map((e) => e.category['@_term']).sort()).toEqual(['Actual', 'Exercise', 'Test']);
    for (const [n, e] of entries.entries()) {
      const xml = await fetchDoc(e.link['@_href']);
      validate(`i${n}.xml`, xml);
      const a = capOf(xml);
      expect(a.info).toMatchObject({ category: 'Fire', event: '校园火警', senderName: '东营职业学院' });
      if (a.status !== 'Actual') expect(String(a.info['headline'])).toMatch(/^【(演练|测试)】/);
      expect(e.title).toBe(a.info['headline']);
    }
    // Over: the feed's readers get a Cancel, and it leaves the index.
    await admin.call('POST', `/api/incidents/${real}/actions`, { action: 'acknowledge' });
    const done = await admin.call('POST', `/api/incidents/${real}/actions`, {
      action: 'resolve',
      note: '已扑灭',
    });
    expect(done.statusCode, done.body).toBe(200);
    await rt.settle();
    const left = await atom('DYVTC');
    expect(left.map((e) => e.category['@_term']).sort()).toEqual(['Exercise', 'Test']);
    const cancel = await fetchDoc(`${base}/cap/alerts/anxiao.test-${real}-2.xml`);
    validate('i-cancel.xml', cancel);
    expect(capOf(cancel)).toMatchObject({ msgType: 'Cancel', status: 'Actual' });
  });

  it("lists a school's alerts in its district's index too, and answers 404 for what does not exist", async () => {
    expect((await atom('DY')).length).toBe(2);
    expect((await fetch(`${base}/cap/NO-SUCH-ORG/feed.atom`)).status).toBe(404);
    expect((await fetch(`${base}/cap/alerts/nothing.xml`)).status).toBe(404);
    expect((await fetch(`${base}/cap/alerts/${encodeURIComponent('<x>')}.xml`)).status).toBe(400);
  });

  it('serves only documents the OASIS schema accepts, every one of them', async () => {
    const all = await rt.kernel.db.select({ identifier: capAlerts.identifier }).from(capAlerts);
    expect(all).toHaveLength(7); // the warning's three, three alarms, the real alarm's cancel
    for (const [n, a] of all.entries())
      validate(`all-${n}.xml`, await fetchDoc(`${base}/cap/alerts/${a.identifier}.xml`));
    // The check itself can fail: a time without its offset is not CAP.
    const bad = served
      .get('w1')!
      .replace('<sent>2026-07-01T08:00:00+08:00</sent>', '<sent>2026-07-01T00:00:00Z</sent>');
    expect(() => validate('bad.xml', bad)).toThrow();
  });
});
