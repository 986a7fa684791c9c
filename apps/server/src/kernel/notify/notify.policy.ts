import { z } from 'zod';
import type { ChannelKind, SendResult, Severity } from './channel.js';

/**
 * The centre's settings (decision 0019). The policy per severity is written here, in code, with
 * its one tunable (how long an urgent item may stay unread before the SMS); rate limits and the
 * receipt window are settings too. Templates are data the platform administrator edits.
 */
export const notifyConfig = z.object({
  /** urgent: the SMS goes when the in-app notification is still unread after this many minutes */
  NOTIFY_URGENT_SMS_AFTER_MINUTES: z.coerce.number().int().min(0).max(1440).default(5),
  /** at most this many SMS/voice/IM/e-mail messages per person and hour (alarms are never held back) */
  NOTIFY_RECIPIENT_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
  /** at most this many messages per provider and minute, shared by every node */
  NOTIFY_PROVIDER_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(3000),
  /** seconds to wait for a receipt when the adapter names no window of its own */
  NOTIFY_RECEIPT_WINDOW_SECONDS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** when the daily digest goes out (cron, China time) */
  NOTIFY_DIGEST_CRON: z
    .string()
    .regex(/^[\d*/,-]+( [\d*/,-]+){4}$/, 'a cron expression of five fields')
    .default('0 18 * * *'),
  /** the console's address, so a message can carry a link to its object */
  NOTIFY_CONSOLE_URL: z.url().optional(),
});
export type NotifyConfig = z.infer<typeof notifyConfig>;

export interface Policy {
  /** channels tried at once */
  now: ChannelKind[];
  /** a channel tried later, only while the notification is unread */
  ifUnread?: { channel: ChannelKind; afterMinutes: number };
  /** the item goes into the person's daily digest */
  digest: boolean;
}

export function policyFor(severity: Severity, cfg: NotifyConfig): Policy {
  switch (severity) {
    case 'alarm':
      return { now: ['inapp', 'voice', 'sms'], digest: false };
    case 'urgent':
      return {
        now: ['inapp'],
        ifUnread: { channel: 'sms', afterMinutes: cfg.NOTIFY_URGENT_SMS_AFTER_MINUTES },
        digest: false,
      };
    case 'normal':
      return { now: ['inapp'], digest: true };
    case 'digest':
      return { now: [], digest: true };
  }
}

/**
 * An error the next provider would answer the same way: the address itself is wrong or refused
 * (Aliyun isv.MOBILE_NUMBER_ILLEGAL, Tencent InvalidParameterValue.IncorrectPhoneNumber, a
 * mailbox that does not exist …). Everything else (network, throttling, a template or account
 * problem at one provider) is worth the next provider.
 */
export function sameForEveryProvider(r: Extract<SendResult, { ok: false }>): boolean {
  return /MOBILE_NUMBER_ILLEGAL|IncorrectPhoneNumber|PHONE_NUMBER_ILLEGAL|InvalidPhone|INVALID_(NUMBER|ADDRESS|RECIPIENT)|NO_SUCH_(USER|MAILBOX)|MailboxUnavailable/i.test(
    r.code,
  );
}

/** 138****1234, z***@example.edu.cn, wx***12: how an address is shown and stored. */
export function maskAddress(channel: ChannelKind, to: string): string {
  if (channel === 'sms' || channel === 'voice') {
    const d = to.replace(/\D/g, '').slice(-11);
    return d.length >= 7 ? `${d.slice(0, 3)}****${d.slice(-4)}` : '****';
  }
  if (channel === 'email') {
    const [local = '', domain = ''] = to.split('@');
    return `${local.slice(0, 1)}***@${domain}`;
  }
  return to.length > 4 ? `${to.slice(0, 2)}***${to.slice(-2)}` : '***';
}

const CHINA_OFFSET_MIN = 8 * 60;

/**
 * When quiet hours (minutes of the day, China time; from > to spans midnight) hold at `at`, the
 * moment they end; otherwise null.
 */
export function quietUntil(at: Date, from: number | null, to: number | null): Date | null {
  if (from === null || to === null || from === to) return null;
  const local = Math.floor(at.getTime() / 60_000) + CHINA_OFFSET_MIN;
  const minute = ((local % 1440) + 1440) % 1440;
  const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
  if (!inside) return null;
  const wait = (to - minute + 1440) % 1440;
  const end = (local + wait) * 60_000 - CHINA_OFFSET_MIN * 60_000;
  return new Date(end - (end % 60_000));
}
