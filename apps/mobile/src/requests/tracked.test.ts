import { describe, expect, it } from 'vitest';
import {
  TRACKED_MAX,
  entriesOf,
  listRows,
  parseTracked,
  remember,
  tokensToRead,
  type TrackedEntry,
} from './tracked';
import type { MyRequest, Tracked } from './types';

const U = 'user-1';
const entry = (n: number, over: Partial<TrackedEntry> = {}): TrackedEntry => ({
  userId: U,
  id: `id-${n}`,
  no: `Q20260302${String(n).padStart(5, '0')}`,
  token: `token${String(n).padStart(27, '0')}`,
  identity: 'named',
  categoryName: '宿舍报修',
  receivedAt: new Date(Date.parse('2026-03-02T08:00:00Z') + n * 60_000).toISOString(),
  ...over,
});

const mine = (e: TrackedEntry, over: Partial<MyRequest> = {}): MyRequest => ({
  id: e.id,
  no: e.no,
  categoryName: e.categoryName,
  description: '水龙头漏水',
  status: 'dispatched',
  closeKind: null,
  identity: e.identity,
  receivedAt: e.receivedAt,
  canRate: false,
  ...over,
});

describe('requests remembered on the phone', () => {
  it('keeps the newest first, once each, and the token of an earlier filing', () => {
    let list = remember([], entry(1));
    list = remember(list, entry(2));
    list = remember(list, entry(1, { token: null }));
    expect(list.map((e) => [e.id, e.token])).toEqual([
      ['id-1', entry(1).token],
      ['id-2', entry(2).token],
    ]);
    for (let i = 0; i < TRACKED_MAX + 5; i++) list = remember(list, entry(100 + i));
    expect(list).toHaveLength(TRACKED_MAX);
  });

  it('shows each account only its own', () => {
    const list = [entry(1), entry(2, { userId: 'user-2' })];
    expect(entriesOf(list, U).map((e) => e.id)).toEqual(['id-1']);
  });

  it('reads back what it stored, dropping what does not read', () => {
    const list = [entry(1), entry(2, { identity: 'anonymous' })];
    expect(parseTracked(JSON.stringify([...list, { id: 'x' }, 'junk']))).toEqual(list);
    expect(parseTracked('{')).toEqual([]);
    expect(parseTracked(null)).toEqual([]);
  });
});

describe('the list of my requests', () => {
  const named = entry(1);
  const anonymous = entry(2, { identity: 'anonymous' });
  const sealed = entry(3, { identity: 'sealed' });

  it("lists the server's, then the anonymous ones read by their links, newest first", () => {
    const tracked = {
      status: 'revisit',
      canRate: true,
      categoryName: '宿舍问题',
      description: '噪音',
    } as Tracked;
    const rows = listRows([mine(sealed), mine(named)], [named, anonymous, sealed], {
      [anonymous.token!]: { data: tracked },
    });
    expect(rows.map((r) => [r.no, r.status, r.canRate, 'token' in r.link])).toEqual([
      [sealed.no, 'dispatched', false, false],
      [anonymous.no, 'revisit', true, true],
      [named.no, 'dispatched', false, false],
    ]);
    expect(rows[0]?.identity).toBe('sealed');
  });

  it('reads only the anonymous ones the server does not list', () => {
    expect(tokensToRead([mine(named)], [named, anonymous, sealed])).toEqual([anonymous.token]);
    expect(tokensToRead(undefined, [anonymous, entry(4, { identity: 'anonymous', token: null })])).toEqual([
      anonymous.token,
    ]);
  });

  it("shows what the phone remembers while the server's list cannot be read", () => {
    const rows = listRows(undefined, [named, anonymous], {});
    expect(rows.map((r) => [r.no, r.status, 'token' in r.link])).toEqual([
      [anonymous.no, null, true],
      [named.no, null, false],
    ]);
  });

  it('marks an anonymous one whose link no longer works', () => {
    const rows = listRows([], [anonymous], { [anonymous.token!]: { gone: true } });
    expect(rows[0]).toMatchObject({ lost: true, status: null });
  });

  it("drops a named one the server no longer lists (another account's, or removed)", () => {
    expect(listRows([], [named], {})).toEqual([]);
  });
});
