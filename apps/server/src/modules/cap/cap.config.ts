import { z } from 'zod';
import { ALARM_CLASSES } from '../alarms/index.js';

/** The CAP module's settings (environment variables). */
export const capConfig = z.object({
  /**
   * CAP <sender>: names this platform to everyone reading its alerts (an Internet domain, e.g.
   * anxiao.dyq.edu.cn). It prefixes every identifier, so it should never change once alerts are out.
   */
  CAP_SENDER: z
    .string()
    .regex(/^[A-Za-z0-9._@:-]{1,100}$/, 'letters, digits and . _ @ : - only (no spaces or commas)')
    .default('anxiao.localhost'),
  /**
   * Where the public reaches this server (https://anxiao.example.edu.cn): each alert's <web> link.
   * Without it the documents carry no link; the Atom index links by the address it was read at.
   */
  CAP_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/@]+(\/[^\s]*)?$/, 'an http(s) address without credentials')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  /**
   * The alarm classes published in the feed (comma separated; empty: none). A fire concerns the
   * neighbours and the roads around a school; a police alarm (an intruder) is not announced to
   * whoever is outside, nor are medical calls or staff assistance (decision 0021).
   */
  CAP_PUBLIC_ALARM_CLASSES: z
    .string()
    .default('fire')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ALARM_CLASSES))),
  /** how often subscribed feeds are read */
  CAP_POLL_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  /** the largest document read from a feed, and how long a read may take */
  CAP_FETCH_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(16 * 1024 * 1024)
    .default(1024 * 1024),
  CAP_FETCH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type CapConfig = z.infer<typeof capConfig>;
