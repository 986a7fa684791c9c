import { z } from 'zod';
import { intParam } from '../../kernel/http/schemas.js';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import { sendXlsx, writeWorkbook } from '../../kernel/sheets/index.js';
import { studentSchema } from '../people/index.js';
import { PLACE_KINDS, placeSchema } from '../places/index.js';
import type { CampusMapService } from './grids.map.js';
import {
  bindingsBody,
  coverageSchema,
  createGridBody,
  gridDetailSchema,
  gridListQuery,
  gridListSchema,
  mapBuildingSchema,
  districtMapSchema,
  mapSchema,
  memberBody,
  updateGridBody,
} from './grids.schemas.js';
import type { GridsService } from './grids.service.js';
import { gridSheet } from './grids.sheets.js';

const idParams = z.object({ id: z.uuid() });
const schoolQuery = z.object({ schoolId: z.uuid() });

export function gridsRoutes(app: ZodApp, svc: GridsService, map: CampusMapService): void {
  const tags = ['grids'];
  app.get(
    '/api/grids',
    {
      schema: {
        tags,
        summary:
          'Grids the caller may see, ordered by tree path: all, one page (pageSize), or the tree lazily (roots, parentId)',
        querystring: gridListQuery,
        response: { 200: gridListSchema },
      },
    },
    async (req) => svc.list(actorOf(req), req.query),
  );
  app.get(
    '/api/grids/export.xlsx',
    { schema: { tags, summary: 'The grid list with the same filters, as xlsx', querystring: gridListQuery } },
    async (req, reply) => {
      return sendXlsx(
        reply,
        '网格清单.xlsx',
        await writeWorkbook([gridSheet(await svc.exportRows(actorOf(req), req.query))]),
      );
    },
  );
  app.get(
    '/api/grids/:id',
    {
      schema: {
        tags,
        summary: 'One grid with coverage, members and counts',
        params: idParams,
        response: { 200: gridDetailSchema },
      },
    },
    async (req) => svc.get(actorOf(req), req.params.id),
  );
  app.get(
    '/api/grids/:id/students',
    {
      schema: {
        tags,
        summary: 'Students covered by a grid',
        params: idParams,
        querystring: z.object({
          page: intParam(1, 100_000, 1),
          pageSize: intParam(1, 500, 20),
        }),
        response: { 200: z.object({ items: z.array(studentSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.students(actorOf(req), req.params.id, req.query.page, req.query.pageSize),
  );
  app.get(
    '/api/grids/:id/places',
    {
      schema: {
        tags,
        summary: 'Buildings, floors or rooms inside what a grid covers (to bind its sub-grids)',
        params: idParams,
        querystring: z.object({
          kind: z.enum(PLACE_KINDS).optional(),
          q: z.string().trim().max(50).optional(),
        }),
        response: { 200: z.object({ items: z.array(placeSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.places(actorOf(req), req.params.id, req.query),
  );
  app.post(
    '/api/grids',
    { schema: { tags, summary: 'Create a grid', body: createGridBody, response: { 201: gridDetailSchema } } },
    async (req, reply) => reply.status(201).send(await svc.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/grids/:id',
    {
      schema: {
        tags,
        summary: 'Change a grid (name, leader, duties, outline)',
        params: idParams,
        body: updateGridBody,
        response: { 200: gridDetailSchema },
      },
    },
    async (req) => svc.update(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/grids/:id',
    {
      schema: {
        tags,
        summary: 'Delete a grid without sub-grids',
        params: idParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await svc.remove(actorOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
  app.put(
    '/api/grids/:id/bindings',
    {
      schema: {
        tags,
        summary: 'Set what the grid covers: organisations and places',
        params: idParams,
        body: bindingsBody,
        response: { 200: gridDetailSchema },
      },
    },
    async (req) => svc.setBindings(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/grids/:id/members',
    {
      schema: {
        tags,
        summary: 'Add or change a member',
        params: idParams,
        body: memberBody,
        response: { 200: gridDetailSchema },
      },
    },
    async (req) => svc.addMember(actorOf(req), req.params.id, req.body),
  );
  app.delete(
    '/api/grids/:id/members/:userId',
    {
      schema: {
        tags,
        summary: 'Remove a member',
        params: z.object({ id: z.uuid(), userId: z.uuid() }),
        response: { 200: gridDetailSchema },
      },
    },
    async (req) => svc.removeMember(actorOf(req), req.params.id, req.params.userId),
  );
  app.get(
    '/api/coverage',
    {
      schema: {
        tags,
        summary:
          'No-blind-spot report of a school (全覆盖), as last computed unless the school changed since',
        querystring: schoolQuery.extend({
          refresh: z
            .enum(['true', 'false'])
            .optional()
            .describe("true: compute it now (the console's 重新检查) rather than return the stored report"),
        }),
        response: { 200: coverageSchema },
      },
    },
    async (req) => svc.coverage(actorOf(req), req.query.schoolId, req.query.refresh === 'true'),
  );
  app.get(
    '/api/map',
    {
      schema: {
        tags: ['map'],
        summary: 'The campus map of a school as GeoJSON',
        querystring: schoolQuery,
        response: { 200: mapSchema },
      },
    },
    async (req) => map.map(actorOf(req), req.query.schoolId),
  );
  app.get(
    '/api/district-map',
    {
      schema: {
        tags: ['map'],
        summary: "The police map's GeoJSON: the schools' campus outlines over the district's roads and areas",
        response: { 200: districtMapSchema },
      },
    },
    async (req) => map.district(actorOf(req)),
  );
  app.get(
    '/api/map/buildings/:id',
    {
      schema: {
        tags: ['map'],
        summary: 'One building for the map panel',
        params: idParams,
        response: { 200: mapBuildingSchema },
      },
    },
    async (req) => map.building(actorOf(req), req.params.id),
  );
}
