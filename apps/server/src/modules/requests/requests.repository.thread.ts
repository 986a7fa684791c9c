import { and, asc, desc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../kernel/db.js';
import { requestEvents, requests } from './requests.tables.js';

/** The thread's rows: each step, message and note of a request, and what Open311 may show of them. */

export async function addEvent(ex: Executor, e: typeof requestEvents.$inferInsert) {
  await ex.insert(requestEvents).values(e);
}

export async function events(ex: Executor, requestId: string, publicOnly: boolean) {
  return ex
    .select()
    .from(requestEvents)
    .where(
      and(
        eq(requestEvents.requestId, requestId),
        publicOnly ? eq(requestEvents.visibility, 'public') : undefined,
      ),
    )
    .orderBy(asc(requestEvents.at), asc(requestEvents.id));
}

/** Public updates of a school's requests in a time window (mySociety's servicerequestupdates). */
export async function publicUpdates(ex: Executor, schoolId: string, from: Date, to: Date, limit: number) {
  return ex
    .select({
      event: requestEvents,
      no: requests.no,
      identity: requests.identity,
      closeKind: requests.closeKind,
      requestStatus: requests.status,
    })
    .from(requestEvents)
    .innerJoin(requests, eq(requests.id, requestEvents.requestId))
    .where(
      and(
        eq(requests.schoolId, schoolId),
        sql`${requests.identity} <> 'sealed'`,
        eq(requestEvents.visibility, 'public'),
        eq(requestEvents.side, 'handler'),
        // a step, not the conversation with the reporter
        sql`${requestEvents.kind} <> 'message'`,
        gte(requestEvents.at, from),
        lt(requestEvents.at, to),
      ),
    )
    .orderBy(asc(requestEvents.at), asc(requestEvents.id))
    .limit(limit);
}

/** The latest public reply of each request, of the given kinds (the unit's answer, not its chat). */
export async function latestReplies(ex: Executor, requestIds: string[], kinds: readonly string[]) {
  if (!requestIds.length) return new Map<string, string>();
  const found = await ex
    .selectDistinctOn([requestEvents.requestId], {
      requestId: requestEvents.requestId,
      body: requestEvents.body,
    })
    .from(requestEvents)
    .where(
      and(
        inArray(requestEvents.requestId, requestIds),
        inArray(requestEvents.kind, [...kinds]),
        eq(requestEvents.visibility, 'public'),
        sql`${requestEvents.body} is not null and ${requestEvents.body} <> ''`,
      ),
    )
    .orderBy(requestEvents.requestId, desc(requestEvents.at));
  return new Map(found.map((r) => [r.requestId, r.body!]));
}
