import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

/** GET /api/grids read a part at a time: the tree's top, a grid's children, pages, a search. */
interface Grid {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  level: string;
  kind: string;
  childCount: number;
}
interface GridList {
  items: Grid[];
  total?: number;
  ancestors?: Grid[];
}

let rt: TestRuntime;
let admin: Session;
let school: string;
let all: Grid[];

const list = async (s: Session, query: string) => {
  const res = await s.call('GET', `/api/grids?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<GridList>();
};

beforeAll(async () => {
  rt = await testRuntime();
  admin = await rt.login('school.admin');
  school = await orgId(rt, 'DYVTC');
  all = (await list(admin, `schoolId=${school}`)).items;
});
afterAll(async () => rt.dispose());

describe('the grid tree, read lazily', () => {
  it('without paging or tree parameters the whole list comes as before, with no total', async () => {
    const res = await list(admin, `schoolId=${school}`);
    expect(res.items.length).toBeGreaterThan(20);
    expect(res.total).toBeUndefined();
    expect(res.ancestors).toBeUndefined();
  });

  it('roots=true gives the top grids; each grid’s children come by parentId and add up to its childCount', async () => {
    const roots = (await list(admin, `schoolId=${school}&roots=true`)).items;
    expect(roots.map((g) => g.id).sort()).toEqual(
      all
        .filter((g) => !g.parentId)
        .map((g) => g.id)
        .sort(),
    );
    // Walking the tree one level at a time finds every grid exactly once.
    const seen: string[] = [];
    let level = roots;
    while (level.length) {
      seen.push(...level.map((g) => g.id));
      const next: Grid[] = [];
      for (const g of level.filter((x) => x.childCount > 0)) {
        const children = (await list(admin, `parentId=${g.id}`)).items;
        expect(children.length, g.code).toBe(g.childCount);
        expect(children.every((c) => c.parentId === g.id)).toBe(true);
        next.push(...children);
      }
      level = next;
    }
    expect(seen.sort()).toEqual(all.map((g) => g.id).sort());
  });

  it('pages: pageSize gives one page of the matches in tree order, and their total', async () => {
    const first = await list(admin, `schoolId=${school}&page=1&pageSize=7`);
    const second = await list(admin, `schoolId=${school}&page=2&pageSize=7`);
    expect(first.total).toBe(all.length);
    expect(first.items.map((g) => g.id)).toEqual(all.slice(0, 7).map((g) => g.id));
    expect(second.items.map((g) => g.id)).toEqual(all.slice(7, 14).map((g) => g.id));
    const beyond = await list(admin, `schoolId=${school}&page=1000&pageSize=7`);
    expect(beyond).toEqual({ items: [], total: all.length });
  });

  it('a search with withAncestors brings the way to each match, and nothing twice', async () => {
    const match = all.find((g) => g.level === 'room' || g.level === 'floor')!;
    const res = await list(
      admin,
      `schoolId=${school}&q=${encodeURIComponent(match.code)}&withAncestors=true`,
    );
    expect(res.items.map((g) => g.id)).toContain(match.id);
    const byId = new Map(all.map((g) => [g.id, g]));
    const way: string[] = [];
    for (let p = match.parentId; p; p = byId.get(p)?.parentId ?? null) way.push(p);
    expect(way.length).toBeGreaterThan(0);
    const ancestors = res.ancestors!.map((g) => g.id);
    for (const id of way) expect(ancestors).toContain(id);
    const listed = new Set(res.items.map((g) => g.id));
    expect(ancestors.filter((id) => listed.has(id))).toEqual([]);
    expect(new Set(ancestors).size).toBe(ancestors.length);
  });

  it('a grid leader’s tree starts at their own grid, and a search shows no ancestor above it', async () => {
    const leader = await rt.login('grid.leader');
    const roots = (await list(leader, 'roots=true')).items;
    expect(roots).toHaveLength(1);
    const own = roots[0]!;
    expect(own.level).toBe('building');
    expect(own.parentId).not.toBeNull();
    const deep = all.find((g) => g.parentId && g.code.startsWith(`${own.code}-`) && g.level === 'room');
    const q = deep ? deep.code : own.code;
    const res = await list(leader, `q=${encodeURIComponent(q)}&withAncestors=true`);
    expect(res.items.length).toBeGreaterThan(0);
    const above = all.filter((g) => g.id === own.parentId).map((g) => g.id);
    expect(res.ancestors!.map((g) => g.id)).not.toContain(above[0]);
  });

  it('refuses a page size over 500 or a roots value other than true/false with 400', async () => {
    for (const q of ['pageSize=501', 'page=0&pageSize=5', 'roots=yes', 'withAncestors=1']) {
      const res = await admin.call('GET', `/api/grids?${q}`);
      expect(res.statusCode, q).toBe(400);
    }
  });
});
