import { describe, expect, it } from 'vitest';
import { canHoldLevel, coverage, type CoverageGrid } from './grids.model.js';

const grid = (id: string, level: CoverageGrid['level'], leader: string | null = 'u'): CoverageGrid => ({
  id,
  code: id,
  name: id,
  kind: ['campus', 'zone', 'building', 'floor', 'room'].includes(level) ? 'physical' : 'virtual',
  level,
  leaderUserId: leader,
});

describe('grid levels', () => {
  it('nests physical and virtual levels downward only, never across', () => {
    expect(canHoldLevel(null, 'campus')).toBe(true);
    expect(canHoldLevel('campus', 'building')).toBe(true);
    expect(canHoldLevel('building', 'zone')).toBe(false);
    expect(canHoldLevel('college', 'class')).toBe(true);
    expect(canHoldLevel('building', 'class')).toBe(false);
    expect(canHoldLevel(null, 'room')).toBe(false);
  });
});

describe('coverage', () => {
  const rooms = [
    { id: 'r1', code: 'A-101', name: '101', path: '/bA/fA1/r1/', orgPath: '/s/' },
    { id: 'r2', code: 'A-102', name: '102', path: '/bA/fA1/r2/', orgPath: '/s/' },
    { id: 'r3', code: 'B-101', name: 'B101', path: '/bB/fB1/r3/', orgPath: '/s/' },
  ];
  const students = [
    { id: 's1', studentNo: '1', name: '甲', classPath: '/s/c1/k1/', bedPath: '/bA/fA1/r1/' },
    { id: 's2', studentNo: '2', name: '乙', classPath: '/s/c1/k2/', bedPath: null },
  ];

  it('finds a room in no building grid, a room in two, and a grid without a leader', () => {
    const r = coverage({
      grids: [
        grid('campus', 'campus'),
        grid('gA', 'building'),
        grid('gA2', 'building', null),
        grid('col', 'college'),
        grid('k1', 'class'),
        grid('k2', 'class'),
      ],
      bindings: [
        { gridId: 'campus', orgPath: '/s/', placePath: null },
        { gridId: 'gA', orgPath: null, placePath: '/bA/' },
        { gridId: 'gA2', orgPath: null, placePath: '/bA/fA1/r2/' },
        { gridId: 'col', orgPath: '/s/c1/', placePath: null },
        { gridId: 'k1', orgPath: '/s/c1/k1/', placePath: null },
        { gridId: 'k2', orgPath: '/s/c1/k2/', placePath: null },
      ],
      rooms,
      students,
    });
    const building = r.levels.find((l) => l.level === 'building')!;
    expect(building).toMatchObject({ total: 3, covered: 1, gaps: 1, overlaps: 1, percent: 33.3 });
    expect(r.gaps).toEqual([expect.objectContaining({ id: 'r3', level: 'building', grids: [] })]);
    expect(r.overlaps[0]).toMatchObject({ id: 'r2', grids: [{ id: 'gA' }, { id: 'gA2' }] });
    expect(r.levels.find((l) => l.level === 'campus')).toMatchObject({ percent: 100 });
    expect(r.levels.find((l) => l.level === 'class')).toMatchObject({ total: 2, covered: 2 });
    expect(r.levels.some((l) => l.level === 'zone')).toBe(false);
    expect(r.gridsWithoutLeader.map((g) => g.id)).toEqual(['gA2']);
    expect(r.studentsWithoutBed).toBe(1);
  });

  it('counts only students with a bed at the dorm-room level', () => {
    const r = coverage({
      grids: [grid('d1', 'dorm_room')],
      bindings: [{ gridId: 'd1', orgPath: null, placePath: '/bA/fA1/r1/' }],
      rooms: [],
      students,
    });
    expect(r.levels).toEqual([
      expect.objectContaining({ level: 'dorm_room', total: 1, covered: 1, percent: 100 }),
    ]);
    expect(r.overall).toBe(100);
  });
});
