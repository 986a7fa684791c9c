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

describe('the messages the issue found slipping', () => {
  it('say one and many as English does', () => {
    const hours = '{n, plural, one {# working hour} other {# working hours}}';
    expect(formatMessage(hours, { n: 1 }, 'en-US')).toBe('1 working hour');
    expect(formatMessage(hours, { n: 2 }, 'en-US')).toBe('2 working hours');
    const rule =
      '{lead, plural, one {# day} other {# days}} ahead, every {interval, plural, one {# day} other {# days}}';
    expect(formatMessage(rule, { lead: 3, interval: 1 }, 'en-US')).toBe('3 days ahead, every 1 day');
  });
});
