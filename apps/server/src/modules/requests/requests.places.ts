import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '../../kernel/db.js';
import { students } from '../people/index.js';
import { requests } from './requests.tables.js';

/**
 * What place search puts first for a reporter (issue 14 item 6): their own dormitory room (the
 * student's bed binding) and the places of their latest named requests.
 */
export async function reporterPlaces(ex: Executor, userId: string, reporterKey: string) {
  const own = await ex
    .select({ id: students.bedPlaceId })
    .from(students)
    .where(and(eq(students.userId, userId), isNotNull(students.bedPlaceId)));
  const recent = await ex
    .select({ id: requests.placeId })
    .from(requests)
    .where(and(eq(requests.reporterKey, reporterKey), isNotNull(requests.placeId)))
    .orderBy(desc(requests.receivedAt))
    .limit(20);
  return {
    own: own.flatMap((r) => (r.id ? [r.id] : [])),
    recent: [...new Set(recent.flatMap((r) => (r.id ? [r.id] : [])))].slice(0, 5),
  };
}
