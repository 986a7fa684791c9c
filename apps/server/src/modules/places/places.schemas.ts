import { z } from 'zod';
import { intParam, isoDay } from '../../kernel/http/schemas.js';
import { EQUIPMENT_KINDS, EQUIPMENT_STATUSES, PLACE_KINDS, PLACE_USES } from './places.tables.js';

const lonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const polygonSchema = z
  .object({
    type: z.literal('Polygon'),
    coordinates: z
      .array(z.array(lonLat).min(4).max(2000))
      .min(1)
      .max(20)
      .describe('rings of [lon, lat]; the first ring is the outline, closed (last point = first)'),
  })
  .refine((g) => g.coordinates.every((r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1]), {
    message: 'each ring must be closed (last point = first point)',
  })
  .meta({ id: 'Polygon' });

export const placeSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    orgId: z.uuid(),
    parentId: z.uuid().nullable(),
    parentName: z.string().nullable(),
    kind: z.enum(PLACE_KINDS),
    code: z.string(),
    name: z.string(),
    use: z.enum(PLACE_USES).nullable(),
    floors: z.number().int().nullable(),
    height: z.number().nullable(),
    floor: z.number().int().nullable(),
    capacity: z.number().int().nullable(),
    keyPart: z.boolean(),
    keyReason: z.string().nullable(),
    lon: z.number().nullable(),
    lat: z.number().nullable(),
    outline: polygonSchema.nullable(),
    status: z.enum(['active', 'disabled']),
  })
  .meta({ id: 'Place' });

const bool = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');

export const placeListQuery = z.object({
  schoolId: z.uuid().optional(),
  kind: z.enum(PLACE_KINDS).optional(),
  parentId: z.uuid().optional().describe('direct children of this place'),
  within: z.uuid().optional().describe('everything inside this place (a building → its floors and rooms)'),
  use: z.enum(PLACE_USES).optional(),
  keyPart: bool.optional(),
  q: z.string().trim().max(50).optional().describe('name or code contains'),
  page: intParam(1, 100_000, 1),
  pageSize: intParam(1, 500, 20),
});
export type PlaceFilter = z.infer<typeof placeListQuery>;

const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_.\-#]+$/, 'letters, digits, "_", ".", "-" or "#"');

export const createPlaceBody = z.object({
  schoolId: z.uuid(),
  parentId: z.uuid().optional(),
  kind: z.enum(PLACE_KINDS),
  code,
  name: z.string().trim().min(1).max(100),
  use: z.enum(PLACE_USES).optional(),
  floors: z.number().int().min(1).max(200).optional(),
  height: z.number().min(0).max(1000).optional(),
  floor: z.number().int().min(-10).max(200).optional(),
  capacity: z.number().int().min(0).max(100_000).optional(),
  keyPart: z.boolean().optional(),
  keyReason: z.string().trim().max(200).optional(),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  outline: polygonSchema.optional(),
});
export type CreatePlaceInput = z.infer<typeof createPlaceBody>;

export const updatePlaceBody = createPlaceBody
  .omit({ schoolId: true, parentId: true, kind: true })
  .partial()
  .extend({
    outline: polygonSchema.nullable().optional(),
    keyReason: z.string().trim().max(200).nullable().optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdatePlaceInput = z.infer<typeof updatePlaceBody>;

export const geojsonImportBody = z.object({
  schoolId: z.uuid(),
  featureCollection: z.object({
    type: z.literal('FeatureCollection'),
    features: z
      .array(
        z.object({
          type: z.literal('Feature'),
          geometry: z.unknown(),
          properties: z.record(z.string(), z.unknown()).nullable(),
        }),
      )
      .max(5000),
  }),
});

export const equipmentSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    placeId: z.uuid().nullable(),
    placeName: z.string().nullable(),
    placeCode: z.string().nullable(),
    kind: z.enum(EQUIPMENT_KINDS),
    code: z.string(),
    name: z.string(),
    model: z.string().nullable(),
    quantity: z.number().int(),
    status: z.enum(EQUIPMENT_STATUSES),
    lastInspectedOn: z.string().nullable(),
    nextInspectionDue: z.string().nullable(),
    overdue: z.boolean().describe('the next inspection date has passed'),
    notes: z.string().nullable(),
  })
  .meta({ id: 'Equipment' });

export const equipmentListQuery = z.object({
  schoolId: z.uuid().optional(),
  kind: z.enum(EQUIPMENT_KINDS).optional(),
  status: z.enum(EQUIPMENT_STATUSES).optional(),
  within: z.uuid().optional().describe('equipment in this place or anywhere inside it'),
  due: z.enum(['overdue', '30d']).optional().describe('inspection overdue, or due within 30 days'),
  q: z.string().trim().max(50).optional(),
  page: intParam(1, 100_000, 1),
  pageSize: intParam(1, 500, 20),
});
export type EquipmentFilter = z.infer<typeof equipmentListQuery>;

const day = isoDay();
export const createEquipmentBody = z.object({
  schoolId: z.uuid(),
  placeId: z.uuid().optional(),
  kind: z.enum(EQUIPMENT_KINDS),
  code,
  name: z.string().trim().min(1).max(100),
  model: z.string().trim().max(100).optional(),
  quantity: z.number().int().min(1).max(100_000).optional(),
  status: z.enum(EQUIPMENT_STATUSES).optional(),
  lastInspectedOn: day.optional(),
  nextInspectionDue: day.optional(),
  notes: z.string().trim().max(500).optional(),
});
export type CreateEquipmentInput = z.infer<typeof createEquipmentBody>;
export const updateEquipmentBody = createEquipmentBody
  .omit({ schoolId: true })
  .partial()
  .extend({ placeId: z.uuid().nullable().optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');
export type UpdateEquipmentInput = z.infer<typeof updateEquipmentBody>;
