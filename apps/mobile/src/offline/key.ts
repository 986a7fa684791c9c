/** What the server accepts as an idempotency key (made by newIdempotencyKey, sent on every retry). */
export const isValidKey = (key: string): boolean => /^[A-Za-z0-9_.:-]{8,100}$/.test(key);
