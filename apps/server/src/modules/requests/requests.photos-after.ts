import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../kernel/db.js';
import type { RequestAction } from './requests.model.js';
import { requestEvents } from './requests.tables.js';

/**
 * "After" photos (整改后照片, issue 14 item 7): the unit's answer to the reporter may carry photos
 * of the work done, as a hazard's progress does. They ride on the step's event (data.photos), in
 * the thread both sides read; uploads stay pending until the step's transaction commits them.
 */
export const AFTER_PHOTO_ACTIONS: ReadonlySet<RequestAction> = new Set(['reply', 'answer_directly']);
export const AFTER_PHOTOS_MAX = 6;

/** The photos an event carries (none for older events and for steps without). */
export function photosOf(data: Record<string, unknown> | null | undefined): string[] {
  const p = data?.['photos'];
  return Array.isArray(p) ? p.filter((x): x is string => typeof x === 'string') : [];
}

/** Whether a public step of the request carries the file: the reporter may see those. */
export async function isThreadPhoto(ex: Executor, requestId: string, fileId: string): Promise<boolean> {
  const [found] = await ex
    .select({ id: requestEvents.id })
    .from(requestEvents)
    .where(
      and(
        eq(requestEvents.requestId, requestId),
        eq(requestEvents.visibility, 'public'),
        sql`${requestEvents.data} -> 'photos' ? ${fileId}`,
      ),
    )
    .limit(1);
  return !!found;
}
