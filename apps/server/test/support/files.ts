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
  opts: {
    data?: Buffer;
    name?: string;
    type?: string;
    orgId?: string;
    /** another upload route (a spreadsheet import) and its form fields */
    url?: string;
    fields?: Record<string, string>;
  } = {},
) {
  const boundary = '----anxiao';
  const { data = PNG, name = 'photo.png', type = 'image/png' } = opts;
  const fields = Object.entries(opts.fields ?? {})
    .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
    .join('');
  return app.inject({
    method: 'POST',
    url: opts.url ?? (opts.orgId ? `/api/files?orgId=${opts.orgId}` : '/api/files'),
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload: Buffer.concat([
      Buffer.from(
        `${fields}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      data,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Upload a sheet to the import endpoint: its dry run starts. */
export function uploadImport(
  app: FastifyInstance,
  s: Session,
  opts: { kind: string; schoolId: string; data: Buffer; name?: string },
) {
  return uploadFile(app, s, {
    url: '/api/imports',
    data: opts.data,
    name: opts.name ?? `${opts.kind}.xlsx`,
    type: XLSX_TYPE,
    fields: { kind: opts.kind, schoolId: opts.schoolId },
  });
}
