import { Readable } from 'node:stream';
import { z } from 'zod';
import { errors } from '../errors.js';
import { actorOf, type ZodApp } from '../http/http.js';
import type { FilesService } from './files.service.js';

const stored = z
  .object({
    id: z.uuid(),
    orgId: z.uuid(),
    mime: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    originalName: z.string(),
    createdAt: z.date(),
  })
  .meta({ id: 'StoredFile' });

export function filesRoutes(app: ZodApp, svc: FilesService): void {
  app.post(
    '/api/files',
    {
      schema: {
        tags: ['files'],
        summary:
          'Upload one file (multipart field "file"; "orgId" field or query). Type is checked from the content.',
        querystring: z.object({ orgId: z.uuid().optional() }),
        consumes: ['multipart/form-data'],
        response: { 201: stored },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const part = await req.file();
      if (!part) throw errors.validation({ reason: 'no file part' });
      const field = part.fields['orgId'];
      const fieldValue =
        field && !Array.isArray(field) && field.type === 'field' ? String(field.value) : undefined;
      const orgId = req.query.orgId ?? fieldValue ?? actor.memberships[0]?.orgId;
      if (!orgId || !z.uuid().safeParse(orgId).success) throw errors.validation({ reason: 'orgId missing' });
      // Streamed into the store: the multipart limit (UPLOAD_MAX_BYTES) cuts a larger file short,
      // which fails the upload before the store keeps anything.
      const file = part.file;
      async function* bounded(): AsyncGenerator<Buffer> {
        for await (const chunk of file) yield chunk as Buffer;
        if (file.truncated) throw errors.payloadTooLarge();
      }
      try {
        const f = await svc.upload(actor, {
          orgId,
          name: part.filename,
          data: Readable.from(bounded(), { objectMode: false }),
        });
        return await reply.status(201).send(f);
      } finally {
        // Whatever was refused unread is drained, so that the request ends.
        file.resume();
      }
    },
  );
  app.get(
    '/api/files/:id',
    { schema: { tags: ['files'], summary: 'Download a file', params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      const { file, stream } = await svc.open(actorOf(req), req.params.id);
      reply.header('content-type', file.mime);
      reply.header('content-length', String(file.size));
      reply.header('x-content-type-options', 'nosniff');
      reply.header(
        'content-disposition',
        `inline; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      );
      reply.header('cache-control', 'private, max-age=3600');
      return reply.send(stream);
    },
  );
}
