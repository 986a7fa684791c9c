import { describe, expect, it } from 'vitest';
import { formatChinaTime, isLate, statusTone } from './format';
import { REQUEST_STATUSES } from './types';

const NOW = Date.parse('2026-03-02T08:00:00Z');

describe('times in China time', () => {
  it('shows a deadline in Beijing time whatever the phone zone is', () => {
    // 09:30 UTC is 17:30 in Beijing.
    const zh = formatChinaTime('2026-03-05T09:30:00Z', 'zh-CN', NOW);
    expect(zh).toContain('3月5日');
    expect(zh).toContain('17:30');
    expect(zh).not.toContain('2026');
    const en = formatChinaTime('2026-03-05T09:30:00Z', 'en-US', NOW);
    expect(en).toContain('Mar');
    expect(en).toContain('17:30');
  });
  it('crosses midnight in China, not in UTC', () => {
    expect(formatChinaTime('2026-03-05T16:30:00Z', 'zh-CN', NOW)).toContain('3月6日');
  });
  it('adds the year when it is not this year, and nothing for a bad time', () => {
    expect(formatChinaTime('2027-01-04T02:00:00Z', 'zh-CN', NOW)).toContain('2027');
    expect(formatChinaTime('nonsense', 'zh-CN', NOW)).toBe('');
  });
});

describe('statuses', () => {
  it('gives every status a tone', () => {
    for (const s of REQUEST_STATUSES) expect(statusTone(s), s).toBeTruthy();
    expect(statusTone('revisit')).toBe('waiting');
    expect(statusTone('closed')).toBe('done');
  });
  it('counts a request late only while it is still being worked on', () => {
    expect(isLate('2026-03-01T00:00:00Z', 'in_progress', NOW)).toBe(true);
    expect(isLate('2026-03-03T00:00:00Z', 'in_progress', NOW)).toBe(false);
    expect(isLate('2026-03-01T00:00:00Z', 'closed', NOW)).toBe(false);
    expect(isLate('2026-03-01T00:00:00Z', 'revisit', NOW)).toBe(false);
  });
});
