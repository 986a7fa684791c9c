import { z } from 'zod';
import { intParam } from '../../kernel/http/schemas.js';
import { districtFeatureSchema, polygonSchema } from '../places/index.js';
import { GRID_KINDS, GRID_LEVELS, MEMBER_POSITIONS } from './grids.tables.js';

export const gridSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    orgId: z.uuid(),
    orgName: z.string(),
    kind: z.enum(GRID_KINDS),
    level: z.enum(GRID_LEVELS),
    parentId: z.uuid().nullable(),
    code: z.string(),
    name: z.string(),
    leaderUserId: z.uuid().nullable(),
    leaderName: z.string().nullable(),
    leaderPhone: z.string().nullable().describe('masked unless the caller holds grid.contacts for this grid'),
    responsibilities: z.array(z.string()),
    outline: polygonSchema.nullable(),
    memberCount: z.number().int(),
    childCount: z.number().int(),
    canManage: z.boolean().describe('the caller may change this grid: name, duties, members, sub-grids'),
    canRestructure: z
      .boolean()
      .describe('the caller may also change its leader, code and coverage, or delete it (from above only)'),
    version: z.number().int(),
  })
  .meta({ id: 'Grid' });

export const gridDetailSchema = gridSchema
  .extend({
    bindings: z.array(
      z.object({
        id: z.uuid(),
        orgId: z.uuid().nullable(),
        orgName: z.string().nullable(),
        placeId: z.uuid().nullable(),
        placeName: z.string().nullable(),
        placeCode: z.string().nullable(),
      }),
    ),
    members: z.array(
      z.object({
        userId: z.uuid(),
        name: z.string(),
        phone: z.string().nullable(),
        position: z.enum(MEMBER_POSITIONS),
      }),
    ),
    ancestors: z.array(z.object({ id: z.uuid(), name: z.string(), level: z.enum(GRID_LEVELS) })),
    stats: z.object({ rooms: z.number().int(), students: z.number().int() }),
  })
  .meta({ id: 'GridDetail' });

const flag = z.enum(['true', 'false']).optional();

export const gridListQuery = z.object({
  schoolId: z.uuid().optional(),
  kind: z.enum(GRID_KINDS).optional(),
  level: z.enum(GRID_LEVELS).optional(),
  parentId: z
    .uuid()
    .optional()
    .describe("a grid's children (its childCount says whether they have their own)"),
  roots: flag.describe(
    '"true": only the top of what the caller sees (no parent, or a parent they cannot see)',
  ),
  q: z.string().trim().max(50).optional().describe("name, code or the leader's name contains"),
  withAncestors: flag.describe(
    '"true": also the visible ancestors of every grid listed, in `ancestors` (to show matches in the tree)',
  ),
  page: intParam(1, 100_000).optional(),
  pageSize: intParam(1, 500).optional().describe('given: one page of the matches, and their `total`'),
});

export const gridListSchema = z.object({
  items: z.array(gridSchema),
  /** only when paged (pageSize given) */
  total: z.number().int().optional(),
  /** only with withAncestors=true: the listed grids' ancestors that are not listed themselves */
  ancestors: z.array(gridSchema).optional(),
});
export type GridFilter = z.infer<typeof gridListQuery>;

const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_.\-#]+$/, 'letters, digits, "_", ".", "-" or "#"');
const responsibilities = z.array(z.string().trim().min(1).max(200)).max(50);

export const createGridBody = z.object({
  schoolId: z.uuid(),
  parentId: z.uuid().optional(),
  level: z.enum(GRID_LEVELS),
  code,
  name: z.string().trim().min(1).max(100),
  orgId: z.uuid().optional().describe("owning organisation; default: the parent grid's, or the school"),
  leaderUserId: z.uuid().optional(),
  responsibilities: responsibilities.optional(),
  outline: polygonSchema.optional(),
});
export type CreateGridInput = z.infer<typeof createGridBody>;

export const updateGridBody = z
  .object({
    code,
    name: z.string().trim().min(1).max(100),
    leaderUserId: z.uuid().nullable(),
    responsibilities,
    outline: polygonSchema.nullable(),
    version: z.number().int().describe('the version read; a stale one answers 409'),
  })
  .partial()
  .refine((b) => Object.keys(b).filter((k) => k !== 'version').length > 0, 'nothing to change');
export type UpdateGridInput = z.infer<typeof updateGridBody>;

export const bindingsBody = z.object({
  orgIds: z.array(z.uuid()).max(500),
  placeIds: z.array(z.uuid()).max(2000),
});

export const memberBody = z.object({ userId: z.uuid(), position: z.enum(MEMBER_POSITIONS) });

const levelFigures = z.object({
  kind: z.enum(GRID_KINDS),
  level: z.enum(GRID_LEVELS),
  total: z.number().int(),
  covered: z.number().int(),
  gaps: z.number().int(),
  overlaps: z.number().int(),
  percent: z.number(),
});
const coverageItem = z.object({
  kind: z.enum(['room', 'student']),
  level: z.enum(GRID_LEVELS),
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  grids: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
});
export const coverageSchema = z
  .object({
    schoolId: z.uuid(),
    schoolName: z.string(),
    generatedAt: z.date(),
    levels: z.array(levelFigures),
    gaps: z.array(coverageItem).describe('at most 500'),
    overlaps: z.array(coverageItem).describe('at most 500'),
    gridsWithoutLeader: z.array(
      z.object({ id: z.uuid(), code: z.string(), name: z.string(), level: z.enum(GRID_LEVELS) }),
    ),
    leaders: z.object({ grids: z.number().int(), withLeader: z.number().int(), percent: z.number() }),
    studentsWithoutBed: z.number().int(),
    overall: z.number(),
  })
  .meta({ id: 'Coverage' });

const feature = (props: z.ZodType) =>
  z.object({
    type: z.literal('Feature'),
    id: z.string().optional(),
    geometry: polygonSchema,
    properties: props,
  });

export const mapSchema = z
  .object({
    schoolId: z.uuid(),
    schoolName: z.string(),
    centre: z.tuple([z.number(), z.number()]).nullable(),
    bounds: z.tuple([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()])]).nullable(),
    buildings: z.object({
      type: z.literal('FeatureCollection'),
      features: z.array(
        feature(
          z.object({
            id: z.uuid(),
            code: z.string(),
            name: z.string(),
            use: z.string().nullable(),
            floors: z.number().int().nullable(),
            height: z.number(),
            keyPart: z.boolean(),
            gridId: z.uuid().nullable(),
            gridName: z.string().nullable(),
            zoneGridId: z.uuid().nullable(),
            students: z.number().int(),
            openItems: z.number().int().describe('open hazards, open requests and overdue equipment'),
          }),
        ),
      ),
    }),
    sites: z.object({
      type: z.literal('FeatureCollection'),
      features: z.array(
        feature(
          z.object({
            id: z.uuid(),
            code: z.string(),
            name: z.string(),
            kind: z.enum(['gate', 'area']),
            use: z.string().nullable(),
            height: z.number(),
          }),
        ),
      ),
    }),
    grids: z.object({
      type: z.literal('FeatureCollection'),
      features: z.array(
        feature(
          z.object({
            id: z.uuid(),
            code: z.string(),
            name: z.string(),
            level: z.enum(GRID_LEVELS),
            leaderName: z.string().nullable(),
          }),
        ),
      ),
    }),
  })
  .meta({ id: 'CampusMap' });

export const mapBuildingSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    use: z.string().nullable(),
    floors: z.number().int().nullable(),
    height: z.number().nullable(),
    keyPart: z.boolean(),
    keyReason: z.string().nullable(),
    grid: z
      .object({
        id: z.uuid(),
        name: z.string(),
        level: z.enum(GRID_LEVELS),
        leaderName: z.string().nullable(),
        leaderPhone: z.string().nullable(),
      })
      .nullable(),
    zone: z.object({ id: z.uuid(), name: z.string() }).nullable(),
    rooms: z.number().int(),
    beds: z.number().int(),
    students: z.number().int(),
    keyParts: z.array(
      z.object({ id: z.uuid(), code: z.string(), name: z.string(), reason: z.string().nullable() }),
    ),
    openItems: z.array(
      z.object({
        kind: z
          .enum(['hazard', 'request', 'equipment'])
          .describe('an open hazard or request located in the building, or overdue/faulty equipment'),
        id: z.uuid(),
        code: z.string(),
        name: z.string(),
        status: z.string(),
        due: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'MapBuilding' });

/** The police map (issue 14 item 17): campus outlines and the district's own context. */
export const districtMapSchema = z
  .object({
    schools: z.object({
      type: z.literal('FeatureCollection'),
      features: z.array(
        z.object({
          type: z.literal('Feature'),
          id: z.uuid(),
          geometry: polygonSchema,
          properties: z.object({ id: z.uuid(), name: z.string() }),
        }),
      ),
    }),
    context: z.object({
      type: z.literal('FeatureCollection'),
      features: z.array(districtFeatureSchema.extend({ id: z.uuid() })),
    }),
  })
  .meta({ id: 'DistrictMap' });
