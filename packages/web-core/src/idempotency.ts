/**
 * Keys that make a retried request the same request on the server (an alarm, later a request
 * filed from the phone): made once per action and sent with every retry of it.
 */

export interface CryptoLike {
  randomUUID?: () => string;
  getRandomValues(array: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>;
}

/**
 * A fresh idempotency key (a v4 UUID). crypto.randomUUID exists only on secure pages (https or
 * localhost), and a school's server may be reached over plain http on its own network:
 * getRandomValues exists everywhere.
 */
export function newIdempotencyKey(c: CryptoLike = globalThis.crypto): string {
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  const b = c.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
