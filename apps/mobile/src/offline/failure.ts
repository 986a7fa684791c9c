import { ApiError } from '@anxiao/web-core';

/**
 * What a call that did not succeed means, for everything the phone sends on a poor network (the
 * SOS, a request, a checklist, a 随手拍). One set of rules: which failures are worth retrying as
 * they are, and which are the server's word on what was sent.
 */

/** Why an attempt failed, as the server or the network said it. */
export interface Failure {
  /** HTTP status; 0 when no answer came (offline, timeout) */
  status: number;
  code: string;
  /** the server's message in the user's language, when it sent one */
  message: string;
}

/** A call that got no answer within its time. */
export class NoAnswer extends Error {
  constructor() {
    super('no answer in time');
    this.name = 'NoAnswer';
  }
}

/** A failed call in the terms above. Aborted, cut off or not the API's answer: no answer. */
export function failureOf(err: unknown): Failure {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message };
  const timedOut = err instanceof NoAnswer || (err instanceof DOMException && err.name === 'AbortError');
  return { status: 0, code: timedOut ? 'timeout' : 'network', message: '' };
}

/** A stale CSRF token (the session was renewed in another tab): read the session, then retry. */
export const isStaleSession = (f: Failure): boolean => f.status === 403 && f.code === 'auth.csrf';

/**
 * Whether a failed call is worth trying again as it is: no answer (offline, timeout), 408, 429,
 * 5xx, and a stale CSRF token (after the session is read again). Any other 4xx is the server's
 * word on what was sent: shown, and the user changes it.
 */
export function isPassing(f: Failure): boolean {
  if (isStaleSession(f)) return true;
  return !(f.status >= 400 && f.status < 500) || f.status === 408 || f.status === 429;
}

/** `work` or NoAnswer after `ms`, whichever comes first; `work`'s fetches are aborted then. */
export async function within<T>(ms: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timeout: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timeout = setTimeout(() => {
      controller.abort();
      reject(new NoAnswer());
    }, ms);
  });
  try {
    return await Promise.race([work(controller.signal), expired]);
  } finally {
    clearTimeout(timeout);
  }
}
