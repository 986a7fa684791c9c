import { describe, expect, it } from 'vitest';
import { redactUrl } from './logger.js';

describe('redactUrl', () => {
  it('hides Open311 keys, private-link tokens and tracking tokens, keeping the rest', () => {
    expect(redactUrl('/open311/v2/requests.json?jurisdiction_id=X&api_key=s3cret&page=2')).toBe(
      '/open311/v2/requests.json?jurisdiction_id=X&api_key=[redacted]&page=2',
    );
    expect(redactUrl('/open311/v2/tokens/abcdef123.json?api_key=k')).toBe(
      '/open311/v2/tokens/[redacted].json?api_key=[redacted]',
    );
    expect(redactUrl('/api/requests/track/TOKEN123/messages')).toBe(
      '/api/requests/track/[redacted]/messages',
    );
    expect(redactUrl('/api/places?q=a')).toBe('/api/places?q=a');
  });
});
