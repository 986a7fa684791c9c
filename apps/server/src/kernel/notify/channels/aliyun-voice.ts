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

export interface AliyunVoiceOptions {
  credentials: AliyunCredentials;
  /** CalledShowNumber: the 真实号 (or 服务实例 ID) the call shows, 专属模式 */
  showNumber: string;
  /** PlayTimes: how often the text is read in one call, 1–3 */
  playTimes: number;
  /** https://dyvmsapi.aliyuncs.com */
  endpoint: string;
  receiptToken: string;
  receiptWindowSeconds: number;
  fetch: typeof fetch;
}

/**
 * 呼叫状态码 that mean the callee picked up (help.aliyun.com/document_detail/55085): 200000 用户听完语音,
 * 200001 用户提前挂机未完整收听. Every other final code (200002 占线, 200003 未接听, 200005 无法接通,
 * 200007 不在服务区, 200010 关机, 200011 停机, …) is a call nobody answered.
 */
const ANSWERED = new Set(['200000', '200001']);

/**
 * Aliyun voice notification, SingleCallByTts of dyvmsapi 2017-05-25 (help.aliyun.com/document_detail/
 * 393519.html), and its VoiceReport call records. Used for alarms: the text is a TTS template.
 */
export class AliyunVoiceAdapter implements ChannelAdapter {
  readonly kind = 'voice' as const;
  readonly provider = 'aliyun-voice';
  readonly needsTemplate = true;
  readonly receiptWindowSeconds: number;
  readonly #o: AliyunVoiceOptions;

  constructor(o: AliyunVoiceOptions) {
    this.#o = o;
    this.receiptWindowSeconds = o.receiptWindowSeconds;
  }

  async send(msg: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    const noTemplate = missingTemplate(msg);
    if (noTemplate) return noTemplate;
    const mobile = parseMobile(msg.to);
    // CalledNumber: one domestic number per call (国内语音: 手机号码或固话)
    if (!mobile?.mainland) {
      return { ok: false, retryable: false, code: 'address.invalid', reason: 'not a mainland mobile number' };
    }
    const params: Record<string, string> = {
      CalledShowNumber: this.#o.showNumber,
      CalledNumber: mobile.digits,
      TtsCode: msg.template!.code,
      PlayTimes: String(this.#o.playTimes),
      // OutId: reserved for the caller, returned in VoiceReport as out_id
      OutId: msg.attemptId,
    };
    // TtsParam: the TTS template's variables as a JSON object string
    if (Object.keys(msg.template!.params).length) params.TtsParam = JSON.stringify(msg.template!.params);
    const answer = await callAliyun(
      this.#o.fetch,
      this.#o.endpoint,
      'SingleCallByTts',
      '2017-05-25',
      params,
      this.#o.credentials,
      signal,
    );
    return aliyunResult(answer, 'CallId');
  }

  /**
   * VoiceReport, 呼叫记录消息 by HTTP 批量推送 (help.aliyun.com/zh/vms/voicereport-6): a JSON array of
   * call records {call_id, status_code, status_msg, out_id, duration, start_time, end_time, …} sent
   * when the call ends; answered with HTTP 200 {"code":0,"msg":"接收成功"}.
   */
  readReceipts(req: ReceiptRequest) {
    const receipts: Receipt[] = [];
    for (const item of aliyunPush(req, this.#o.receiptToken)) {
      const providerMessageId = str(item.call_id);
      const code = str(item.status_code);
      if (!providerMessageId || !code) continue;
      const answered = ANSWERED.has(code);
      receipts.push({
        provider: this.provider,
        providerMessageId,
        attemptId: str(item.out_id),
        state: answered ? 'delivered' : 'failed',
        answered,
        ...(answered ? {} : { code, reason: str(item.status_msg) }),
        at: chinaTime(item.end_time) ?? chinaTime(item.start_time) ?? new Date(),
      });
    }
    return { receipts, answer: ALIYUN_RECEIPT_ANSWER };
  }
}
