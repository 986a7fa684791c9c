import { describe, expect, it } from 'vitest';
import { formatMessage } from './message';

describe('formatMessage', () => {
  const grids = '{count, plural, one {# grid} other {# grids}} found';
  it('chooses the plural form by the language’s rules', () => {
    expect(formatMessage(grids, { count: 1 }, 'en-US')).toBe('1 grid found');
    expect(formatMessage(grids, { count: 2 }, 'en-US')).toBe('2 grids found');
    expect(formatMessage(grids, { count: 0 }, 'en-US')).toBe('0 grids found');
    expect(formatMessage('{n, plural, other {# 个网格}}', { n: 1 }, 'zh-CN')).toBe('1 个网格');
  });
  it('fills plain parameters and keeps unknown ones', () => {
    expect(formatMessage('{lead} days, {x}', { lead: 3 }, 'en-US')).toBe('3 days, {x}');
    expect(formatMessage('{n, plural, =0 {none} one {one} other {#}}', { n: 0 }, 'en-US')).toBe('none');
  });
});
