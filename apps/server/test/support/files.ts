import type { FastifyInstance } from 'fastify';
import type { Session } from './runtime.js';

/** A 1×1 PNG: the smallest real image the content check accepts. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Upload as a browser form would (multipart, with the session's CSRF token). */
export function uploadFile(
  app: FastifyInstance,
  s: Session,
  opts: { data?: Buffer; name?: string; type?: string; orgId?: string } = {},
) {
  const boundary = '----anxiao';
  const { data = PNG, name = 'photo.png', type = 'image/png' } = opts;
  return app.inject({
    method: 'POST',
    url: opts.orgId ? `/api/files?orgId=${opts.orgId}` : '/api/files',
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
}
