import type { TaskBrief, TaskDetail, TasksToday } from './types';

/**
 * What the phone remembers of the server's answers, so the task pages open in a stairwell with
 * no network: today's list as last read, and each task opened once (its checklist, so it can be
 * done offline). Pure rules; the storage is cacheStore.ts.
 */

/** Tasks remembered at most, and for how long after they were last read. */
export const DETAILS_MAX = 60;
export const DETAIL_KEEP_MS = 14 * 24 * 3600_000;

/** The account the list was read for: shown offline only to it (and to sign it back in). */
export interface CachedUser {
  id: string;
  displayName: string;
}

export interface TodayCache {
  user: CachedUser;
  /** when the server gave it (epoch ms, the phone's clock) */
  savedAt: number;
  today: TasksToday;
}

export interface CachedDetail {
  savedAt: number;
  detail: TaskDetail;
}

export interface DetailCache {
  userId: string;
  items: Record<string, CachedDetail>;
}

/** Remember a task as read now (the oldest forgotten beyond DETAILS_MAX); another account's are dropped. */
export function withDetail(
  cache: DetailCache | null,
  userId: string,
  detail: TaskDetail,
  now: number,
): DetailCache {
  const items = cache?.userId === userId ? { ...cache.items } : {};
  items[detail.id] = { savedAt: now, detail };
  const kept = Object.entries(items)
    .sort(([, a], [, b]) => b.savedAt - a.savedAt)
    .slice(0, DETAILS_MAX);
  return { userId, items: Object.fromEntries(kept) };
}

/**
 * Today's list with what the phone knows better since it was read: a task whose checklist the
 * server has recorded meanwhile shows done (its detail read later than the list).
 */
export function todayWithDetails(
  today: TasksToday,
  details: DetailCache | null,
  savedAt: number,
): TasksToday {
  if (!details) return today;
  const items = today.items.map((brief): TaskBrief => {
    const known = details.items[brief.id];
    if (!known || known.savedAt <= savedAt || known.detail.status === brief.status) return brief;
    const {
      items: _i,
      answers: _a,
      failed: _f,
      score: _s,
      location: _l,
      hazards: _h,
      canDo: _c,
      ...rest
    } = known.detail;
    return rest;
  });
  return { ...today, items };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const looksLikeBrief = (v: unknown): boolean =>
  isRecord(v) &&
  typeof v['id'] === 'string' &&
  typeof v['templateName'] === 'string' &&
  typeof v['status'] === 'string' &&
  typeof v['dueAt'] === 'string';

const looksLikeDetail = (v: unknown): v is TaskDetail =>
  looksLikeBrief(v) && isRecord(v) && Array.isArray(v['items']) && Array.isArray(v['hazards']);

function readUser(v: unknown): CachedUser | null {
  if (!isRecord(v) || typeof v['id'] !== 'string') return null;
  return { id: v['id'], displayName: typeof v['displayName'] === 'string' ? v['displayName'] : '' };
}

/** The list as stored: null when there is none, it does not read, or it is another account's (when `userId` is given). */
export function parseToday(raw: string | null, userId?: string): TodayCache | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (!isRecord(v)) return null;
    const user = readUser(v['user']);
    const savedAt = v['savedAt'];
    const today = v['today'];
    if (!user || (userId !== undefined && user.id !== userId)) return null;
    if (typeof savedAt !== 'number' || !isRecord(today) || typeof today['date'] !== 'string') return null;
    if (!Array.isArray(today['items']) || !today['items'].every(looksLikeBrief)) return null;
    return { user, savedAt, today: today as unknown as TasksToday };
  } catch {
    return null;
  }
}

/** The tasks as stored, for `userId`: old and unreadable ones dropped. */
export function parseDetails(raw: string | null, userId: string, now: number): DetailCache | null {
  if (!raw) return null;
  try {
    const v: unknown = JSON.parse(raw);
    if (!isRecord(v) || v['userId'] !== userId || !isRecord(v['items'])) return null;
    const items: Record<string, CachedDetail> = {};
    for (const [id, c] of Object.entries(v['items'])) {
      if (!isRecord(c) || typeof c['savedAt'] !== 'number' || !looksLikeDetail(c['detail'])) continue;
      if (now - c['savedAt'] > DETAIL_KEEP_MS || c['detail'].id !== id) continue;
      items[id] = { savedAt: c['savedAt'], detail: c['detail'] };
    }
    return { userId, items };
  } catch {
    return null;
  }
}
