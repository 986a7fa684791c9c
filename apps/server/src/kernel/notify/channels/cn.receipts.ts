import { createHash, timingSafeEqual } from 'node:crypto';
import { errors } from '../../errors.js';
import type { ReceiptRequest } from '../channel.js';

/**
 * Pieces shared by the receipt callbacks of the Chinese SMS and voice providers. Neither Aliyun's
 * SmsReport / VoiceReport push nor Tencent Cloud's SMS status callback is signed (their documents
 * describe a plain JSON POST to the URL configured in the console), so the URL we give them carries
 * a secret token of ours: …/api/notify/receipts/<provider>?token=<NOTIFY_*_RECEIPT_TOKEN>.
 */

/** Refuse a callback whose ?token= is not ours; compared in constant time (hashes of equal length). */
export function checkReceiptToken(req: ReceiptRequest, token: string): void {
  const given = req.query.token ?? '';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  if (!given || !timingSafeEqual(a, b)) throw errors.forbidden({ reason: 'receipt token' });
}

/** Most receipts one push may carry; the providers batch, but not without bound. */
const MAX_ITEMS = 1000;

/** The body of every one of these pushes is a JSON array of flat objects. */
export function readJsonArray(raw: Buffer): Record<string, unknown>[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw errors.validation({ reason: 'receipt body is not JSON' });
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_ITEMS) {
    throw errors.validation({ reason: `receipt body must be a JSON array of at most ${MAX_ITEMS} items` });
  }
  return parsed.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}

export const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;

/**
 * The providers write times as "2017-01-01 00:00:00" in China Standard Time (UTC+8, no daylight
 * saving); undefined when absent or not of that form.
 */
export function chinaTime(v: unknown): Date | undefined {
  const m = typeof v === 'string' ? /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(v.trim()) : null;
  if (!m) return undefined;
  const d = new Date(`${m[1]}T${m[2]}+08:00`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * A mobile number as the centre stores it (+86…, 0086…, or 11 digits) split into what the
 * providers want: mainland numbers as 11 digits, others as E.164 digits. Null when not a number.
 */
export function parseMobile(to: string): { mainland: boolean; digits: string } | null {
  const s = to.replace(/[\s-]/g, '');
  const cn = /^(?:\+86|0086|86)?(1\d{10})$/.exec(s);
  if (cn) return { mainland: true, digits: cn[1]! };
  // +86 with anything but a mobile number is a typo, not a foreign number
  if (/^(?:\+|00)86/.test(s)) return null;
  const intl = /^(?:\+|00)([1-9]\d{6,14})$/.exec(s);
  if (intl) return { mainland: false, digits: intl[1]! };
  return null;
}
