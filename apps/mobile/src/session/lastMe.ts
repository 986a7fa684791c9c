import type { Me } from '../api/types';

const KEY = 'anxiao.m.lastMe';

/**
 * The account last read from the server on this phone, so that 我要报事 opens with no network for
 * the one who was signed in (its draft and the catalogue last read are kept per account already).
 * Forgotten when the server says nobody is signed in (sign-out, an ended session).
 */
export function keepLastMe(me: Me | null): void {
  try {
    if (me) localStorage.setItem(KEY, JSON.stringify(me));
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode or a full store: offline opening is lost, nothing else.
  }
}

export function lastMe(): Me | null {
  try {
    const raw = localStorage.getItem(KEY);
    const me: unknown = raw ? JSON.parse(raw) : null;
    return typeof me === 'object' && me !== null && 'id' in me && typeof me.id === 'string'
      ? (me as Me)
      : null;
  } catch {
    return null;
  }
}
