import { z } from 'zod';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import {
  createOrgBody,
  idParams,
  linkBody,
  linkListSchema,
  orgListSchema,
  orgSchema,
  updateOrgBody,
} from './orgs.schemas.js';
import type { OrgsService } from './orgs.service.js';

export function orgsRoutes(app: ZodApp, svc: OrgsService): void {
  const tags = ['orgs'];
  app.get(
    '/api/orgs',
    { schema: { tags, summary: 'Organisations the caller may read', response: { 200: orgListSchema } } },
    async (req) => ({ items: await svc.list(actorOf(req)) }),
  );
  app.post(
    '/api/orgs',
    {
      schema: {
        tags,
        summary: 'Create an organisation under a parent',
        body: createOrgBody,
        response: { 201: orgSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/orgs/:id',
    {
      schema: {
        tags,
        summary: 'Change an organisation',
        params: idParams,
        body: updateOrgBody,
        response: { 200: orgSchema },
      },
    },
    async (req) => svc.update(actorOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/org-links',
    {
      schema: {
        tags,
        summary: 'Jurisdiction and supervision links visible to the caller',
        response: { 200: linkListSchema },
      },
    },
    async (req) => ({ items: await svc.listLinks(actorOf(req)) }),
  );
  app.post(
    '/api/org-links',
    {
      schema: {
        tags,
        summary: 'Link a school to a police station or a supervising authority',
        body: linkBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.link(actorOf(req), req.body);
      return reply.status(204).send(null);
    },
  );
}
