import { createHmac } from 'node:crypto';

/**
 * The robots' request signatures, as the providers document them. Pure functions: the adapters
 * sign with them and the contract servers in the tests check with them.
 */

/**
 * DingTalk custom robot, 安全设置 → 加签 (open.dingtalk.com, 自定义机器人 → 加签): the string to sign
 * is `timestamp + "\n" + secret`, signed with HmacSHA256 keyed by the secret (UTF-8), then Base64.
 * `timestamp` is milliseconds and may differ from DingTalk's clock by at most one hour. The result
 * goes into the webhook URL as `&timestamp=…&sign=…`, the sign URL-encoded (dingtalkSignedQuery).
 */
export function dingtalkSign(timestampMs: number | string, secret: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(Buffer.from(`${timestampMs}\n${secret}`, 'utf8'))
    .digest('base64');
}

/** `timestamp=…&sign=…` with the sign URL-encoded as the document asks (Base64's + / = escaped). */
export function dingtalkSignedQuery(timestampMs: number, secret: string): string {
  return `timestamp=${timestampMs}&sign=${encodeURIComponent(dingtalkSign(timestampMs, secret))}`;
}

/**
 * Feishu/Lark custom bot, 安全设置 → 签名校验 (open.feishu.cn, 自定义机器人使用指南): unlike DingTalk,
 * `timestamp + "\n" + secret` is the HMAC-SHA256 KEY and the message is empty; the digest is Base64.
 * `timestamp` is in seconds, within one hour of Feishu's clock, and travels in the JSON body as a
 * string beside `sign` (no URL-encoding).
 */
export function feishuSign(timestampSec: number | string, secret: string): string {
  return createHmac('sha256', Buffer.from(`${timestampSec}\n${secret}`, 'utf8'))
    .update(Buffer.alloc(0))
    .digest('base64');
}

/** Both providers refuse a timestamp more than one hour from their clock. */
export const SIGNATURE_WINDOW_MS = 60 * 60 * 1000;
