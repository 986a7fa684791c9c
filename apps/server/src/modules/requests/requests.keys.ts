import type { RequestsContext } from './requests.context.js';
import type * as repo from './requests.repository.js';
import type { Channel } from './requests.tables.js';

/*
 * The keyed hashes that tie a reporter to their requests without storing who they are in clear:
 * the private link's token, the account's reporter key, and a sealed request's own key.
 */

/**
 * The private link's token: derived from the intake's key, so a retried intake gets the same one.
 * The key is the sender's own (namespaced by who entered it): someone else sending the same key
 * files a request of their own and never learns another's link.
 */
export function trackToken(c: RequestsContext, schoolId: string, channel: Channel, key: string) {
  return c.k.crypto.lookupHash(`track:${schoolId}:${channel}:${key}`).slice(0, 32);
}

export function trackHash(c: RequestsContext, token: string) {
  return c.k.crypto.lookupHash(`track-hash:${token}`);
}

export function reporterKey(c: RequestsContext, userId: string) {
  return c.k.crypto.lookupHash(`reporter:${userId}`);
}

/**
 * A sealed request's reporter key is its own (the user and this request): no two rows share it,
 * so a dump of the database cannot join a student's sealed filing to their named ones. Only the
 * server, given the user, can recompute it for one request at a time.
 */
export function sealedReporterKey(c: RequestsContext, userId: string, requestId: string) {
  return c.k.crypto.lookupHash(`reporter-sealed:${userId}:${requestId}`);
}

/** Whether this user filed this request (named or sealed) by their account. */
export function filedBy(c: RequestsContext, q: repo.RequestRow, userId: string) {
  if (!q.reporterKey) return false;
  return (
    q.reporterKey === (q.identity === 'sealed' ? sealedReporterKey(c, userId, q.id) : reporterKey(c, userId))
  );
}

/** The filing account, for notifications only (a sealed request's is decrypted, never shown). */
export function reporterUserId(c: RequestsContext, row: repo.RequestRow): string | null {
  if (row.identity === 'named') return row.reporterUserId;
  if (row.identity === 'sealed' && row.reporterEnc)
    return (JSON.parse(c.k.crypto.decrypt(row.reporterEnc)) as { userId: string | null }).userId;
  return null;
}
