import { describe, expect, it } from 'vitest';
import { canHoldChild, linkKindFor } from './orgs.model.js';

describe('organisation tree shape', () => {
  it('allows schools under regions and classes under colleges, not the reverse', () => {
    expect(canHoldChild('region', 'school')).toBe(true);
    expect(canHoldChild('college', 'class')).toBe(true);
    expect(canHoldChild('class', 'college')).toBe(false);
    expect(canHoldChild('police_station', 'school')).toBe(false);
  });
  it('links police stations by jurisdiction and bureaus by supervision', () => {
    expect(linkKindFor('police_station')).toBe('jurisdiction');
    expect(linkKindFor('education_bureau')).toBe('supervision');
    expect(linkKindFor('school')).toBeNull();
  });
});
