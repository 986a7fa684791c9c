import { and, eq, like } from 'drizzle-orm';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { places } from '../../src/modules/places/index.js';
import { requestCategories, requests } from '../../src/modules/requests/index.js';
import { uploadFile } from '../support/files.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

/** Issue 13, items 6, 13 (Open311), 15, 16 (output), 18 and 19: Open311 as a public view. */

const clock = new ManualClock(new Date());
let rt: TestRuntime;
let school: string;
let student: Session;
let centre: Session;
let admin: Session;
let apiKey: string;
let room: { id: string };
let categories: Record<string, string>;
let n = 0;

const xml = new XMLParser({ ignoreAttributes: true, isArray: (name) => ['request', 'error'].includes(name) });
const get = (url: string) => rt.app.inject({ method: 'GET', url });
const post = (url: string, form: Record<string, string>) =>
  rt.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(form).toString(),
  });
type Sr = Record<string, unknown> & { service_request_id: string };

async function file(body: object) {
  const r = await student.call('POST', '/api/requests', {
    idempotencyKey: `open311-hardening-${++n}`,
    categoryId: categories['DORM'],
    placeId: room.id,
    ...body,
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string; no: string }>();
}
async function photo() {
  const r = await uploadFile(rt.app, student, {});
  expect(r.statusCode, r.body).toBe(201);
  return r.json<{ id: string }>().id;
}
async function setPublicRead(on: boolean) {
  const s = (await admin.call('GET', `/api/schools/${school}/request-settings`)).json<{
    calendar: unknown;
    weights: unknown;
  }>();
  const r = await admin.call('PUT', `/api/schools/${school}/request-settings`, {
    calendar: s.calendar,
    weights: s.weights,
    open311PublicRead: on,
  });
  expect(r.statusCode, r.body).toBe(200);
}

let sealed: { id: string; no: string };
let anonymous: { id: string; no: string };
let named: { id: string; no: string };
let namedPhoto: string;

beforeAll(async () => {
  rt = await testRuntime({ clock });
  school = await orgId(rt, 'DYVTC');
  student = await rt.login('student');
  centre = await rt.login('grid.center');
  admin = await rt.login('school.admin');
  const [r] = await rt.kernel.db
    .select({ id: places.id })
    .from(places)
    .where(and(eq(places.kind, 'room'), like(places.code, 'S03-%')))
    .limit(1);
  room = r!;
  const cats = await rt.kernel.db
    .select({ id: requestCategories.id, code: requestCategories.code })
    .from(requestCategories)
    .where(eq(requestCategories.schoolId, school));
  categories = Object.fromEntries(cats.map((c) => [c.code, c.id]));
  const k = await admin.call('POST', `/api/schools/${school}/open311-clients`, { name: '区12345平台' });
  apiKey = k.json<{ apiKey: string }>().apiKey;

  sealed = await file({
    description: '室友在宿舍里用违规电器，密封反映',
    identity: 'sealed',
    lat: 37.4611,
    lon: 118.4961,
    photos: [await photo()],
  });
  anonymous = await file({
    description: '匿名反映楼道里有人抽烟',
    identity: 'anonymous',
    lat: 37.4622,
    lon: 118.4972,
    photos: [await photo()],
  });
  namedPhoto = await photo();
  named = await file({
    description: '宿舍卫生间的灯不亮了',
    lat: 37.4633,
    lon: 118.4983,
    photos: [namedPhoto],
  });
  for (const q of [sealed, anonymous, named]) {
    await centre.call('POST', `/api/requests/${q.id}/messages`, {
      body: '内部备注：联系宿管核实',
      internal: true,
    });
    await centre.call('POST', `/api/requests/${q.id}/messages`, { body: '同学你好，我们已收到，马上处理' });
  }
  const d = (await centre.call('GET', `/api/requests/${named.id}`)).json<{ version: number }>();
  const closed = await centre.call('POST', `/api/requests/${named.id}/actions`, {
    action: 'close_no_action',
    version: d.version,
    reason: '灯具更换已列入本周计划',
    message: '灯具更换已列入本周计划',
  });
  expect(closed.statusCode, closed.body).toBe(200);
});
afterAll(async () => rt.dispose());

describe('Open311 output is a public view (item 6)', () => {
  it('leaves sealed requests out and shows anonymous ones without text, position or photo', async () => {
    const r = await get(`/open311/v2/requests.json?api_key=${apiKey}`);
    expect(r.statusCode, r.body).toBe(200);
    const list = r.json<Sr[]>();
    expect(list.map((x) => x.service_request_id)).not.toContain(sealed.no);
    expect(r.body).not.toContain('密封反映');
    expect(r.body).not.toContain('37.4611');
    expect(r.body).not.toContain('匿名反映');
    expect(r.body).not.toContain('37.4622');
    // No internal note and no conversation with the reporter, on any request.
    expect(r.body).not.toContain('内部备注');
    expect(r.body).not.toContain('马上处理');
    expect(r.body).not.toContain('马欣怡');

    const anon = list.find((x) => x.service_request_id === anonymous.no)!;
    expect(anon).toBeDefined();
    expect(anon).not.toHaveProperty('description');
    expect(anon).not.toHaveProperty('lat');
    expect(anon).not.toHaveProperty('long');
    expect(anon).not.toHaveProperty('media_url');
    // Its place only as far as the building.
    const [building] = await rt.kernel.db
      .select({ code: places.code, name: places.name })
      .from(places)
      .where(and(eq(places.kind, 'building'), eq(places.name, '学生公寓3号楼')));
    expect(anon).toMatchObject({ address: building!.name, address_id: building!.code });

    const mine = list.find((x) => x.service_request_id === named.no)!;
    expect(mine).toMatchObject({
      description: '宿舍卫生间的灯不亮了',
      lat: 37.4633,
      long: 118.4983,
      status: 'closed',
      // status_notes: the unit's public answer, nothing else
      status_notes: '灯具更换已列入本周计划',
    });

    for (const path of [`requests/${sealed.no}`, `tokens/${sealed.id}`])
      expect((await get(`/open311/v2/${path}.json?api_key=${apiKey}`)).statusCode).toBe(404);
    const upd = await get(`/open311/v2/servicerequestupdates.json?api_key=${apiKey}`);
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.body).not.toContain(sealed.no);
    expect(upd.body).not.toContain('马上处理');
    expect(upd.body).not.toContain('内部备注');
  });
});

describe('media_url and account_id (item 15)', () => {
  it('omits media_url without a public photo, and serves a named request’s photo by an address of its own', async () => {
    const list = (await get(`/open311/v2/requests.json?api_key=${apiKey}`)).json<Sr[]>();
    for (const x of list)
      if ('media_url' in x) expect(x.media_url).toMatch(/^https?:\/\/.+\/open311\/v2\/media\//);
    expect(list.every((x) => x.media_url !== '')).toBe(true);
    const url = list.find((x) => x.service_request_id === named.no)!.media_url as string;
    expect(url).toBeTruthy();
    expect(url).not.toContain(namedPhoto);
    const path = new URL(url).pathname;
    const img = await get(path);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    // Guessing by the file id, or a key altered by one character, finds nothing.
    expect((await get(`/open311/v2/media/${named.no}/${namedPhoto}`)).statusCode).toBe(404);
    const last = path.at(-1) === '0' ? '1' : '0';
    expect((await get(path.slice(0, -1) + last)).statusCode).toBe(404);
    // The anonymous request's photo has no public address, even with the key scheme's form.
    const anon = list.find((x) => x.service_request_id === anonymous.no)!;
    expect(anon).not.toHaveProperty('media_url');

    const posted = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      service_code: 'CANTEEN',
      address_string: '二食堂',
      description: '食堂的饭菜偏咸',
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const [created] = posted.json<Record<string, unknown>[]>();
    expect(created).not.toHaveProperty('account_id');
    expect(posted.body).not.toContain('null');
  });
});

describe('XML stays well-formed (item 16, output)', () => {
  it('replaces a control character a stored description holds; the JSON keeps it, escaped', async () => {
    await rt.kernel.db
      .update(requests)
      .set({ description: '灯坏了\u0001还有\u0008和\uffff' })
      .where(eq(requests.id, named.id));
    const r = await get(`/open311/v2/requests.xml?api_key=${apiKey}`);
    expect(r.statusCode).toBe(200);
    // eslint-disable-next-line no-control-regex
    expect(r.body).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uffff]/);
    expect(XMLValidator.validate(r.body)).toBe(true);
    const one = xml.parse(r.body) as {
      service_requests: { request: { service_request_id: string; description: string }[] };
    };
    expect(
      one.service_requests.request.find((x) => x.service_request_id === named.no)!.description,
    ).toContain('灯坏了');
    const j = await get(`/open311/v2/requests.json?api_key=${apiKey}`);
    expect(j.json<Sr[]>().find((x) => x.service_request_id === named.no)!.description).toBe(
      '灯坏了\u0001还有\u0008和\uffff',
    );
  });
});

describe('keyless reads (item 18)', () => {
  it('serve the public view where the school allows it, and 403 in the spec’s format where it does not', async () => {
    const s = await admin.call('GET', `/api/schools/${school}/request-settings`);
    expect(s.json()).toMatchObject({ open311PublicRead: true });
    const open = await get('/open311/v2/requests.json?jurisdiction_id=DYVTC');
    expect(open.statusCode, open.body).toBe(200);
    const listed = open.json<Sr[]>().map((x) => x.service_request_id);
    expect(listed).toContain(anonymous.no);
    expect(listed).not.toContain(sealed.no);
    expect(open.body).not.toContain('匿名反映');
    expect((await get(`/open311/v2/requests/${named.no}.xml?jurisdiction_id=DYVTC`)).statusCode).toBe(200);

    await setPublicRead(false);
    for (const path of ['requests.xml', 'services.xml', `requests/${named.no}.xml`]) {
      const shut = await get(`/open311/v2/${path}?jurisdiction_id=DYVTC`);
      expect(shut.statusCode, path).toBe(403);
      expect(shut.headers['content-type']).toContain('text/xml');
      const e = (xml.parse(shut.body) as { errors: { error: { code: number; description: string }[] } })
        .errors.error[0]!;
      expect(e.code).toBe(403);
      expect(e.description).toContain('api_key');
    }
    const json = await get('/open311/v2/services.json?jurisdiction_id=DYVTC');
    expect(json.statusCode).toBe(403);
    expect(json.json<{ code: number }[]>()[0]!.code).toBe(403);
    // A client with its key still reads (the same public view).
    expect((await get(`/open311/v2/requests.json?api_key=${apiKey}`)).statusCode).toBe(200);
    await setPublicRead(true);
    expect((await get('/open311/v2/services.json?jurisdiction_id=DYVTC')).statusCode).toBe(200);
  });
});

describe('errors and discovery (item 19)', () => {
  it('names the attribute that is missing', async () => {
    const r = await post('/open311/v2/requests.json', {
      api_key: apiKey,
      service_code: 'REPAIR',
      lat: '37.46',
      long: '118.49',
      description: '缺少必填属性的请求',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toEqual([{ code: 400, description: 'attribute[ITEM] is required' }]);
    const wrong = await post('/open311/v2/requests.xml', {
      api_key: apiKey,
      service_code: 'REPAIR',
      'attribute[ITEM]': 'nonsense',
      lat: '37.46',
      long: '118.49',
    });
    expect(wrong.statusCode).toBe(400);
    const e = (xml.parse(wrong.body) as { errors: { error: { description: string }[] } }).errors.error[0]!;
    expect(e.description).toMatch(/^attribute\[ITEM\] is not one of /);
  });

  it('answers unknown paths in the spec’s format, in the format the extension asks for', async () => {
    const j = await get('/open311/v2/nothing/here.json');
    expect(j.statusCode).toBe(404);
    expect(j.headers['content-type']).toContain('application/json');
    expect(j.json<{ code: number }[]>()[0]!.code).toBe(404);
    const x = await get('/open311/v2/requests/extra/path.xml');
    expect(x.statusCode).toBe(404);
    expect(x.headers['content-type']).toContain('text/xml');
    expect((xml.parse(x.body) as { errors: { error: { code: number }[] } }).errors.error[0]!.code).toBe(404);
    const del = await rt.app.inject({ method: 'DELETE', url: '/open311/v2/requests.json' });
    expect(del.statusCode).toBe(404);
    expect(del.json<{ code: number }[]>()[0]!.code).toBe(404);
  });

  it('moves discovery’s changeset when a category changes', async () => {
    const before = (await get('/open311/v2/discovery.json')).json<{
      changeset: string;
      endpoints: { changeset: string }[];
    }>();
    const cats = (await admin.call('GET', `/api/schools/${school}/request-categories`)).json<{
      items: Record<string, unknown>[];
    }>().items;
    const c = cats.find((x) => x.code === 'OTHER')!;
    clock.set(new Date(clock.now().getTime() + 60_000));
    const changed = await admin.call('PUT', `/api/request-categories/${c.id as string}`, {
      code: c.code,
      name: c.name,
      nameEn: c.nameEn ?? undefined,
      groupName: c.groupName,
      description: '其他问题（说明已更新）',
      keywords: c.keywords,
      attributes: c.attributes,
      policy: c.policy,
      active: c.active,
      sortOrder: c.sortOrder,
      version: c.version,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = (await get('/open311/v2/discovery.xml')).body;
    const d = xml.parse(after) as { discovery: { changeset: string } };
    expect(d.discovery.changeset).not.toBe(before.changeset);
    expect(new Date(d.discovery.changeset).getTime()).toBeGreaterThan(new Date(before.changeset).getTime());
    expect(before.endpoints[0]!.changeset).toBe(before.changeset);
  });
});

describe('framework errors keep their status (item 13, Open311)', () => {
  const send = (payload: string | Buffer, type: string | undefined, url = '/open311/v2/requests.json') =>
    rt.app.inject({ method: 'POST', url, headers: type ? { 'content-type': type } : {}, payload });

  it('malformed JSON → 400, empty JSON body → 400, over 64 KB → 413, a wrong type → 415', async () => {
    const cases: [string, Awaited<ReturnType<typeof send>>, number][] = [
      ['malformed JSON', await send('{"api_key": ', 'application/json'), 400],
      ['empty JSON', await send('', 'application/json'), 400],
      [
        'large form',
        await send(
          `api_key=${apiKey}&description=${'x'.repeat(70 * 1024)}`,
          'application/x-www-form-urlencoded',
        ),
        413,
      ],
      [
        'large JSON',
        await send(JSON.stringify({ description: 'x'.repeat(70 * 1024) }), 'application/json'),
        413,
      ],
      ['wrong type', await send('<a/>', 'application/xml'), 415],
    ];
    for (const [name, r, status] of cases) {
      expect(r.statusCode, `${name}: ${r.body}`).toBe(status);
      const body = r.json<{ code: number; description: string }[]>();
      expect(body, name).toEqual([{ code: status, description: expect.any(String) }]);
    }
    const x = await send('{', 'application/json', '/open311/v2/requests.xml');
    expect(x.statusCode).toBe(400);
    expect(x.headers['content-type']).toContain('text/xml');
    expect(XMLValidator.validate(x.body)).toBe(true);
  });
});
