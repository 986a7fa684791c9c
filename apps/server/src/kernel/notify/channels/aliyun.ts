import { randomBytes } from 'node:crypto';
import type { OutboundMessage, ReceiptRequest, SendResult } from '../channel.js';
import { acs3Authorization, acsCanonicalQuery, sha256Hex } from './aliyun.signature.js';
import { checkReceiptToken, readJsonArray } from './cn.receipts.js';

/**
 * Calling an Aliyun RPC-style OpenAPI (dysmsapi, dyvmsapi) with signature V3: POST to "/", the
 * business parameters in the query string, an empty body, and the common headers x-acs-action,
 * x-acs-version, x-acs-date, x-acs-signature-nonce and x-acs-content-sha256 (V3版本请求体&签名机制,
 * "RequestHeader" and "RPC 风格接口的参数放在 query 中").
 */
export interface AliyunCredentials {
  accessKeyId: string;
  accessKeySecret: string;
}

export type AliyunAnswer =
  | { kind: 'answer'; status: number; body: Record<string, unknown> | null }
  | { kind: 'network'; reason: string };

export async function callAliyun(
  fetchFn: typeof fetch,
  endpoint: string,
  action: string,
  version: string,
  params: Record<string, string>,
  creds: AliyunCredentials,
  signal?: AbortSignal,
): Promise<AliyunAnswer> {
  const url = new URL(endpoint);
  const body = '';
  const headers: Record<string, string> = {
    'x-acs-action': action,
    'x-acs-version': version,
    // ISO 8601 in UTC without fractions, yyyy-MM-ddTHH:mm:ssZ, within 15 minutes of the server's
    'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    // a fresh random per request: the gateway refuses a nonce it has seen (SignatureNonceUsed)
    'x-acs-signature-nonce': randomBytes(16).toString('hex'),
    'x-acs-content-sha256': sha256Hex(body),
  };
  const authorization = acs3Authorization(
    { method: 'POST', host: url.host, path: '/', query: params, headers, body },
    creds.accessKeyId,
    creds.accessKeySecret,
  );
  let res: Response;
  try {
    res = await fetchFn(`${url.origin}/?${acsCanonicalQuery(params)}`, {
      method: 'POST',
      headers: { ...headers, Authorization: authorization, Accept: 'application/json' },
      body,
      signal,
    });
  } catch (err) {
    return { kind: 'network', reason: err instanceof Error ? err.message : String(err) };
  }
  const text = await res.text().catch(() => '');
  let parsed: Record<string, unknown> | null = null;
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) parsed = v as Record<string, unknown>;
  } catch {
    parsed = null;
  }
  return { kind: 'answer', status: res.status, body: parsed };
}

/**
 * Which refusals another try (or the next provider) may get past. From the SMS and voice error-code
 * pages: isv.BUSINESS_LIMIT_CONTROL is the per-number frequency control (1/min, 5/h, 10/day by
 * default), Throttling.* the API's flow control, InternalError / ServiceUnavailable / isv.SYSTEM_ERROR
 * the provider's own faults, and any 5xx. Signature, key, number, template and signature-name errors
 * (SignatureDoesNotMatch, InvalidAccessKeyId.*, isv.MOBILE_NUMBER_ILLEGAL, isv.SMS_TEMPLATE_ILLEGAL,
 * isv.SMS_SIGNATURE_ILLEGAL, …) will fail again the same way.
 */
export function aliyunRetryable(code: string, status: number): boolean {
  return (
    status >= 500 ||
    code === 'isv.BUSINESS_LIMIT_CONTROL' ||
    code === 'isv.SYSTEM_ERROR' ||
    code.startsWith('Throttling') ||
    code.startsWith('InternalError') ||
    code.startsWith('ServiceUnavailable')
  );
}

/**
 * Success is Code "OK" with the id field (BizId for SendSms, CallId for SingleCallByTts); anything
 * else is the provider's refusal with its Code and Message.
 */
export function aliyunResult(answer: AliyunAnswer, idField: string): SendResult {
  if (answer.kind === 'network')
    return { ok: false, retryable: true, code: 'network', reason: answer.reason };
  const { status, body } = answer;
  const code = typeof body?.Code === 'string' ? body.Code : `http.${status}`;
  const id = body?.[idField];
  if (status === 200 && code === 'OK' && typeof id === 'string' && id) {
    return { ok: true, providerMessageId: id, receiptExpected: true };
  }
  const reason = typeof body?.Message === 'string' ? body.Message : `HTTP ${status}`;
  return { ok: false, retryable: aliyunRetryable(code, status), code, reason };
}

/** The answer both pushes (SmsReport, VoiceReport) expect: HTTP 200 and a numeric code 0. */
export const ALIYUN_RECEIPT_ANSWER = { status: 200, body: { code: 0, msg: '接收成功' } };

/** The token check and the JSON array every Aliyun push carries. */
export function aliyunPush(req: ReceiptRequest, token: string): Record<string, unknown>[] {
  checkReceiptToken(req, token);
  return readJsonArray(req.rawBody);
}

/** SMS and voice both need the template registered with Aliyun (TemplateCode / TtsCode). */
export function missingTemplate(msg: OutboundMessage): SendResult | null {
  return msg.template
    ? null
    : {
        ok: false,
        retryable: false,
        code: 'template.missing',
        reason: 'no provider template for this message',
      };
}
