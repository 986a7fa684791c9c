import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { addChinaDays, chinaDayStart } from '../../kernel/calendar/index.js';
import type { ListFilter } from './requests.repository.js';
import { type listQuery } from './requests.schemas.js';

/** What the requests routes share: their parameters, the list's filter, a photo sent back. */

export const idParams = z.object({ id: z.uuid() });
export const tokenParams = z.object({ token: z.string().min(1).max(64) });
export const schoolParams = z.object({ schoolId: z.uuid() });

/** A China date's start, and the day after another's (the list's [from, to] are whole days). */
export function filterOf(q: z.infer<typeof listQuery>): ListFilter {
  return {
    schoolId: q.schoolId,
    status: q.status,
    open: q.open === undefined ? undefined : q.open === 'true',
    categoryId: q.categoryId,
    unitId: q.unitId,
    channel: q.channel,
    overdue: q.overdue === 'true' || undefined,
    q: q.q,
    from: q.from ? chinaDayStart(q.from) : undefined,
    to: q.to ? chinaDayStart(addChinaDays(q.to, 1)) : undefined,
  };
}

export function sendPhoto(
  reply: FastifyReply,
  f: { file: { mime: string; size: number }; stream: NodeJS.ReadableStream },
) {
  reply.header('content-type', f.file.mime);
  reply.header('content-length', String(f.file.size));
  reply.header('x-content-type-options', 'nosniff');
  reply.header('cache-control', 'private, max-age=3600');
  return reply.send(f.stream);
}
