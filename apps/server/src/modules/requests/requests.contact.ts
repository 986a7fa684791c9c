import { isChinesePhone, normalizePhone } from '@anxiao/contracts';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../kernel/db.js';
import { users } from '../identity/index.js';

/**
 * The reporter's contact phone on the 我要报事 form (issue 14 item 5): optional, a Chinese mobile or
 * landline, stored in its normal form. Empty means "do not call me".
 */
export const contactPhone = z
  .string()
  .trim()
  .max(30)
  .refine((v) => v === '' || isChinesePhone(v), 'a Chinese mobile or landline number')
  .transform((v) => (v === '' ? null : normalizePhone(v)))
  .describe('the reporter’s contact phone (a Chinese mobile or landline); empty: none');

/** The account's own phone, which the form offers to start with (null when it is not a valid one). */
export async function accountPhone(ex: Executor, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [u] = await ex.select({ phone: users.phone }).from(users).where(eq(users.id, userId));
  return u?.phone && isChinesePhone(u.phone) ? normalizePhone(u.phone) : null;
}
