import { describe, expect, it } from 'vitest';
import { SNAP_PHOTO_MAX, addPhoto, check, edit, newSnap, parseSnap, removePhoto, snapFields } from './snap';

const T0 = Date.parse('2026-11-30T09:00:00+08:00');
const PLACE = '01a22b24-f07f-727e-8f29-df451825b4ca';
const KEY = '6f1c2a8e-7d3b-4c1a-9e2f-0a1b2c3d4e5f';
const photo = (n: number) => ({ localId: `p${n}`, thumb: '', bytes: 1 });

describe('随手拍', () => {
  it('asks for a description and takes a phone number only if it looks like one', () => {
    const d = newSnap(PLACE, KEY, T0);
    expect(check(d)).toEqual({ description: 'required' });
    expect(check(edit(d, { description: ' 好 ' }, T0))).toEqual({ description: 'tooShort' });
    expect(check(edit(d, { description: 'x'.repeat(501) }, T0))).toEqual({ description: 'tooLong' });
    expect(check(edit(d, { description: '楼梯间堆放杂物', phone: 'call me' }, T0))).toEqual({
      phone: 'phone',
    });
    expect(check(edit(d, { description: '楼梯间堆放杂物', phone: '138 0013 8000' }, T0))).toEqual({});
  });

  it('sends its key with the fields, the phone only when given', () => {
    const d = edit(newSnap(PLACE, KEY, T0), { description: ' 楼梯间堆放杂物 ', phone: ' ' }, T0);
    expect(snapFields(d)).toEqual([
      ['placeId', PLACE],
      ['description', '楼梯间堆放杂物'],
      ['key', KEY],
    ]);
    expect(snapFields(edit(d, { phone: '13800138000' }, T0))).toContainEqual(['phone', '13800138000']);
  });

  it('takes at most 3 photos', () => {
    let d = newSnap(PLACE, KEY, T0);
    for (let n = 0; n < 5; n++) d = addPhoto(d, photo(n), T0);
    expect(d.photos).toHaveLength(SNAP_PHOTO_MAX);
    expect(removePhoto(d, 'p0', T0).photos.map((p) => p.localId)).toEqual(['p1', 'p2']);
  });

  it('is kept on the phone for the same place, with its key, for a retry after a reload', () => {
    const d = edit(addPhoto(newSnap(PLACE, KEY, T0), photo(1), T0), { description: '灭火器过期' }, T0);
    expect(parseSnap(JSON.stringify(d), PLACE)).toEqual(d);
    expect(parseSnap(JSON.stringify(d), '01a22b24-0000-7000-8000-000000000000')).toBeNull();
    expect(parseSnap(JSON.stringify({ ...d, key: 'no' }), PLACE)).toBeNull();
    expect(parseSnap('{', PLACE)).toBeNull();
  });
});
