import type { Identity, MyRequest, RequestStatus, Tracked } from './types';

/**
 * Requests filed from this phone, remembered by their private link: an anonymous request is
 * known to nobody but the phone that filed it, so this is the only way it shows in the list.
 * Pure rules; the storage is in trackedStore.ts.
 */

export const TRACKED_MAX = 100;

export interface TrackedEntry {
  /** the account that filed it on this phone (another account does not see it in its list) */
  userId: string;
  id: string;
  no: string;
  /** the private link's token; null when the server gave none */
  token: string | null;
  identity: Identity;
  categoryName: string;
  /** ISO time the server received it */
  receivedAt: string;
}

/** Add or refresh an entry (by request id), newest first, at most TRACKED_MAX kept. */
export function remember(list: readonly TrackedEntry[], entry: TrackedEntry): TrackedEntry[] {
  const rest = list.filter((e) => e.id !== entry.id);
  const old = list.find((e) => e.id === entry.id);
  // A retried filing may come back without anything new: a token once known is kept.
  const merged = { ...entry, token: entry.token ?? old?.token ?? null };
  return [merged, ...rest].slice(0, TRACKED_MAX);
}

export const entriesOf = (list: readonly TrackedEntry[], userId: string): TrackedEntry[] =>
  list.filter((e) => e.userId === userId);

/** One row of the phone's list of requests. */
export interface RequestRow {
  id: string;
  no: string;
  categoryName: string;
  description: string | null;
  /** null while unknown (an anonymous one not read yet, or the network is down) */
  status: RequestStatus | null;
  canRate: boolean;
  receivedAt: string;
  identity: Identity | null;
  /** where the row leads: the signed-in page, or the private link */
  link: { id: string } | { token: string };
  /** the private link could not be read (404: the link is no longer valid) */
  lost: boolean;
}

export interface TrackRead {
  data?: Tracked | undefined;
  gone?: boolean;
}

/**
 * The list: the requests the server knows as mine (named and sealed), then those only this phone
 * knows (anonymous), read through their private links; newest first.
 */
export function listRows(
  mine: readonly MyRequest[] | undefined,
  local: readonly TrackedEntry[],
  reads: Readonly<Record<string, TrackRead>>,
): RequestRow[] {
  const rows: RequestRow[] = [];
  const seen = new Set<string>();
  for (const m of mine ?? []) {
    seen.add(m.id);
    const entry = local.find((e) => e.id === m.id);
    rows.push({
      id: m.id,
      no: m.no,
      categoryName: m.categoryName,
      description: m.description,
      status: m.status,
      canRate: m.canRate,
      receivedAt: m.receivedAt,
      identity: entry?.identity ?? null,
      link: { id: m.id },
      lost: false,
    });
  }
  for (const e of local) {
    if (seen.has(e.id)) continue;
    // While the server's list is unread, a named one is shown from the phone's memory too.
    if (mine && e.identity !== 'anonymous') continue;
    if (!e.token && e.identity === 'anonymous') continue;
    seen.add(e.id);
    const read = e.token ? reads[e.token] : undefined;
    rows.push({
      id: e.id,
      no: e.no,
      categoryName: read?.data?.categoryName ?? e.categoryName,
      description: read?.data?.description ?? null,
      status: read?.data?.status ?? null,
      canRate: read?.data?.canRate ?? false,
      receivedAt: e.receivedAt,
      identity: e.identity,
      link: e.identity === 'anonymous' && e.token ? { token: e.token } : { id: e.id },
      lost: read?.gone ?? false,
    });
  }
  return rows.sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt));
}

/** The tokens to read through the private link: anonymous ones the server does not list as mine. */
export function tokensToRead(
  mine: readonly MyRequest[] | undefined,
  local: readonly TrackedEntry[],
): string[] {
  const known = new Set((mine ?? []).map((m) => m.id));
  return local.filter((e) => e.identity === 'anonymous' && !known.has(e.id) && e.token).map((e) => e.token!);
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readEntry(v: unknown): TrackedEntry | null {
  if (!isRecord(v)) return null;
  const { userId, id, no, token, identity, categoryName, receivedAt } = v;
  if (typeof userId !== 'string' || typeof id !== 'string' || typeof no !== 'string') return null;
  if (token !== null && typeof token !== 'string') return null;
  if (identity !== 'named' && identity !== 'anonymous' && identity !== 'sealed') return null;
  if (typeof receivedAt !== 'string' || Number.isNaN(Date.parse(receivedAt))) return null;
  return {
    userId,
    id,
    no,
    token,
    identity,
    categoryName: typeof categoryName === 'string' ? categoryName : '',
    receivedAt,
  };
}

/** The list as stored, read back; unreadable entries dropped. */
export function parseTracked(raw: string | null): TrackedEntry[] {
  if (!raw) return [];
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.map(readEntry).filter((e): e is TrackedEntry => e !== null) : [];
  } catch {
    return [];
  }
}
