import { z } from 'zod';
import { PLACE_KINDS } from './places.tables.js';
import { actorOf, type ZodApp } from '../../kernel/http/http.js';
import { sendXlsx, writeWorkbook } from '../../kernel/sheets/index.js';
import {
  createEquipmentBody,
  createPlaceBody,
  equipmentListQuery,
  equipmentSchema,
  geojsonImportBody,
  placeListQuery,
  placeSchema,
  updateEquipmentBody,
  updatePlaceBody,
} from './places.schemas.js';
import { districtImportBody } from './places.district.js';
import type { PlacesService } from './places.service.js';
import { equipmentSheet, placeSheet } from './places.sheets.js';

const idParams = z.object({ id: z.uuid() });

export function placesRoutes(app: ZodApp, svc: PlacesService): void {
  const tags = ['places'];
  app.get(
    '/api/places',
    {
      schema: {
        tags,
        summary: 'Buildings, floors, rooms, gates and areas',
        querystring: placeListQuery,
        response: { 200: z.object({ items: z.array(placeSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.list(actorOf(req), req.query),
  );
  app.get(
    '/api/places/export.xlsx',
    {
      schema: { tags, summary: 'The place list with the same filters, as xlsx', querystring: placeListQuery },
    },
    async (req, reply) => {
      const rows = await svc.exportRows(actorOf(req), req.query);
      return sendXlsx(reply, '位置清单.xlsx', await writeWorkbook([placeSheet(rows)]));
    },
  );
  app.get(
    '/api/places/locate',
    {
      schema: {
        tags,
        summary:
          "Where the caller's phone stands in their own school: the building, gate or area holding the point, else the nearest (within 1 km) with its distance",
        querystring: z.object({
          lon: z.coerce.number().min(-180).max(180),
          lat: z.coerce.number().min(-90).max(90),
        }),
        response: {
          200: z.object({
            schoolId: z.uuid(),
            place: z
              .object({ id: z.uuid(), kind: z.enum(PLACE_KINDS), code: z.string(), name: z.string() })
              .nullable()
              .describe('null: nowhere near a place of the school'),
            inside: z.boolean().describe("the point lies within the place's outline"),
            distance: z.number().nullable().describe('metres to the place (0 inside)'),
          }),
        },
      },
    },
    async (req) => svc.locate(actorOf(req), req.query.lon, req.query.lat),
  );
  app.get(
    '/api/places/:id',
    { schema: { tags, summary: 'One place', params: idParams, response: { 200: placeSchema } } },
    async (req) => svc.get(actorOf(req), req.params.id),
  );
  app.post(
    '/api/places',
    { schema: { tags, summary: 'Add a place', body: createPlaceBody, response: { 201: placeSchema } } },
    async (req, reply) => reply.status(201).send(await svc.create(actorOf(req), req.body)),
  );
  app.patch(
    '/api/places/:id',
    {
      schema: {
        tags,
        summary: 'Change a place (name, outline, height, key part …)',
        params: idParams,
        body: updatePlaceBody,
        response: { 200: placeSchema },
      },
    },
    async (req) => svc.update(actorOf(req), req.params.id, req.body),
  );
  app.post(
    '/api/places/geojson',
    {
      schema: {
        tags,
        summary: 'Set outlines from a GeoJSON FeatureCollection (features matched by their "code" property)',
        body: geojsonImportBody,
        response: { 200: z.object({ updated: z.number().int(), unmatched: z.array(z.string()) }) },
      },
    },
    async (req) => svc.importGeoJson(actorOf(req), req.body.schoolId, req.body.featureCollection.features),
  );
  app.post(
    '/api/district-map/geojson',
    {
      schema: {
        tags,
        summary:
          "A district's roads and areas for the police map, from a GeoJSON FeatureCollection (replaces them)",
        body: districtImportBody,
        response: { 200: z.object({ imported: z.number().int(), rejected: z.array(z.string()) }) },
      },
    },
    async (req) => svc.importDistrict(actorOf(req), req.body.orgId, req.body.featureCollection.features),
  );
  app.get(
    '/api/equipment',
    {
      schema: {
        tags,
        summary: 'Safety equipment with place, status and next inspection date',
        querystring: equipmentListQuery,
        response: { 200: z.object({ items: z.array(equipmentSchema), total: z.number().int() }) },
      },
    },
    async (req) => svc.listEquipment(actorOf(req), req.query),
  );
  app.get(
    '/api/equipment/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The equipment list with the same filters, as xlsx',
        querystring: equipmentListQuery,
      },
    },
    async (req, reply) => {
      const rows = await svc.exportEquipment(actorOf(req), req.query);
      return sendXlsx(reply, '设备清单.xlsx', await writeWorkbook([equipmentSheet(rows)]));
    },
  );
  app.post(
    '/api/equipment',
    {
      schema: {
        tags,
        summary: 'Register equipment',
        body: createEquipmentBody,
        response: { 201: equipmentSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.createEquipment(actorOf(req), req.body)),
  );
  app.patch(
    '/api/equipment/:id',
    {
      schema: {
        tags,
        summary: 'Change equipment (status, place, inspection dates …)',
        params: idParams,
        body: updateEquipmentBody,
        response: { 200: equipmentSchema },
      },
    },
    async (req) => svc.updateEquipment(actorOf(req), req.params.id, req.body),
  );
}
