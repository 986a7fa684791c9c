import { z } from 'zod';
import { durationSchema, workCalendarSchema } from '../../kernel/calendar/index.js';
import { ATTRIBUTE_TYPES } from './requests.tables.js';

/**
 * The shapes of the school's set-up: the catalogue of categories (with their forms and deadlines), the
 * routing rules, the settings, the form's catalogue and place options, and the Open311 clients.
 * The requests themselves are in requests.schemas.ts.
 */

const text = (max: number) => z.string().trim().max(max);

export const attributeSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_]{1,40}$/),
  datatype: z.enum(ATTRIBUTE_TYPES),
  required: z.boolean(),
  description: text(200).min(1),
  values: z
    .array(z.object({ key: text(40).min(1), name: text(100).min(1) }))
    .max(50)
    .optional(),
  order: z.number().int().min(0).max(100),
});

/** A deadline must leave some time: 0 would make every request late the moment it arrives. */
const someTime = durationSchema.refine((d) => d.amount > 0, {
  message: 'must be more than 0',
  path: ['amount'],
});

export const policySchema = z.object({
  respond: someTime,
  resolve: someTime,
  urgeBefore: durationSchema,
  superviseAfter: durationSchema,
  noticeAfter: durationSchema,
});

export const categorySchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string().nullable(),
    groupName: z.string(),
    description: z.string(),
    keywords: z.string(),
    attributes: z.array(attributeSchema),
    policy: policySchema,
    active: z.boolean(),
    sortOrder: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: 'RequestCategory' });

export const categoryBody = z.object({
  schoolId: z.uuid(),
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/),
  name: text(60).min(1),
  nameEn: text(80).optional(),
  groupName: text(40).min(1),
  description: text(500).default(''),
  keywords: text(200).default(''),
  attributes: z.array(attributeSchema).max(20).default([]),
  policy: policySchema,
  active: z.boolean().default(true),
  sortOrder: z.number().int().min(0).max(1000).default(0),
});
export const categoryUpdateBody = categoryBody.omit({ schoolId: true }).extend({ version: z.number().int() });

export const routeSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    categoryId: z.uuid(),
    categoryName: z.string(),
    scopePath: z.string().nullable(),
    scopeLabel: z.string().nullable(),
    unit: z.object({ kind: z.enum(['org', 'grid']), id: z.uuid(), name: z.string() }),
  })
  .meta({ id: 'RequestRoute' });

export const routeBody = z
  .object({
    categoryId: z.uuid(),
    /** a grid or a place the rule is limited to (its subtree); none: the whole school */
    scopeGridId: z.uuid().optional(),
    scopePlaceId: z.uuid().optional(),
    unitOrgId: z.uuid().optional(),
    unitGridId: z.uuid().optional(),
  })
  .refine(
    (b) => !!b.unitOrgId !== !!b.unitGridId,
    'name exactly one responsible unit: a department or a grid',
  )
  .refine((b) => !(b.scopeGridId && b.scopePlaceId), 'limit the rule to a grid or a place, not both');

export const settingsSchema = z
  .object({
    schoolId: z.uuid(),
    calendar: workCalendarSchema,
    weights: z.object({
      response: z.number().min(0).max(100),
      resolution: z.number().min(0).max(100),
      satisfaction: z.number().min(0).max(100),
    }),
    /** Open311 clients may read the public view of services and requests without an api_key */
    open311PublicRead: z.boolean(),
  })
  .meta({ id: 'RequestSettings' });
export const settingsBody = settingsSchema
  .omit({ schoolId: true })
  .extend({ open311PublicRead: z.boolean().optional() });

export const placeOptionSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  code: z.string(),
  kind: z.string(),
  label: z.string().describe('the place with its building: 学生公寓3号楼 / 3-0203'),
});

export const catalogueSchema = z
  .object({
    school: z.object({ id: z.uuid(), name: z.string() }),
    categories: z.array(categorySchema),
    place: placeOptionSchema.nullable(),
    contactPhone: z.string().nullable().describe('the account’s own phone, offered on the form'),
  })
  .meta({ id: 'RequestCatalogue' });

export const open311ClientSchema = z.object({
  id: z.uuid(),
  schoolId: z.uuid(),
  name: z.string(),
  active: z.boolean(),
  createdAt: z.date(),
});
