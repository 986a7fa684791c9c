import { DEFAULT_CALENDAR, type WorkCalendar } from '../../kernel/calendar/index.js';
import type { Executor } from '../../kernel/db.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { AlarmsService } from '../alarms/index.js';
import { DEFAULT_RATE_WEIGHTS } from './requests.model.js';
import * as repo from './requests.repository.js';

/**
 * What every room of the requests module works with: the kernel, the alarms it refers to, and the
 * per-process cache of each school's catalogue, routing rules and settings.
 */
export interface RequestsContext {
  k: Kernel;
  alarms: AlarmsService;
  schools: Map<string, { at: number; data: Promise<SchoolData> }>;
}

export function requestsContext(k: Kernel, alarms: AlarmsService): RequestsContext {
  return { k, alarms, schools: new Map() };
}

const SCHOOL_DATA_TTL_MS = 10_000;
export interface SchoolData {
  categories: repo.CategoryRow[];
  routes: Awaited<ReturnType<typeof repo.routes>>;
  settings: {
    calendar: WorkCalendar;
    weights: { response: number; resolution: number; satisfaction: number };
    open311PublicRead: boolean;
  };
}

/** A school's settings, with the defaults where it has saved none. */
export async function settings(ex: Executor, schoolId: string) {
  const s = await repo.settings(ex, schoolId);
  return {
    calendar: s?.calendar ?? DEFAULT_CALENDAR,
    weights: s?.weights ?? DEFAULT_RATE_WEIGHTS,
    open311PublicRead: s?.open311PublicRead ?? false,
  };
}

/**
 * A school's catalogue, routing rules and settings, read on every intake: kept for 10 s in each
 * process (and dropped at once in the process that changes them), so a change reaches every
 * node within 10 s.
 */
export function schoolData(c: RequestsContext, schoolId: string): Promise<SchoolData> {
  const hit = c.schools.get(schoolId);
  if (hit && Date.now() - hit.at < SCHOOL_DATA_TTL_MS) return hit.data;
  const data = (async () => ({
    categories: await repo.categories(c.k.db, schoolId, true),
    routes: await repo.routes(c.k.db, schoolId),
    settings: await settings(c.k.db, schoolId),
  }))();
  data.catch(() => c.schools.delete(schoolId));
  c.schools.set(schoolId, { at: Date.now(), data });
  return data;
}

/** Drop a school's cached data (its catalogue, routes or settings just changed). */
export function forget(c: RequestsContext, schoolId: string) {
  c.schools.delete(schoolId);
}
