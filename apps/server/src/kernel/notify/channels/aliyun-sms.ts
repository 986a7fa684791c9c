import type { ChannelAdapter, OutboundMessage, Receipt, ReceiptRequest, SendResult } from '../channel.js';
import {
  type AliyunCredentials,
  ALIYUN_RECEIPT_ANSWER,
  aliyunPush,
  aliyunResult,
  callAliyun,
  missingTemplate,
} from './aliyun.js';
import { chinaTime, parseMobile, str } from './cn.receipts.js';

export interface AliyunSmsOptions {
  credentials: AliyunCredentials;
  /** the 短信签名 registered with Aliyun, e.g. 安校 */
  signName: string;
  /** https://dysmsapi.aliyuncs.com */
  endpoint: string;
  receiptToken: string;
  receiptWindowSeconds: number;
  fetch: typeof fetch;
}

/**
 * Aliyun SMS, SendSms of dysmsapi 2017-05-25 (help.aliyun.com/zh/sms/developer-reference/
 * api-dysmsapi-2017-05-25-sendsms), and its SmsReport delivery receipts.
 */
export class AliyunSmsAdapter implements ChannelAdapter {
  readonly kind = 'sms' as const;
  readonly provider = 'aliyun-sms';
  readonly needsTemplate = true;
  readonly receiptWindowSeconds: number;
  // private fields: a logged adapter shows no key
  readonly #o: AliyunSmsOptions;

  constructor(o: AliyunSmsOptions) {
    this.#o = o;
    this.receiptWindowSeconds = o.receiptWindowSeconds;
  }

  async send(msg: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    const noTemplate = missingTemplate(msg);
    if (noTemplate) return noTemplate;
    const mobile = parseMobile(msg.to);
    if (!mobile)
      return { ok: false, retryable: false, code: 'address.invalid', reason: 'not a mobile number' };
    const params: Record<string, string> = {
      // PhoneNumbers: mainland numbers as 11 digits; others as country code + number, no "+"
      PhoneNumbers: mobile.digits,
      SignName: this.#o.signName,
      TemplateCode: msg.template!.code,
      // OutId: the caller's reference, echoed in SmsReport as out_id
      OutId: msg.attemptId,
    };
    // TemplateParam: the template's variables as a JSON object string
    if (Object.keys(msg.template!.params).length) params.TemplateParam = JSON.stringify(msg.template!.params);
    const answer = await callAliyun(
      this.#o.fetch,
      this.#o.endpoint,
      'SendSms',
      '2017-05-25',
      params,
      this.#o.credentials,
      signal,
    );
    return aliyunResult(answer, 'BizId');
  }

  /**
   * SmsReport, HTTP 批量推送 (help.aliyun.com/zh/sms/developer-reference/smsreport-2): a JSON array
   * of {phone_number, send_time, report_time, success, err_code, err_msg, sms_size, biz_id, out_id};
   * biz_id is SendSms's BizId, out_id our OutId; answered with HTTP 200 {"code":0,"msg":"接收成功"}.
   */
  readReceipts(req: ReceiptRequest) {
    const receipts: Receipt[] = [];
    for (const item of aliyunPush(req, this.#o.receiptToken)) {
      const providerMessageId = str(item.biz_id);
      if (!providerMessageId) continue;
      const delivered = item.success === true || item.success === 'true';
      receipts.push({
        provider: this.provider,
        providerMessageId,
        attemptId: str(item.out_id),
        state: delivered ? 'delivered' : 'failed',
        ...(delivered ? {} : { code: str(item.err_code), reason: str(item.err_msg) }),
        at: chinaTime(item.report_time) ?? new Date(),
      });
    }
    return { receipts, answer: ALIYUN_RECEIPT_ANSWER };
  }
}
