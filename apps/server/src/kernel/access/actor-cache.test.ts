import { describe, expect, it } from 'vitest';
import { ActorCache } from './actor-cache.js';

const entry = (userId: string, name = userId) => ({ userId, name });

describe('ActorCache', () => {
  it('keeps at most maxEntries, dropping the least recently used', () => {
    const c = new ActorCache<{ userId: string; name: string }>({ maxEntries: 2, ttlMs: 60_000 });
    c.set('a', entry('u1'));
    c.set('b', entry('u2'));
    c.get('a');
    c.set('c', entry('u3'));
    expect([c.get('a')?.userId, c.get('b'), c.get('c')?.userId]).toEqual(['u1', undefined, 'u3']);
  });

  it('forgets an entry older than the TTL', () => {
    let now = 0;
    const c = new ActorCache<{ userId: string }>({ maxEntries: 10, ttlMs: 1000, now: () => now });
    c.set('a', entry('u1'));
    now = 999;
    expect(c.get('a')).toBeDefined();
    now = 1000;
    expect(c.get('a')).toBeUndefined();
  });

  it('drops every session of a user, and one session alone', () => {
    const c = new ActorCache<{ userId: string }>({ maxEntries: 10, ttlMs: 60_000 });
    c.set('a', entry('u1'));
    c.set('b', entry('u1'));
    c.set('c', entry('u2'));
    c.dropUser('u1');
    expect([c.get('a'), c.get('b'), c.get('c')?.userId]).toEqual([undefined, undefined, 'u2']);
    c.dropKey('c');
    expect(c.size).toBe(0);
  });

  it('shares one load between callers, and does not keep a load that a drop overtook', async () => {
    const c = new ActorCache<{ userId: string; name: string }>({ maxEntries: 10, ttlMs: 60_000 });
    let loads = 0;
    let release: (v: { userId: string; name: string }) => void = () => {};
    const load = () => {
      loads++;
      return new Promise<{ userId: string; name: string }>((r) => (release = r));
    };
    const p1 = c.getOrLoad('a', load);
    const p2 = c.getOrLoad('a', load);
    c.dropUser('u1');
    release(entry('u1', 'old roles'));
    expect((await p1)?.name).toBe('old roles');
    expect(await p2).toBe(await p1);
    expect(loads).toBe(1);
    // Read before the change: not kept, the next request reads again.
    expect(c.get('a')).toBeUndefined();
  });
});
