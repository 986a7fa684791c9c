import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger, redactUrl } from './logger.js';

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

describe('the request log', () => {
  it('writes no Open311 key or tracking token through Fastify', async () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => lines.push(line) });
    const app = Fastify({ loggerInstance: log });
    app.get('/open311/v2/tokens/:token', async () => ({}));
    await app.inject({ method: 'GET', url: '/open311/v2/tokens/tok-SECRET-1.json?api_key=key-SECRET-2' });
    await app.close();
    const written = lines.join('');
    expect(written).toContain('incoming request');
    expect(written).toContain('/open311/v2/tokens/[redacted].json?api_key=[redacted]');
    expect(written).not.toContain('SECRET');
  });
});
