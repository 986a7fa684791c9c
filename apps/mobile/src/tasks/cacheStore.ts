import {
  parseDetails,
  parseToday,
  withDetail,
  type CachedDetail,
  type CachedUser,
  type DetailCache,
  type TodayCache,
} from './cache';
import type { TaskDetail, TasksToday } from './types';

/** The tasks the phone remembers (cache.ts has the rules), in the phone's storage. */

const TODAY_KEY = 'anxiao.tasks.today';
const DETAILS_KEY = 'anxiao.tasks.details';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage disabled or full: the pages read the server each time.
  }
}

/** Today's list as last read for `userId` (any account's when not given). */
export const cachedToday = (userId?: string): TodayCache | null => parseToday(read(TODAY_KEY), userId);

export function keepToday(user: CachedUser, today: TasksToday, now: number): void {
  write(TODAY_KEY, { user, savedAt: now, today } satisfies TodayCache);
}

/** The account whose tasks the phone remembers: the pages open for it with no network. */
export const lastTaskUser = (): CachedUser | null => cachedToday()?.user ?? null;

let details: DetailCache | null | undefined;

function detailsOf(userId: string): DetailCache | null {
  if (details === undefined || (details && details.userId !== userId))
    details = parseDetails(read(DETAILS_KEY), userId, Date.now());
  return details?.userId === userId ? details : null;
}

export const cachedDetails = (userId: string): DetailCache | null => detailsOf(userId);

export const cachedDetail = (userId: string, id: string): CachedDetail | null =>
  detailsOf(userId)?.items[id] ?? null;

export function keepDetail(userId: string, detail: TaskDetail, now: number): void {
  details = withDetail(detailsOf(userId), userId, detail, now);
  write(DETAILS_KEY, details);
}

/** Signing out: the next user of this phone must not see these tasks. */
export function forgetTasks(): void {
  details = null;
  write(TODAY_KEY, null);
  write(DETAILS_KEY, null);
}
