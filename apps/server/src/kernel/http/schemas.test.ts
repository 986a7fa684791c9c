import { describe, expect, it } from 'vitest';
import { dateInput, intParam, isoDateTime, isoDay, isoMonth, parseDecimal } from './schemas.js';

describe('strict decimal numbers', () => {
  it('reads decimals and nothing else', () => {
    expect(parseDecimal('12')).toBe(12);
    expect(parseDecimal('-3.25')).toBe(-3.25);
    for (const s of ['', ' ', '0x10', '1e3', 'Infinity', 'NaN', '+1', '1.', '.5', ' 1'])
      expect(parseDecimal(s), s).toBeNull();
  });

  it('refuses what z.coerce.number() took as 0 or 16', () => {
    const page = intParam(1, 100, 1);
    expect(page.parse(undefined)).toBe(1);
    expect(page.parse('7')).toBe(7);
    for (const s of [' ', '0x10', '']) expect(page.safeParse(s).success, JSON.stringify(s)).toBe(false);
  });
});

describe('dates bounded to 2000–2100', () => {
  it('refuses years PostgreSQL or people cannot mean', () => {
    expect(isoDay().safeParse('0000-01-01').success).toBe(false);
    expect(isoDay().safeParse('2026-12-07').success).toBe(true);
    expect(isoMonth().safeParse('0456-02').success).toBe(false);
    expect(isoMonth().safeParse('2026-02').success).toBe(true);
    expect(isoDateTime().safeParse('2101-01-01T00:00:00Z').success).toBe(false);
    expect(dateInput().safeParse('+275760-09-13T00:00:00Z').success).toBe(false);
    expect(dateInput().parse('2026-12-07T08:00:00+08:00')).toEqual(new Date('2026-12-07T00:00:00Z'));
  });
});
