import type { ChannelAdapter, OutboundMessage, Receipt, ReceiptRequest, SendResult } from '../channel.js';
import { checkReceiptToken, chinaTime, parseMobile, readJsonArray, str } from './cn.receipts.js';
import { tc3Authorization } from './tencent.signature.js';

export interface TencentSmsOptions {
  secretId: string;
  secretKey: string;
  /** SmsSdkAppId: the 短信应用 SDK AppID, e.g. 1400006666 */
  sdkAppId: string;
  /** SignName: the approved 签名内容 */
  signName: string;
  /** X-TC-Region: ap-guangzhou, ap-beijing or ap-nanjing for SMS */
  region: string;
  /** https://sms.tencentcloudapi.com */
  endpoint: string;
  receiptToken: string;
  receiptWindowSeconds: number;
  fetch: typeof fetch;
}

const CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Which refusals another try (or the next provider) may get past: the common RequestLimitExceeded*
 * and InternalError* (公共错误码, cloud.tencent.com/document/api/382/38780), and SMS's LimitExceeded.*
 * frequency limits (PhoneNumberThirtySecondLimit, PhoneNumberOneHourLimit, PhoneNumberDailyLimit,
 * DeliveryFrequencyLimit: 错误码 382/59177). AuthFailure.*, InvalidParameterValue.IncorrectPhoneNumber,
 * FailedOperation.* (template, signature, balance, blacklist) fail again the same way.
 */
export function tencentRetryable(code: string, status: number): boolean {
  return (
    status >= 500 ||
    code.startsWith('RequestLimitExceeded') ||
    code.startsWith('LimitExceeded') ||
    code.startsWith('InternalError')
  );
}

/**
 * TemplateParamSet is positional ({1}, {2}, … in the template): numbered keys go in number order,
 * other keys in the order the template configuration lists them.
 */
export function templateParamSet(params: Record<string, string>): string[] {
  const keys = Object.keys(params);
  if (keys.length && keys.every((k) => /^\d+$/.test(k))) keys.sort((a, b) => Number(a) - Number(b));
  return keys.map((k) => params[k]!);
}

/**
 * Tencent Cloud SMS, SendSms of API 3.0 version 2021-01-11 (cloud.tencent.com/document/api/382/55981)
 * signed with TC3-HMAC-SHA256, and its status callback (短信下发状态通知).
 */
export class TencentSmsAdapter implements ChannelAdapter {
  readonly kind = 'sms' as const;
  readonly provider = 'tencent-sms';
  readonly needsTemplate = true;
  readonly receiptWindowSeconds: number;
  readonly #o: TencentSmsOptions;

  constructor(o: TencentSmsOptions) {
    this.#o = o;
    this.receiptWindowSeconds = o.receiptWindowSeconds;
  }

  async send(msg: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    if (!msg.template) {
      return {
        ok: false,
        retryable: false,
        code: 'template.missing',
        reason: 'no provider template for this message',
      };
    }
    const mobile = parseMobile(msg.to);
    if (!mobile)
      return { ok: false, retryable: false, code: 'address.invalid', reason: 'not a mobile number' };
    const payload = JSON.stringify({
      // PhoneNumberSet: E.164, "+[country code][number]", e.g. +8613711112222
      PhoneNumberSet: [mobile.mainland ? `+86${mobile.digits}` : `+${mobile.digits}`],
      SmsSdkAppId: this.#o.sdkAppId,
      SignName: this.#o.signName,
      TemplateId: msg.template.code,
      TemplateParamSet: templateParamSet(msg.template.params),
      // SessionContext: returned as is in SendStatusSet; ties the answer to our attempt
      SessionContext: msg.attemptId,
    });
    const url = new URL(this.#o.endpoint);
    const timestamp = Math.floor(Date.now() / 1000);
    // 公共参数 as headers: X-TC-Action, X-TC-Version, X-TC-Timestamp, X-TC-Region; the document signs
    // content-type and host at least, and its current example adds x-tc-action.
    const signed = { 'Content-Type': CONTENT_TYPE, 'X-TC-Action': 'SendSms' };
    const authorization = tc3Authorization(
      {
        method: 'POST',
        service: 'sms',
        host: url.host,
        path: '/',
        query: '',
        headers: signed,
        payload,
        timestamp,
      },
      this.#o.secretId,
      this.#o.secretKey,
    );
    let res: Response;
    try {
      res = await this.#o.fetch(`${url.origin}/`, {
        method: 'POST',
        headers: {
          ...signed,
          'X-TC-Version': '2021-01-11',
          'X-TC-Timestamp': String(timestamp),
          'X-TC-Region': this.#o.region,
          Authorization: authorization,
        },
        body: payload,
        signal,
      });
    } catch (err) {
      return {
        ok: false,
        retryable: true,
        code: 'network',
        reason: err instanceof Error ? err.message : String(err),
      };
    }
    return readSendAnswer(res.status, await res.text().catch(() => ''));
  }

  /**
   * 短信下发状态通知 (cloud.tencent.com/document/product/382/5807): a JSON array of {user_receive_time,
   * nationcode, mobile, report_status SUCCESS|FAIL, errmsg, description, sid}; sid is SendSms's
   * SerialNo. Answered with {"result":0,"errmsg":"OK"}.
   */
  readReceipts(req: ReceiptRequest) {
    checkReceiptToken(req, this.#o.receiptToken);
    const receipts: Receipt[] = [];
    for (const item of readJsonArray(req.rawBody)) {
      const providerMessageId = str(item.sid);
      if (!providerMessageId) continue;
      const delivered = item.report_status === 'SUCCESS';
      receipts.push({
        provider: this.provider,
        providerMessageId,
        state: delivered ? 'delivered' : 'failed',
        ...(delivered ? {} : { code: str(item.errmsg), reason: str(item.description) }),
        at: chinaTime(item.user_receive_time) ?? new Date(),
      });
    }
    return { receipts, answer: { status: 200, body: { result: 0, errmsg: 'OK' } } };
  }
}

/**
 * The answer: {"Response": {"Error": {Code, Message}, RequestId}} when the call itself failed
 * (返回结果, 382/52071), else {"Response": {"SendStatusSet": [{SerialNo, PhoneNumber, Fee,
 * SessionContext, Code, Message, IsoCode}], RequestId}} with Code "Ok" for a number that was sent.
 */
function readSendAnswer(status: number, text: string): SendResult {
  let response: Record<string, unknown> | undefined;
  try {
    const v = JSON.parse(text) as { Response?: Record<string, unknown> };
    response = v?.Response;
  } catch {
    response = undefined;
  }
  if (!response)
    return { ok: false, retryable: status >= 500, code: `http.${status}`, reason: `HTTP ${status}` };
  const error = response.Error as { Code?: unknown; Message?: unknown } | undefined;
  if (error) {
    const code = typeof error.Code === 'string' ? error.Code : `http.${status}`;
    const reason = typeof error.Message === 'string' ? error.Message : `HTTP ${status}`;
    return { ok: false, retryable: tencentRetryable(code, status), code, reason };
  }
  const set = Array.isArray(response.SendStatusSet)
    ? (response.SendStatusSet as Record<string, unknown>[])
    : [];
  const first = set[0];
  const code = typeof first?.Code === 'string' ? first.Code : `http.${status}`;
  if (code === 'Ok' && typeof first?.SerialNo === 'string' && first.SerialNo) {
    return { ok: true, providerMessageId: first.SerialNo, receiptExpected: true };
  }
  const reason = typeof first?.Message === 'string' ? first.Message : 'no send status in the answer';
  return { ok: false, retryable: tencentRetryable(code, status), code, reason };
}
