import { describe, expect, it } from 'vitest';
import { afterFailure, normaliseUsername, passwordProblems, sessionAlive } from './identity.model.js';

describe('password rules', () => {
  it('want 8+ characters, letters and digits, and not the user name', () => {
    expect(passwordProblems('abc123', 'li')).toContain('too_short');
    expect(passwordProblems('abcdefgh', 'li')).toContain('needs_letters_and_digits');
    expect(passwordProblems('zhangsan2026', 'ZhangSan')).toContain('contains_username');
    expect(passwordProblems('Campus2026', 'li')).toEqual([]);
  });
});

describe('lockout', () => {
  const now = new Date('2026-03-02T08:00:00Z');
  it('counts failures and locks at the limit for the lock time', () => {
    expect(afterFailure(0, now, { maxFailures: 5, lockMinutes: 15 })).toEqual({
      failures: 1,
      lockedUntil: null,
    });
    expect(afterFailure(4, now, { maxFailures: 5, lockMinutes: 15 })).toEqual({
      failures: 0,
      lockedUntil: new Date('2026-03-02T08:15:00Z'),
    });
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
