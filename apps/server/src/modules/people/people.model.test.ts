import { describe, expect, it } from 'vitest';
import { maskPhone } from '@anxiao/contracts';
import { makeNationalId, maskNationalId, validNationalId } from './people.model.js';

describe('national ID', () => {
  it('accepts a correct check digit and refuses a wrong one', () => {
    const id = makeNationalId('37050220050301123');
    expect(validNationalId(id)).toBe(true);
    const wrong = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
    expect(validNationalId(wrong)).toBe(false);
    expect(validNationalId('3705022005030112')).toBe(false);
  });
  it('is shown masked: region and last four only', () => {
    expect(maskNationalId('370502200503011234')).toBe('370502********1234');
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});
