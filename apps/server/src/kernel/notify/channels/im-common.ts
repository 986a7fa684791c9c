import type { OutboundMessage, SendResult } from '../channel.js';
import type { Robot } from './im-email.config.js';

/** What the IM and e-mail adapters share: calling a JSON API, failures, robot addresses, text limits. */

export type Failure = Extract<SendResult, { ok: false }>;

export function fail(code: string, reason: string, retryable: boolean): Failure {
  return { ok: false, code, reason, retryable };
}

export function sent(providerMessageId: string): SendResult {
  // IM messages and e-mail have no delivery receipt: "sent" is the last state the provider tells.
  return { ok: true, providerMessageId, receiptExpected: false };
}

/**
 * Call a provider's JSON API. The URL may carry a token (WeCom access_token, DingTalk
 * access_token), so no failure text ever includes it: a network failure is named by its code.
 * Network failures, 429 and 5xx without a JSON answer are retryable; the caller reads the JSON.
 */
export async function callJson(
  fetchFn: typeof fetch,
  url: string,
  init: { method: 'GET' | 'POST'; body?: unknown },
  signal?: AbortSignal,
): Promise<{ status: number; json: Record<string, unknown> } | Failure> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: init.method,
      ...(init.body !== undefined
        ? {
            // DingTalk: "发起POST请求时,必须将字符集编码设置成UTF-8"; the others read JSON as UTF-8 too.
            headers: { 'content-type': 'application/json; charset=utf-8' },
            body: JSON.stringify(init.body),
          }
        : {}),
      signal,
    });
  } catch (err) {
    return fail('network', `the provider could not be reached (${networkCause(err)})`, true);
  }
  const text = await res.text().catch(() => '');
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* judged below */
  }
  if (json && typeof json === 'object' && !Array.isArray(json))
    return { status: res.status, json: json as Record<string, unknown> };
  const retryable = res.status >= 500 || res.status === 429 || res.ok;
  return fail(
    `http.${res.status}`,
    `the provider answered HTTP ${res.status} without a JSON body`,
    retryable,
  );
}

function networkCause(err: unknown): string {
  const e = err as { name?: string; code?: string; cause?: { code?: string; name?: string } };
  return e.cause?.code ?? e.code ?? e.cause?.name ?? e.name ?? 'error';
}

/** The provider's numeric code in an answer, or null when it has none. */
export function numberField(json: Record<string, unknown>, ...names: string[]): number | null {
  for (const n of names) {
    const v = json[n];
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  }
  return null;
}

export function stringField(json: Record<string, unknown>, ...names: string[]): string {
  for (const n of names) {
    const v = json[n];
    if (typeof v === 'string') return v;
  }
  return '';
}

/** Cut a string to at most `max` UTF-8 bytes without splitting a character, marking the cut. */
export function truncateBytes(s: string, max: number): string {
  if (Buffer.byteLength(s, 'utf8') <= max) return s;
  const mark = '…';
  let out = '';
  let bytes = Buffer.byteLength(mark, 'utf8');
  for (const ch of s) {
    const b = Buffer.byteLength(ch, 'utf8');
    if (bytes + b > max) break;
    out += ch;
    bytes += b;
  }
  return out + mark;
}

/** The label of the link to the object, in Chinese first as the people reading it are. */
export const LINK_LABEL = '查看详情';

/** Title, body and the link, as plain text (an IM text message). */
export function plainText(msg: OutboundMessage): string {
  return [msg.title, msg.body, msg.url ? `${LINK_LABEL}: ${msg.url}` : ''].filter(Boolean).join('\n');
}

/**
 * A robot address: the robot's configured name, optionally with the person to mention in the group
 * after a slash ("保卫处/zhangsan": the person's WeCom/DingTalk/Feishu user id).
 */
export function robotFor(robots: Robot[], to: string): { robot: Robot; mention: string | null } | Failure {
  const slash = to.indexOf('/');
  const name = (slash >= 0 ? to.slice(0, slash) : to).trim();
  const mention = slash >= 0 ? to.slice(slash + 1).trim() : '';
  const robot = robots.find((r) => r.name === name);
  if (!robot) return fail('robot.unknown', `no robot named "${name.slice(0, 40)}" is configured`, false);
  // A user id starts with a letter or digit: "@all" (everyone in the group) is not a person.
  if (mention && !/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/.test(mention))
    return fail('address.invalid', 'the person to mention is not a user id', false);
  return { robot, mention: mention || null };
}
