import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { open311Body, open311Errors } from './requests.open311.js';

const parse = (xml: string) => new XMLParser({ parseTagValue: false }).parse(xml) as Record<string, unknown>;

const services = [
  {
    service_code: 'dorm_repair',
    service_name: '宿舍报修',
    description: '门窗、水电、家具损坏 <请写明房间号> & 情况',
    metadata: true,
    type: 'realtime',
    keywords: '报修,宿舍',
    group: '宿舍服务',
  },
  {
    service_code: 'noise',
    service_name: '噪音扰民',
    description: '',
    metadata: false,
    type: 'realtime',
    keywords: '',
    group: '校园秩序',
  },
];

describe('Open311 documents', () => {
  it('writes a list as XML with one singular element per item, escaped, in UTF-8', () => {
    const { contentType, body } = open311Body('xml', 'services', services);
    expect(contentType).toBe('text/xml; charset=utf-8');
    expect(body.startsWith('<?xml version="1.0" encoding="utf-8"?><services><service>')).toBe(true);
    expect(body).toContain('&lt;请写明房间号&gt; &amp; 情况');
    const doc = parse(body) as { services: { service: Record<string, string>[] } };
    expect(doc.services.service.map((s) => s.service_code)).toEqual(['dorm_repair', 'noise']);
    expect(doc.services.service[0]).toMatchObject({
      service_name: '宿舍报修',
      metadata: 'true',
      description: '门窗、水电、家具损坏 <请写明房间号> & 情况',
    });
  });

  it('writes the same list as a top-level JSON array, dates with their timezone', () => {
    const { contentType, body } = open311Body('json', 'service_requests', [
      { service_request_id: 'R-1', status: 'open', requested_datetime: new Date('2026-12-01T02:03:04Z') },
    ]);
    expect(contentType).toBe('application/json; charset=utf-8');
    expect(JSON.parse(body)).toEqual([
      { service_request_id: 'R-1', status: 'open', requested_datetime: '2026-12-01T02:03:04.000Z' },
    ]);
  });

  it('nests attribute lists and their values as the spec writes them', () => {
    const definition = {
      service_code: 'dorm_repair',
      attributes: [
        {
          variable: true,
          code: 'what',
          datatype: 'singlevaluelist',
          required: true,
          datatype_description: '',
          order: 1,
          description: '损坏的是什么？',
          values: [
            { key: 'door', name: '门窗' },
            { key: 'water', name: '水电' },
          ],
        },
      ],
    };
    const xml = parse(open311Body('xml', 'service_definition', definition).body) as {
      service_definition: { attributes: { attribute: { values: { value: { key: string }[] } } } };
    };
    expect(xml.service_definition.attributes.attribute.values.value.map((v) => v.key)).toEqual([
      'door',
      'water',
    ]);
    expect(
      JSON.parse(open311Body('json', 'service_definition', definition).body).attributes[0].values[1],
    ).toEqual({ key: 'water', name: '水电' });
  });

  it("writes errors in the spec's format", () => {
    expect(open311Errors('xml', 403, ['api_key 无效']).body).toBe(
      '<?xml version="1.0" encoding="utf-8"?><errors><error><code>403</code><description>api_key 无效</description></error></errors>',
    );
    expect(JSON.parse(open311Errors('json', 400, ['service_code 必填']).body)).toEqual([
      { code: 400, description: 'service_code 必填' },
    ]);
  });
});
