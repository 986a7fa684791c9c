import { z } from 'zod';
import { ORG_KINDS, SCHOOL_TYPES } from './orgs.tables.js';

export const orgSchema = z
  .object({
    id: z.uuid(),
    parentId: z.uuid().nullable().describe('parent organisation; null for a root region'),
    kind: z.enum(ORG_KINDS),
    schoolType: z.enum(SCHOOL_TYPES).nullable(),
    name: z.string(),
    code: z.string().describe('unique organisation code, e.g. a school code'),
    sort: z.number().int(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    dutyPhone: z
      .string()
      .nullable()
      .describe("a school's security duty number (保卫处值班电话), on the SOS page"),
    lon: z.number().nullable().describe('location (WGS-84), for the jurisdiction map'),
    lat: z.number().nullable(),
    status: z.enum(['active', 'disabled']),
  })
  .meta({ id: 'Org' });

export const orgListSchema = z.object({ items: z.array(orgSchema) });

const name = z.string().trim().min(1).max(100).describe('full name, e.g. 东营职业学院');
const code = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." or "-"');

export const createOrgBody = z.object({
  parentId: z.uuid(),
  kind: z.enum(ORG_KINDS),
  name,
  code,
  schoolType: z.enum(SCHOOL_TYPES).optional(),
  address: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(40).optional(),
  lon: z.number().min(-180).max(180).optional(),
  lat: z.number().min(-90).max(90).optional(),
  sort: z.number().int().min(0).max(100_000).optional(),
});

export const updateOrgBody = z
  .object({
    name,
    code,
    schoolType: z.enum(SCHOOL_TYPES).nullable(),
    address: z.string().trim().max(200).nullable(),
    phone: z.string().trim().max(40).nullable(),
    dutyPhone: z
      .string()
      .trim()
      .max(40)
      .regex(/^[0-9+\-() ]*$/, 'digits, "+", "-", "(", ")" or spaces')
      .nullable(),
    lon: z.number().min(-180).max(180).nullable(),
    lat: z.number().min(-90).max(90).nullable(),
    sort: z.number().int().min(0).max(100_000),
    status: z.enum(['active', 'disabled']),
  })
  .partial();

export const linkBody = z.object({
  kind: z.enum(['jurisdiction', 'supervision']),
  fromOrgId: z.uuid().describe('the police station or authority'),
  toOrgId: z.uuid().describe('the school'),
});

export const linkListSchema = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      kind: z.enum(['jurisdiction', 'supervision']),
      fromOrgId: z.uuid(),
      toOrgId: z.uuid(),
    }),
  ),
});

export const idParams = z.object({ id: z.uuid() });

export type CreateOrgInput = z.infer<typeof createOrgBody>;
export type UpdateOrgInput = z.infer<typeof updateOrgBody>;
