import { fetchMe } from '@anxiao/web-core';

/**
 * The account whose CSRF token this page holds (set by sign-in or GET /api/auth/me), for the
 * senders that work in the background (the SOS, queued checklists). Unknown when the page opened
 * offline: then the first attempt reads the session itself.
 */
let user: string | null = null;
const listeners = new Set<(userId: string | null) => void>();

/** The page learnt who is signed in (null: nobody); the senders may go now. */
export function setSessionUser(userId: string | null): void {
  user = userId;
  for (const listener of listeners) listener(userId);
}

export function onSessionUser(listener: (userId: string | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The token was stale (renewed in another tab): read the session again before the next call. */
export function forgetSessionUser(): void {
  user = null;
}

/**
 * The signed-in account, reading the session when this page does not know it yet (which also
 * gives the page its CSRF token); null when signed out. Throws when the server cannot be reached.
 */
export async function currentUser(): Promise<string | null> {
  if (!user) user = (await fetchMe())?.id ?? null;
  return user;
}
