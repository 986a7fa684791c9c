import { describe, expect, it } from 'vitest';
import { cleanText, findBadText } from './text.js';

describe('text the database cannot store', () => {
  it('finds NUL, control characters and lone surrogates in values and keys, with their path', () => {
    expect(findBadText({ a: ['ok', 'x\u0000'] })).toEqual({ path: '/a/1', problem: 'control_character' });
    expect(findBadText({ 'k\u0001': 1 })).toEqual({ path: '/k\u0001', problem: 'control_character' });
    expect(findBadText({ n: { d: 'a\ud800' } })).toEqual({ path: '/n/d', problem: 'unpaired_surrogate' });
    expect(findBadText({ t: 'tab\tnew\nline\r', emoji: '😀', zh: '安校' })).toBeNull();
  });

  it('cleans instead of refusing where an answer must never be a refusal', () => {
    expect(cleanText({ note: 'help\u0000 me\u0007', ok: 'a\tb' })).toEqual({ note: 'help me', ok: 'a\tb' });
    expect(cleanText('x\ud800')).toBe('x\ufffd');
  });
});
