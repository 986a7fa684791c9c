import { z } from 'zod';
import { errors } from '../../kernel/errors.js';
import type { ZodApp } from '../../kernel/http/http.js';
import { findOrgByCode } from '../orgs/index.js';
import type { Kernel } from '../../kernel/kernel.js';
import { writeAtom } from './cap.model.js';
import type { CapService } from './cap.service.js';

/**
 * The public CAP feed (decision 0021): public by nature, so no session. It serves only what was
 * written for the public (warnings marked for the feed, alarms of the public classes), never a
 * person's data; exercises and tests are served too, marked as such. A CAP document never changes
 * once written (a change is a new message), so it is cached long; the index for a minute.
 */
const FEED_LIMIT = 100;
const config = { public: true, rateLimit: { max: 300, timeWindow: '1 minute' } };

export function capFeedRoutes(app: ZodApp, k: Kernel, svc: CapService): void {
  const tags = ['cap'];
  app.get(
    '/cap/alerts/:file',
    {
      config,
      schema: {
        tags,
        summary: 'One CAP 1.2 alert (application/cap+xml), by its identifier: /cap/alerts/<identifier>.xml',
        params: z.object({
          file: z
            .string()
            .max(210)
            .regex(/^[A-Za-z0-9._@:-]{1,200}\.xml$/, 'the alert identifier followed by .xml'),
        }),
      },
    },
    async (req, reply) => {
      const a = await svc.alert(req.params.file.slice(0, -4));
      if (!a) throw errors.notFound();
      return reply
        .header('content-type', 'application/cap+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .send(a.xml);
    },
  );
  app.get(
    '/cap/:org/feed.atom',
    {
      config,
      schema: {
        tags,
        summary:
          "An organisation's current public alerts (not expired, not cancelled) as an Atom index, by its code",
        params: z.object({
          org: z
            .string()
            .min(1)
            .max(40)
            .regex(/^[A-Za-z0-9_-]+$/, 'an organisation code'),
        }),
      },
    },
    async (req, reply) => {
      const org = await findOrgByCode(k.db, req.params.org);
      if (!org || org.status !== 'active') throw errors.notFound();
      const base = svc.cfg.CAP_PUBLIC_URL ?? `${req.protocol}://${req.host}`;
      const alerts = await svc.current(org.path, FEED_LIMIT);
      const self = `${base}/cap/${encodeURIComponent(org.code)}/feed.atom`;
      const body = writeAtom({
        id: `urn:anxiao:cap:${svc.cfg.CAP_SENDER}:${org.code}`,
        title: `${org.name} 预警 (CAP)`,
        self,
        updated: alerts[0]?.sent ?? org.createdAt,
        author: org.name,
        entries: alerts.map((a) => ({
          id: `urn:anxiao:cap:${a.identifier}`,
          title: a.headline,
          updated: a.sent,
          summary: `${a.msgType} · ${a.status}`,
          href: `${base}/cap/alerts/${encodeURIComponent(a.identifier)}.xml`,
          status: a.status,
        })),
      });
      return reply
        .header('content-type', 'application/atom+xml; charset=utf-8')
        .header('cache-control', 'public, max-age=60')
        .header('x-content-type-options', 'nosniff')
        .send(body);
    },
  );
}
