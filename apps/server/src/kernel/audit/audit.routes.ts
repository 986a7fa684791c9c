import { z } from 'zod';
import { intParam, isoDateTime } from '../http/schemas.js';
import { authorize } from '../access/index.js';
import type { Db } from '../db.js';
import { actorOf, type ZodApp } from '../http/http.js';
import { listAudit } from './audit.js';

const entry = z
  .object({
    id: z.uuid(),
    at: z.date(),
    actorId: z.uuid().nullable(),
    actorName: z.string(),
    ip: z.string().nullable(),
    action: z.string().describe('dotted action, e.g. user.create, auth.login'),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    orgId: z.uuid().nullable(),
    sensitive: z.boolean(),
    outcome: z.enum(['ok', 'denied', 'failed']),
    details: z.unknown(),
  })
  .meta({ id: 'AuditEntry' });

const query = z.object({
  q: z.string().trim().max(64).optional().describe('part of the actor name'),
  actorId: z.uuid().optional(),
  action: z.string().trim().max(64).optional(),
  targetType: z.string().trim().max(40).optional(),
  targetId: z.string().trim().max(64).optional(),
  sensitive: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  from: isoDateTime()
    .transform((s) => new Date(s))
    .optional(),
  to: isoDateTime()
    .transform((s) => new Date(s))
    .optional(),
  page: intParam(1, 100_000, 1),
  pageSize: intParam(1, 200, 50),
});

export function auditRoutes(app: ZodApp, db: Db): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first, within the caller’s organisations',
        querystring: query,
        response: { 200: z.object({ items: z.array(entry), total: z.number().int() }) },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const scope = authorize(actor, 'audit.read');
      return listAudit(db, scope, actor, req.query);
    },
  );
}
