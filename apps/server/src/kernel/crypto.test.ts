import { describe, expect, it } from 'vitest';
import { FieldCrypto } from './crypto.js';

describe('field encryption', () => {
  const c = new FieldCrypto('0f'.repeat(32));
  it('round-trips, with a fresh nonce each time, and refuses tampering', () => {
    const a = c.encrypt('370502200601011234');
    const b = c.encrypt('370502200601011234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('3705');
    expect(c.decrypt(a)).toBe('370502200601011234');
    const parts = a.split(':');
    parts[3] = Buffer.from('tampered').toString('base64');
    expect(() => c.decrypt(parts.join(':'))).toThrow();
  });
  it('another key cannot read it; the lookup hash is stable per key', () => {
    const other = new FieldCrypto('1e'.repeat(32));
    expect(() => other.decrypt(c.encrypt('x'))).toThrow();
    expect(c.lookupHash('x')).toBe(c.lookupHash('x'));
    expect(c.lookupHash('x')).not.toBe(other.lookupHash('x'));
  });
});
