import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Executor } from '../../kernel/db.js';
import { requestFollowers, requests } from './requests.tables.js';

/** Duplicates: similar open requests at intake, and the requests merged into another (its followers). */

/** Open requests of the same category at the same place (or within ~60 m) in the last 72 hours. */
export async function similarOpen(
  ex: Executor,
  r: {
    id: string;
    schoolId: string;
    categoryId: string;
    placeId: string | null;
    lon: number | null;
    lat: number | null;
  },
  since: Date,
) {
  const near =
    r.placeId !== null
      ? eq(requests.placeId, r.placeId)
      : r.lon !== null && r.lat !== null
        ? sql`abs(${requests.lon} - ${r.lon}) < 0.0007 and abs(${requests.lat} - ${r.lat}) < 0.0006`
        : undefined;
  if (!near) return [];
  return ex
    .select({ id: requests.id, no: requests.no, description: requests.description, status: requests.status })
    .from(requests)
    .where(
      and(
        eq(requests.schoolId, r.schoolId),
        eq(requests.categoryId, r.categoryId),
        sql`${requests.id} <> ${r.id}`,
        sql`${requests.status} <> 'closed'`,
        gte(requests.receivedAt, since),
        near,
      ),
    )
    .orderBy(asc(requests.receivedAt))
    .limit(5);
}

export async function addFollowers(ex: Executor, requestId: string, fromIds: string[], since: Date) {
  if (!fromIds.length) return;
  await ex
    .insert(requestFollowers)
    .values(fromIds.map((fromRequestId) => ({ requestId, fromRequestId, since })))
    .onConflictDoNothing();
}

/** The requests merged into this one (their reporters follow it). */
export async function followerRequests(ex: Executor, requestId: string) {
  return ex
    .select({ request: requests })
    .from(requestFollowers)
    .innerJoin(requests, eq(requests.id, requestFollowers.fromRequestId))
    .where(eq(requestFollowers.requestId, requestId));
}
