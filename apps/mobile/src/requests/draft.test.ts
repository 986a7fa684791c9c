import { describe, expect, it } from 'vitest';
import {
  addPhoto,
  answersFor,
  attemptFailed,
  channelOf,
  check,
  edit,
  hasContent,
  isPassing,
  newDraft,
  parseDraft,
  pendingPhotos,
  photoUploaded,
  removePhoto,
  requestBody,
  startAttempt,
  toggleChoice,
  withAnswer,
  withPlace,
  withQrPlace,
  type Draft,
  type DraftPhoto,
} from './draft';
import type { Category } from './types';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const KEY = '6f1c2a8e-7d3b-4c1a-9e2f-0a1b2c3d4e5f';
const USER = '01a22b24-e917-7344-9838-f327becddf70';
const ROOM = { id: '01a22b24-f07f-727e-8f29-df451825b4ca', label: '学生公寓3号楼 / 3-0203' };
const GATE = { id: '01a22b24-f07f-727e-8f29-000000000001', label: '东门' };
const FILE = '01a22b24-0000-7000-8000-0000000000f1';
const network = { status: 0, code: 'network', message: '' };

const repairs: Category = {
  id: '01a22b24-fabb-73e1-945b-15b1f2ef73ac',
  schoolId: '01a22b24-e861-741b-8260-81d70a9f7e48',
  code: 'REPAIR',
  name: '宿舍报修',
  nameEn: 'Dormitory repairs',
  groupName: '宿管服务',
  description: '宿舍内水电、门窗、床铺、网络等损坏报修',
  keywords: '',
  attributes: [
    { code: 'WHEN', datatype: 'datetime', required: false, description: '发现时间', order: 3 },
    {
      code: 'ITEM',
      datatype: 'singlevaluelist',
      required: true,
      description: '报修项目',
      values: [
        { key: 'water', name: '水电' },
        { key: 'door', name: '门窗锁具' },
      ],
      order: 1,
    },
    {
      code: 'ROOMS',
      datatype: 'multivaluelist',
      required: false,
      description: '涉及区域',
      values: [
        { key: 'bath', name: '卫生间' },
        { key: 'balcony', name: '阳台' },
      ],
      order: 2,
    },
    { code: 'COUNT', datatype: 'number', required: false, description: '损坏数量', order: 4 },
  ],
  policy: {
    respond: { amount: 2, unit: 'working_hours' },
    resolve: { amount: 3, unit: 'working_days' },
    urgeBefore: { amount: 4, unit: 'working_hours' },
    superviseAfter: { amount: 0, unit: 'working_hours' },
    noticeAfter: { amount: 2, unit: 'working_days' },
  },
  active: true,
  sortOrder: 0,
  version: 1,
};

function written(over: Partial<Draft> = {}): Draft {
  const d = edit(
    newDraft(USER, KEY, T0),
    { categoryId: repairs.id, description: ' 卫生间水龙头一直漏水 ', attributes: { ITEM: 'water' } },
    T0,
  );
  return { ...d, ...over };
}

const photo = (localId: string, fileId: string | null = null): DraftPhoto => ({
  localId,
  fileId,
  thumb: 'data:image/jpeg;base64,AAAA',
  bytes: 1000,
});

describe('checking the form', () => {
  it('asks for a category, a description of 5 to 2000 characters and the required answers', () => {
    expect(check(newDraft(USER, KEY, T0), undefined)).toEqual({
      category: 'required',
      description: 'required',
    });
    expect(check(written({ description: ' 漏水了 ' }), repairs)).toEqual({ description: 'tooShort' });
    expect(check(written({ description: '漏'.repeat(2001) }), repairs)).toEqual({ description: 'tooLong' });
    expect(check(written({ attributes: {} }), repairs)).toEqual({ 'attr.ITEM': 'required' });
    expect(check(written(), repairs)).toEqual({});
  });

  it('checks numbers and times, and leaves out what is not required', () => {
    const d = written({ attributes: { ITEM: 'door', COUNT: 'two', WHEN: 'yesterday' } });
    expect(check(d, repairs)).toEqual({ 'attr.COUNT': 'notNumber', 'attr.WHEN': 'notDateTime' });
    expect(check(written({ attributes: { ITEM: 'door', COUNT: ' 2 ' } }), repairs)).toEqual({});
  });

  it('takes a category that is no longer offered as none', () => {
    expect(check(written({ categoryId: 'gone' }), repairs)).toMatchObject({ category: 'required' });
  });
});

describe('answers', () => {
  it('sends only what the category asks, each in the form the server takes', () => {
    let d = written({ attributes: { ITEM: 'water', OLD: 'from another category', ROOMS: [] } });
    d = toggleChoice(d, 'ROOMS', 'bath', T0);
    d = toggleChoice(d, 'ROOMS', 'balcony', T0);
    d = toggleChoice(d, 'ROOMS', 'bath', T0);
    d = withAnswer(d, 'COUNT', ' 3 ', T0);
    d = withAnswer(d, 'WHEN', '2026-03-02T16:30:00+08:00', T0);
    expect(answersFor(d, repairs)).toEqual({
      ITEM: 'water',
      ROOMS: ['balcony'],
      COUNT: '3',
      WHEN: '2026-03-02T08:30:00.000Z',
    });
  });

  it('clears an answer set empty', () => {
    const d = withAnswer(written(), 'ITEM', '', T0);
    expect(d.attributes).toEqual({});
    expect(toggleChoice(toggleChoice(d, 'ROOMS', 'bath', T0), 'ROOMS', 'bath', T0).attributes).toEqual({});
  });
});

describe('the place', () => {
  it('takes the place of a QR code, sent by the qr channel', () => {
    const d = withQrPlace(written(), ROOM, T0);
    expect(d).toMatchObject({ place: ROOM, fromQr: true });
    expect(requestBody(d, repairs)).toMatchObject({ placeId: ROOM.id, channel: 'qr' });
  });

  it('fills in the label of a QR place learnt later, and does not undo a place chosen by hand', () => {
    const unlabelled = withQrPlace(written(), { id: ROOM.id, label: '' }, T0);
    const labelled = withQrPlace(unlabelled, ROOM, T0 + 1);
    expect(labelled.place).toEqual(ROOM);
    const byHand = withPlace(labelled, GATE, T0 + 2);
    expect(channelOf(byHand)).toBe('phone');
    // The QR link opened again (a reload): the hand's choice stays.
    expect(withQrPlace(byHand, ROOM, T0 + 3)).toBe(byHand);
    // Another QR code: the latest thing the reporter did.
    expect(withQrPlace(byHand, { id: 'another', label: '西门' }, T0 + 4).place?.id).toBe('another');
  });
});

describe('photos', () => {
  it('keeps at most six, and a photo removed while uploading stays removed', () => {
    let d = written();
    for (let i = 0; i < 8; i++) d = addPhoto(d, photo(`p${i}`), 6, T0);
    expect(d.photos.map((p) => p.localId)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    d = removePhoto(d, 'p1', T0);
    const after = photoUploaded(d, 'p1', FILE, T0);
    expect(after).toBe(d);
    expect(pendingPhotos(photoUploaded(d, 'p0', FILE, T0)).map((p) => p.localId)).toEqual([
      'p2',
      'p3',
      'p4',
      'p5',
    ]);
  });

  it('sends the server ids of the uploaded photos', () => {
    const d = photoUploaded(addPhoto(written(), photo('p0'), 6, T0), 'p0', FILE, T0);
    expect(requestBody(d, repairs).photos).toEqual([FILE]);
  });
});

describe('sending and retrying', () => {
  it('sends the trimmed form with its key, identity and channel', () => {
    const d = edit(written(), { identity: 'sealed', address: ' 3楼东侧楼梯间 ' }, T0);
    expect(requestBody(d, repairs)).toEqual({
      idempotencyKey: KEY,
      categoryId: repairs.id,
      description: '卫生间水龙头一直漏水',
      address: '3楼东侧楼梯间',
      photos: [],
      attributes: { ITEM: 'water' },
      identity: 'sealed',
      channel: 'phone',
    });
    const located = edit(d, { position: { lon: 118.5, lat: 37.4, accuracy: 20 } }, T0);
    expect(requestBody(located, repairs)).toMatchObject({ lon: 118.5, lat: 37.4 });
  });

  it('retries with the same key and the channel of the first attempt, whatever changed since', () => {
    const first = startAttempt(withQrPlace(written(), ROOM, T0), T0);
    expect(first).toMatchObject({ attempts: 1, sentChannel: 'qr' });
    const failed = attemptFailed(first, network, T0 + 30_000);
    expect(failed.lastError).toEqual(network);
    // The reporter changes the place by hand before trying again.
    const changed = withPlace(failed, GATE, T0 + 40_000);
    const second = startAttempt(changed, T0 + 50_000);
    expect(second).toMatchObject({ attempts: 2, lastError: null });
    expect(requestBody(second, repairs)).toMatchObject({
      idempotencyKey: KEY,
      channel: 'qr',
      placeId: GATE.id,
    });
  });

  it('survives the page being closed: read back, it retries with the same key', () => {
    const failed = attemptFailed(
      startAttempt(addPhoto(written(), photo('p0', FILE), 6, T0), T0),
      network,
      T0,
    );
    const back = parseDraft(JSON.stringify(failed), USER);
    expect(back).toEqual(failed);
    expect(requestBody(startAttempt(back!, T0 + 1), repairs).idempotencyKey).toBe(KEY);
  });

  it('tells a passing failure (retry as it is) from the server refusing what was sent', () => {
    for (const status of [0, 408, 429, 500, 502, 503])
      expect(isPassing({ status, code: 'x', message: '' }), String(status)).toBe(true);
    expect(isPassing({ status: 403, code: 'auth.csrf', message: '' })).toBe(true);
    for (const status of [400, 401, 403, 404, 409, 413])
      expect(isPassing({ status, code: 'requests.bad_attribute', message: '' }), String(status)).toBe(false);
  });
});

describe('the stored draft', () => {
  it('is not shown to another account signing in on the phone', () => {
    expect(parseDraft(JSON.stringify(written()), 'someone-else')).toBeNull();
  });

  it('drops what does not read rather than the whole draft, and nothing without a valid key', () => {
    const raw = JSON.stringify({
      ...written(),
      identity: 'secret',
      photos: [photo('p0'), { fileId: 'x' }, 'junk'],
      attributes: { ITEM: 'water', BAD: 3, LIST: ['a', 1] },
      place: { id: 5 },
    });
    expect(parseDraft(raw, USER)).toMatchObject({
      identity: 'named',
      photos: [photo('p0')],
      attributes: { ITEM: 'water', LIST: ['a'] },
      place: null,
      description: ' 卫生间水龙头一直漏水 ',
    });
    expect(parseDraft(JSON.stringify({ ...written(), key: 'short' }), USER)).toBeNull();
    expect(parseDraft('not json', USER)).toBeNull();
    expect(parseDraft(null, USER)).toBeNull();
  });

  it('counts as worth keeping once anything was written or picked', () => {
    expect(hasContent(newDraft(USER, KEY, T0))).toBe(false);
    expect(hasContent(written())).toBe(true);
    expect(hasContent(edit(newDraft(USER, KEY, T0), { description: ' ' }, T0))).toBe(false);
  });
});
