import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { grids, GRID_LEVELS } from '../grids/index.js';
import { orgs } from '../orgs/index.js';
import { EQUIPMENT_KINDS } from '../places/index.js';
import { RISK_DOMAINS } from './tasks.library.js';
import { RECURRENCES, TASK_KINDS, type Answer, type ChecklistItem } from './tasks.model.js';

/** An answer as kept: its photos by file id (the judge counts them). */
export interface StoredAnswer extends Answer {
  photoIds?: string[];
}

/** A school's task template (from the library or its own): the kind of work and its checklist. */
export const taskTemplates = pgTable(
  'task_templates',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: TASK_KINDS }).notNull(),
    domain: text('domain', { enum: RISK_DOMAINS.map((d) => d.code) as [string, ...string[]] }),
    items: jsonb('items').$type<ChecklistItem[]>().notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('task_templates_code_idx').on(t.schoolId, t.code)],
);

/** A template assigned to grids with a recurrence: every grid of a level, or named grids. */
export const taskSchedules = pgTable(
  'task_schedules',
  {
    id: uuid('id').primaryKey(),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    templateId: uuid('template_id')
      .notNull()
      .references(() => taskTemplates.id),
    recurrence: text('recurrence', { enum: RECURRENCES }).notNull(),
    /** every grid of this level in the school … */
    gridLevel: text('grid_level', { enum: GRID_LEVELS }),
    /** … or these grids */
    gridIds: jsonb('grid_ids').$type<string[]>().notNull().default([]),
    /** custom recurrence: ISO weekdays (1 Monday … 7 Sunday) */
    weekdays: jsonb('weekdays').$type<number[]>().notNull().default([]),
    /**
     * … or, for equipment checks, one task per piece of this kind falling due within `leadDays`,
     * given to the grid covering its place; done, the piece's next check moves `intervalDays` on
     */
    equipmentKind: text('equipment_kind', { enum: EQUIPMENT_KINDS }),
    leadDays: integer('lead_days').notNull().default(3),
    intervalDays: integer('interval_days').notNull().default(30),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('task_schedules_school_idx').on(t.schoolId)],
);

export const INSTANCE_STATUSES = ['open', 'done'] as const;

/** One task to do: a schedule's period for one grid (unique, so generating twice makes one). */
export const taskInstances = pgTable(
  'task_instances',
  {
    id: uuid('id').primaryKey(),
    scheduleId: uuid('schedule_id')
      .notNull()
      .references(() => taskSchedules.id),
    templateId: uuid('template_id')
      .notNull()
      .references(() => taskTemplates.id),
    schoolId: uuid('school_id')
      .notNull()
      .references(() => orgs.id),
    gridId: uuid('grid_id')
      .notNull()
      .references(() => grids.id),
    gridPath: text('grid_path').notNull(),
    /** 2026-11-30, 2026-W49, 2026-11 */
    periodKey: text('period_key').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: INSTANCE_STATUSES }).notNull(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    completedBy: uuid('completed_by'),
    answers: jsonb('answers').$type<StoredAnswer[]>(),
    /** the phone's key for the completion: a replay with it answers the same, never twice */
    completionKey: text('completion_key'),
    /** where the worker stood (GPS), when the phone knew */
    location: jsonb('location').$type<{ lat: number; lng: number; accuracy: number | null }>(),
    /** item codes that failed, and the score when the checklist is scored */
    failed: jsonb('failed').$type<string[]>(),
    score: jsonb('score').$type<{ score: number; max: number; percent: number | null }>(),
    /** an equipment check's piece of equipment */
    equipmentId: uuid('equipment_id'),
    /** overdue and escalated to the grid's leader and the one above */
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // (schedule, period) first: generation asks which grids already have this period's task.
    uniqueIndex('task_instances_period_idx').on(t.scheduleId, t.periodKey, t.gridId),
    index('task_instances_grid_due_idx').on(t.gridId, t.dueAt),
    index('task_instances_school_due_idx').on(t.schoolId, t.dueAt),
  ],
);
