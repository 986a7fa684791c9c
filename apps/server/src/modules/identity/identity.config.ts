import { z } from 'zod';

/** The identity module's settings (environment variables). */
export const identityConfig = z.object({
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(240),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(3).max(100).default(5),
  LOGIN_LOCK_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  // Per address: a campus often signs in from behind one NAT, so this is generous; the
  // per-account lockout is what stops password guessing.
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(60),
});

export type IdentityConfig = z.infer<typeof identityConfig>;
