import { describe, expect, it } from 'vitest';
import { areasCover, capPolygon, capTime, writeCap, type CapMessage } from './cap.model.js';
import { CapRejected, parseXml, readAtomLinks, readCap } from './cap.parse.js';

const message: CapMessage = {
  identifier: 'anxiao.test-1-2',
  sender: 'anxiao.test',
  sent: new Date('2026-07-01T00:00:00.400Z'),
  status: 'Exercise',
  msgType: 'Update',
  references: [
    { sender: 'anxiao.test', identifier: 'anxiao.test-1-1', sent: new Date('2026-06-30T23:00:00Z') },
  ],
  note: null,
  info: {
    language: 'zh-CN',
    category: 'Met',
    event: '暴雨 <红色> & "预警"',
    urgency: 'Immediate',
    severity: 'Extreme',
    certainty: 'Likely',
    effective: null,
    expires: new Date('2026-07-01T06:00:00Z'),
    senderName: '东营职业学院',
    headline: '</headline><injected/>',
    description: 'a\u0001b',
    instruction: null,
    web: null,
    areas: [
      {
        areaDesc: '校区',
        polygons: [
          [
            [118.54, 37.45],
            [118.56, 37.45],
            [118.56, 37.46],
          ],
        ],
        circles: [{ centre: [117, 36.6], radiusKm: 2 }],
      },
    ],
  },
};

const rejected = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof CapRejected) return e.reason;
    throw e;
  }
  return null;
};

describe('CAP writing and reading', () => {
  it("writes CAP's time with its offset, seconds only, and polygons as closed lat,lon rings", () => {
    expect(capTime(new Date('2026-07-01T16:30:05.900Z'))).toBe('2026-07-02T00:30:05+08:00');
    expect(
      capPolygon([
        [118.5, 37.4],
        [118.6, 37.4],
        [118.6, 37.5],
      ]),
    ).toBe('37.4,118.5 37.4,118.6 37.5,118.6 37.4,118.5');
  });

  it('escapes what it writes, and reads back what it wrote', () => {
    const xml = writeCap(message);
    expect(xml).not.toContain('<injected/>');
    const cap = readCap(parseXml(xml));
    expect(cap).toMatchObject({
      identifier: 'anxiao.test-1-2',
      status: 'Exercise',
      msgType: 'Update',
      references: [{ sender: 'anxiao.test', identifier: 'anxiao.test-1-1' }],
    });
    expect(cap.info).toMatchObject({
      event: '暴雨 <红色> & "预警"',
      headline: '</headline><injected/>',
      description: 'a\uFFFDb',
      expires: '2026-07-01T06:00:00.000Z',
    });
    expect(areasCover(cap.areas, [118.55, 37.455])).toBe(true);
    expect(areasCover(cap.areas, [117.01, 36.6])).toBe(true); // in the 2 km circle
    expect(areasCover(cap.areas, [117.1, 36.6])).toBe(false);
  });

  it('refuses DTDs, undeclared entities, other namespaces and broken CAP, each with its reason', () => {
    const xml = writeCap(message);
    expect(rejected(() => parseXml(xml.replace('<alert', '<!DOCTYPE alert SYSTEM "http://x/"><alert')))).toBe(
      'doctype',
    );
    expect(rejected(() => parseXml(xml.replace('校区', '&nbsp;')))).toBe('malformed');
    expect(rejected(() => readCap(parseXml(xml.replace('cap:1.2', 'cap:1.1'))))).toBe('not_cap');
    expect(rejected(() => readCap(parseXml(xml.replace('+08:00</sent>', 'Z</sent>'))))).toBe('invalid_cap');
    expect(rejected(() => readCap(parseXml(xml.replace(/<references>.*<\/references>/, ''))))).toBe(
      'invalid_cap',
    );
    expect(rejected(() => parseXml('<a>'.repeat(40) + '</a>'.repeat(40)))).toBe('too_complex');
  });

  it('reads the CAP links of an Atom index against its address', () => {
    const feed = parseXml(`<feed xmlns="http://www.w3.org/2005/Atom">
      <entry><link rel="alternate" type="application/cap+xml" href="/a/1.xml"/></entry>
      <entry><link href="https://other.example/2.xml"/></entry>
      <entry><title>no link</title></entry></feed>`);
    expect(readAtomLinks(feed, 'http://feed.example/cap/feed.atom', 10)).toEqual([
      'http://feed.example/a/1.xml',
      'https://other.example/2.xml',
    ]);
    expect(readAtomLinks(parseXml(writeCap(message)), 'http://x/', 10)).toBeNull();
  });
});
