import { z } from 'zod';
import { errors } from '../errors.js';
import { actorOf, type ZodApp } from '../http/http.js';
import type { ImportsService } from './imports.service.js';
import { sendXlsx } from './xlsx.js';

const text = z.object({ zh: z.string(), en: z.string() });
const importSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    orgId: z.uuid().describe('the school'),
    fileName: z.string(),
    mode: z.enum(['dry_run', 'apply']),
    dryRunId: z.uuid().nullable(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    phase: z.enum(['queued', 'reading', 'checking', 'writing', 'done']),
    done: z.number().int(),
    total: z.number().int(),
    summary: z
      .object({
        rows: z.number().int(),
        create: z.number().int(),
        update: z.number().int(),
        unchanged: z.number().int(),
        invalid: z.number().int(),
        skipped: z.number().int().optional().describe("the template's example rows, left out"),
      })
      .nullable(),
    problems: z
      .array(z.object({ row: z.number().int(), column: z.string(), value: z.string(), reason: text }))
      .nullable()
      .describe('row-by-row problems (at most 5,000; problemCount has the total)'),
    problemCount: z.number().int(),
    failure: text
      .extend({ code: z.string().optional().describe('the rule, e.g. sheets.too_large') })
      .nullable()
      .describe('why the whole file was refused'),
    createdAt: z.date(),
    finishedAt: z.date().nullable(),
  })
  .meta({ id: 'Import' });

const kindParam = z.object({ kind: z.string().max(40) });
const idParam = z.object({ id: z.uuid() });

export function importsRoutes(app: ZodApp, svc: ImportsService): void {
  const tags = ['imports'];
  app.get(
    '/api/imports/kinds',
    {
      schema: {
        tags,
        summary: 'The kinds of sheet the caller may import, with their columns',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                kind: z.string(),
                title: text,
                permission: z.string(),
                columns: z.array(
                  z.object({
                    key: z.string(),
                    header: z.string(),
                    headerEn: z.string(),
                    required: z.boolean(),
                    note: z.string().nullable(),
                  }),
                ),
              }),
            ),
          }),
        },
      },
    },
    async (req) => ({ items: svc.kinds(actorOf(req)) }),
  );
  app.get(
    '/api/imports/templates/:kind',
    { schema: { tags, summary: 'Download the blank template (xlsx, Chinese headers)', params: kindParam } },
    async (req, reply) => {
      const { name, data } = await svc.template(actorOf(req), req.params.kind);
      return sendXlsx(reply, name, data);
    },
  );
  app.post(
    '/api/imports',
    {
      schema: {
        tags,
        summary: 'Upload a sheet (multipart: "kind", "schoolId", "file") and start its dry run',
        consumes: ['multipart/form-data'],
        response: { 202: importSchema },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const part = await req.file();
      if (!part) throw errors.validation({ reason: 'no file part' });
      const data = await part.toBuffer();
      if (part.file.truncated) throw errors.payloadTooLarge();
      const field = (name: string) => {
        const f = part.fields[name];
        return f && !Array.isArray(f) && f.type === 'field' ? String(f.value) : '';
      };
      const input = z
        .object({ kind: z.string().min(1).max(40), schoolId: z.uuid() })
        .safeParse({ kind: field('kind'), schoolId: field('schoolId') });
      if (!input.success)
        throw errors.validation({ issues: input.error.issues.map((i) => i.path.join('.')) });
      const row = await svc.start(actor, { ...input.data, fileName: part.filename, data });
      return reply.status(202).send(row);
    },
  );
  app.get(
    '/api/imports',
    {
      schema: {
        tags,
        summary: 'Recent imports the caller may see',
        querystring: z.object({ schoolId: z.uuid().optional(), kind: z.string().max(40).optional() }),
        response: { 200: z.object({ items: z.array(importSchema.omit({ problems: true })) }) },
      },
    },
    async (req) => ({ items: await svc.list(actorOf(req), req.query) }),
  );
  app.get(
    '/api/imports/:id',
    {
      schema: {
        tags,
        summary: 'One import: progress, summary and problems',
        params: idParam,
        response: { 200: importSchema },
      },
    },
    async (req) => svc.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/imports/:id/apply',
    {
      schema: {
        tags,
        summary: 'Import the valid rows of a finished dry run',
        params: idParam,
        response: { 202: importSchema },
      },
    },
    async (req, reply) => reply.status(202).send(await svc.apply(actorOf(req), req.params.id)),
  );
  app.get(
    '/api/imports/:id/problems.xlsx',
    { schema: { tags, summary: 'The problems of an import as a sheet', params: idParam } },
    async (req, reply) => {
      const { name, data } = await svc.problemsWorkbook(actorOf(req), req.params.id);
      return sendXlsx(reply, name, data);
    },
  );
}
