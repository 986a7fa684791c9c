import { z } from 'zod';
import { dateInput, intParam, isoDay } from '../../kernel/http/schemas.js';
import { GRID_LEVELS } from '../grids/index.js';
import { EQUIPMENT_KINDS } from '../places/index.js';
import { RISK_DOMAINS } from './tasks.library.js';
import { CADENCES, ITEM_TYPES, RECURRENCES, TASK_KINDS } from './tasks.model.js';
import { INSTANCE_STATUSES } from './tasks.tables.js';

const text = (max: number) => z.string().trim().max(max);
const domainCodes = RISK_DOMAINS.map((d) => d.code) as [string, ...string[]];
const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,40}$/);

export const checklistItemSchema = z
  .object({
    code,
    type: z.enum(ITEM_TYPES),
    prompt: text(200).min(1),
    required: z.boolean(),
    allowNa: z.boolean().optional(),
    failOn: z.enum(['yes', 'no']).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    options: z
      .array(z.object({ key: code, label: text(60).min(1), fails: z.boolean().optional() }))
      .max(20)
      .optional(),
    photoOnFail: z.boolean().optional(),
    points: z.number().min(0).max(100).optional(),
  })
  .meta({ id: 'ChecklistItem' });

export const templateSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(TASK_KINDS),
    domain: z.enum(domainCodes).nullable(),
    items: z.array(checklistItemSchema),
    active: z.boolean(),
    version: z.number().int(),
    updatedAt: z.date(),
  })
  .meta({ id: 'TaskTemplate' });

const items = z
  .array(checklistItemSchema)
  .max(80)
  .refine((a) => new Set(a.map((i) => i.code)).size === a.length, { message: 'item codes must be unique' });

export const templateBody = z.object({
  schoolId: z.uuid(),
  code,
  name: text(80).min(1),
  kind: z.enum(TASK_KINDS),
  domain: z.enum(domainCodes).nullable().default(null),
  items,
});
export const templateUpdateBody = z.object({
  version: z.number().int(),
  name: text(80).min(1).optional(),
  domain: z.enum(domainCodes).nullable().optional(),
  items: items.optional(),
  active: z.boolean().optional(),
});

export const scheduleSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    templateId: z.uuid(),
    templateName: z.string(),
    recurrence: z.enum(RECURRENCES),
    gridLevel: z.enum(GRID_LEVELS).nullable(),
    gridIds: z.array(z.uuid()),
    weekdays: z.array(z.number().int()),
    equipmentKind: z.enum(EQUIPMENT_KINDS).nullable(),
    leadDays: z.number().int(),
    intervalDays: z.number().int(),
    active: z.boolean(),
    createdAt: z.date(),
  })
  .meta({ id: 'TaskSchedule' });

export const scheduleBody = z
  .object({
    schoolId: z.uuid(),
    templateId: z.uuid(),
    recurrence: z.enum(RECURRENCES),
    gridLevel: z.enum(GRID_LEVELS).optional(),
    gridIds: z.array(z.uuid()).max(500).optional(),
    /** custom recurrence: ISO weekdays, 1 Monday … 7 Sunday */
    weekdays: z.array(z.number().int().min(1).max(7)).max(7).default([]),
    equipmentKind: z.enum(EQUIPMENT_KINDS).optional(),
    leadDays: z.number().int().min(0).max(60).default(3),
    intervalDays: z.number().int().min(1).max(3660).default(30),
  })
  .refine((b) => [b.gridLevel, b.gridIds?.length, b.equipmentKind].filter(Boolean).length === 1, {
    message: 'give exactly one of gridLevel, gridIds or equipmentKind',
  })
  .refine((b) => b.recurrence !== 'custom' || b.weekdays.length > 0, {
    message: 'a custom recurrence needs its weekdays',
    path: ['weekdays'],
  });
export const scheduleUpdateBody = z.object({ active: z.boolean() });

export const taskBriefSchema = z
  .object({
    id: z.uuid(),
    schoolId: z.uuid(),
    templateId: z.uuid(),
    templateName: z.string(),
    kind: z.enum(TASK_KINDS),
    domain: z.enum(domainCodes).nullable(),
    gridId: z.uuid(),
    gridName: z.string(),
    periodKey: z.string(),
    /** how often it comes round: label by this, not by the period key (a due date is not 每日) */
    cadence: z
      .object({
        kind: z.enum(CADENCES),
        everyDays: z.number().int().nullable().describe('interval: days between checks (365: yearly)'),
        weekdays: z.array(z.number().int()).describe('custom: ISO weekdays'),
      })
      .meta({ id: 'TaskCadence' }),
    dueAt: z.date(),
    status: z.enum(INSTANCE_STATUSES),
    overdue: z.boolean(),
    escalatedAt: z.date().nullable(),
    completedAt: z.date().nullable(),
    completedByName: z.string().nullable(),
    failedCount: z.number().int(),
    itemCount: z.number().int(),
    equipment: z.object({ id: z.uuid(), code: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: 'TaskBrief' });

export const storedAnswerSchema = z.object({
  code: z.string(),
  value: z.union([z.number(), z.string(), z.null()]),
  photoIds: z.array(z.uuid()),
  note: z.string().nullable(),
});

export const taskDetailSchema = taskBriefSchema
  .extend({
    items: z.array(checklistItemSchema),
    answers: z.array(storedAnswerSchema),
    failed: z.array(z.string()),
    score: z.object({ score: z.number(), max: z.number(), percent: z.number().nullable() }).nullable(),
    location: z.object({ lat: z.number(), lng: z.number(), accuracy: z.number().nullable() }).nullable(),
    /** hazards made from this task's failed items, by item code */
    hazards: z.array(z.object({ itemCode: z.string(), id: z.uuid(), no: z.string(), status: z.string() })),
    /** may the reader fill it in (a holder of its grid, while open) */
    canDo: z.boolean(),
  })
  .meta({ id: 'TaskDetail' });

export const answerBody = z.object({
  code,
  value: z.union([z.number().finite(), text(2000), z.null()]),
  photoIds: z.array(z.uuid()).max(6).default([]),
  note: text(500).optional(),
});

export const completeBody = z.object({
  key: z
    .string()
    .trim()
    .min(8)
    .max(100)
    .regex(/^[A-Za-z0-9_.:-]+$/)
    .describe('chosen by the phone once per completion and reused on every retry'),
  answers: z.array(answerBody).max(80),
  /** when the worker finished on the phone (offline, it may be sent hours later) */
  doneAt: dateInput().optional(),
  location: z
    .object({
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      accuracy: z.number().min(0).max(100_000).nullable().default(null),
    })
    .optional(),
});

export const todaySchema = z
  .object({
    /** China date of today */
    date: z.string(),
    items: z.array(taskBriefSchema),
  })
  .meta({ id: 'TasksToday' });

export const listQuery = z.object({
  schoolId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  status: z.enum(INSTANCE_STATUSES).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  from: isoDay().optional(),
  to: isoDay().optional(),
  /** the tasks of one day as the board counts them: those whose period covers it */
  on: isoDay().optional(),
  /** only the grid itself, not the grids below it (the board's rows) */
  exactGrid: z.enum(['true', 'false']).optional(),
  page: intParam(1, 10_000, 1),
  pageSize: intParam(1, 200, 50),
});

export const boardRowSchema = z
  .object({
    gridId: z.uuid(),
    gridName: z.string(),
    gridLevel: z.string(),
    due: z.number().int(),
    done: z.number().int(),
    overdue: z.number().int(),
    failedItems: z.number().int(),
  })
  .meta({ id: 'TaskBoardRow' });
