import { describe, expect, it } from 'vitest';
import { commonPasswords, passwordProblems, weakPasswordError } from './password-policy.js';

describe('password policy', () => {
  it('wants 10+ characters, letters and digits, and not the user name', () => {
    expect(passwordProblems('abc123', 'li')).toContain('too_short');
    expect(passwordProblems('Campus2026', 'li')).toEqual([]);
    expect(passwordProblems('abcdefghijk', 'li')).toContain('needs_letters_and_digits');
    expect(passwordProblems('zhangsan2026', 'ZhangSan')).toContain('contains_username');
  });

  it('refuses the passwords from the issue and common ones from the shipped list', () => {
    expect(passwordProblems('password1', 'li')).toContain('too_short');
    expect(passwordProblems('12345678a', 'li')).toContain('too_short');
    expect(passwordProblems('anxiao2026', 'li')).toEqual(['demo_password']);
    expect(passwordProblems('1q2w3e4r5t', 'li')).toContain('common');
    expect(passwordProblems('Password123', 'li')).toContain('common');
    expect(commonPasswords().size).toBeGreaterThan(5000);
  });

  it('allows the demo password only in demo mode', () => {
    expect(passwordProblems('anxiao2026', 'guard', { demo: true })).toEqual([]);
  });

  it('names every broken rule in both languages', () => {
    const e = weakPasswordError(['too_short', 'common']);
    expect(e.text.zh).toContain('至少 10 位');
    expect(e.text.zh).toContain('常见密码');
    expect(e.text.en).toContain('at least 10 characters');
    expect(e.details).toEqual({ problems: ['too_short', 'common'] });
  });
});

describe('the demo password', () => {
  it('is the one the demo district is seeded with', async () => {
    const { DEMO_PASSWORD } = await import('../../demo/accounts.js');
    const { DEMO_PASSWORDS } = await import('./password-policy.js');
    expect(DEMO_PASSWORDS).toContain(DEMO_PASSWORD);
  });
});
