import { describe, expect, it } from 'vitest';
import { canRemindNow, isLive, noticeSeverity, ringOf } from './warnings.model.js';

describe('how loud a warning is told', () => {
  it('rings phones only for a threat now; a drill never calls, a test wakes nobody', () => {
    const at = (
      severity: 'Extreme' | 'Severe' | 'Moderate' | 'Minor',
      urgency: 'Immediate' | 'Expected',
      capStatus: 'Actual' | 'Exercise' | 'Test' = 'Actual',
    ) => noticeSeverity({ severity, urgency, capStatus });
    expect(at('Extreme', 'Immediate')).toBe('alarm');
    expect(at('Extreme', 'Expected')).toBe('urgent');
    expect(at('Severe', 'Expected')).toBe('urgent');
    expect(at('Moderate', 'Immediate')).toBe('urgent');
    expect(at('Moderate', 'Expected')).toBe('normal');
    expect(at('Minor', 'Expected')).toBe('normal');
    expect(at('Extreme', 'Immediate', 'Exercise')).toBe('urgent');
    expect(at('Extreme', 'Immediate', 'Test')).toBe('normal');
  });
});

describe('reminders by hand', () => {
  const now = new Date('2026-12-07T06:00:00Z');
  it('are spaced five minutes apart and bounded in number', () => {
    expect(canRemindNow({ reminders: 0, remindedAt: null }, now)).toBe(true);
    expect(canRemindNow({ reminders: 1, remindedAt: new Date(now.getTime() - 4 * 60_000) }, now)).toBe(false);
    expect(canRemindNow({ reminders: 1, remindedAt: new Date(now.getTime() - 5 * 60_000) }, now)).toBe(true);
    expect(canRemindNow({ reminders: 10, remindedAt: null }, now)).toBe(false);
  });
  it('stop once the warning is cancelled or expired', () => {
    expect(isLive({ state: 'sent', expires: null }, now)).toBe(true);
    expect(isLive({ state: 'sent', expires: new Date(now.getTime() - 1) }, now)).toBe(false);
    expect(isLive({ state: 'cancelled', expires: null }, now)).toBe(false);
  });
});

describe('the CAP polygon of a school outline', () => {
  it('is the outer ring, closed', () => {
    const open: [number, number][] = [
      [118.5, 37.4],
      [118.6, 37.4],
      [118.6, 37.5],
    ];
    expect(ringOf({ coordinates: [open] })).toEqual([...open, [118.5, 37.4]]);
    expect(ringOf({ coordinates: [[...open, [118.5, 37.4]]] })).toHaveLength(4);
    expect(ringOf(null)).toBeNull();
  });
});
