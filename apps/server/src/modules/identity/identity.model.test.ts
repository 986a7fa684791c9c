import { describe, expect, it } from 'vitest';
import { lockMinutesAfter, normaliseUsername, sessionAlive } from './identity.model.js';

describe('lockout back-off', () => {
  it('doubles each lock in a row, up to a day', () => {
    expect([0, 1, 2, 3].map((n) => lockMinutesAfter(n, 15))).toEqual([15, 30, 60, 120]);
    expect(lockMinutesAfter(40, 15)).toBe(24 * 60);
  });
});

describe('session life', () => {
  const start = new Date('2026-03-02T08:00:00Z');
  const s = { lastSeenAt: start, expiresAt: new Date('2026-03-03T08:00:00Z') };
  it('lives while used within the idle time and before the absolute end', () => {
    expect(sessionAlive(s, new Date('2026-03-02T09:59:00Z'), 120)).toBe(true);
    expect(sessionAlive(s, new Date('2026-03-02T10:00:00Z'), 120)).toBe(false);
    expect(
      sessionAlive(
        { ...s, lastSeenAt: new Date('2026-03-03T07:59:00Z') },
        new Date('2026-03-03T08:00:00Z'),
        120,
      ),
    ).toBe(false);
  });
  it('user names are case-insensitive', () => {
    expect(normaliseUsername('  School.Admin ')).toBe('school.admin');
  });
});
