/**
 * A local Aliyun OpenAPI gateway for dysmsapi (SendSms) and dyvmsapi (SingleCallByTts), 2017-05-25,
 * implementing their documented contract so the adapters can be tested without Aliyun:
 * - signature V3 recomputed from the request as it arrived, independently of the adapter's code
 *   (V3版本请求体&签名机制: canonical request, ACS3-HMAC-SHA256, the x-acs-* common headers, the
 *   15-minute date window, a nonce used once), with the gateway's error bodies
 *   {RequestId, Message, Recommend, HostId, Code};
 * - SendSms / SingleCallByTts parameters checked, the documented answers (Code "OK" with BizId /
 *   CallId), and the documented error codes on demand (failNext);
 * - after a send, the SmsReport / VoiceReport push (a JSON array) posted to the configured URL.
 * Request and answer examples of the documents are in test/fixtures/providers/aliyun/.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  type Answer,
  chinaTimeString,
  listen,
  randomDigits,
  type RawRequest,
  ReceiptQueue,
} from './common.js';

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/providers/aliyun');
const ERRORS = (
  JSON.parse(fs.readFileSync(path.join(fixtures, 'sendsms.json'), 'utf8')) as {
    errors: Record<string, { status: number; Message: string }>;
  }
).errors;

export interface AliyunCall {
  action: string;
  accessKeyId: string;
  params: Record<string, string>;
  /** the answer's Code: OK or the error */
  code: string;
  /** BizId or CallId when it was accepted */
  id?: string;
}

/** What the SmsReport of the next accepted SendSms says (default: delivered). */
export interface SmsOutcome {
  success: boolean;
  err_code: string;
  err_msg: string;
}

/** What the VoiceReport of the next accepted call says (default: 200000 用户听完语音, answered). */
export interface VoiceOutcome {
  status_code: string;
  status_msg: string;
  duration: number;
}

export interface AliyunContractOptions {
  /** AccessKeyId → AccessKeySecret this gateway accepts */
  accessKeys: Record<string, string>;
  /** where SmsReport is pushed (the URL entered in the console, token included) */
  smsReceiptUrl?: string;
  /** where VoiceReport is pushed */
  voiceReceiptUrl?: string;
}

const DELIVERED: SmsOutcome = { success: true, err_code: 'DELIVERED', err_msg: '用户接收成功' };
const ANSWERED: VoiceOutcome = { status_code: '200000', status_msg: '用户听完语音', duration: 12 };

const sha256Hex = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
/** the V3 document's encoding: RFC 3986, %20 for space, %2A for *, ~ unescaped */
const enc = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export async function aliyunContractServer(opts: AliyunContractOptions) {
  const calls: AliyunCall[] = [];
  const failures: string[] = [];
  const smsOutcomes: SmsOutcome[] = [];
  const voiceOutcomes: VoiceOutcome[] = [];
  const nonces = new Set<string>();
  const receipts = new ReceiptQueue();
  let urls = { sms: opts.smsReceiptUrl, voice: opts.voiceReceiptUrl };

  const error = (code: string, host: string, message?: string): Answer => {
    const known = ERRORS[code] ?? { status: 400, Message: message ?? code };
    // the SMS service's own refusals (isv.*) come as HTTP 200 without the gateway's fields
    if (code.startsWith('isv.')) {
      return {
        status: known.status,
        body: { Message: message ?? known.Message, RequestId: randomUUID().toUpperCase(), Code: code },
      };
    }
    return {
      status: known.status,
      body: {
        RequestId: randomUUID().toUpperCase(),
        Message: message ?? known.Message,
        Recommend: `https://api.aliyun.com/troubleshoot?q=${code}`,
        HostId: host,
        Code: code,
      },
    };
  };

  /** Signature V3 as the gateway checks it; null when it holds, else the error answer. */
  function verify(req: RawRequest, host: string): { accessKeyId: string } | Answer {
    const h = (n: string) => {
      const v = req.headers[n];
      return Array.isArray(v) ? v.join(',') : v;
    };
    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(
      h('authorization') ?? '',
    );
    if (!auth)
      return error(
        'IncompleteSignature',
        host,
        'The request signature does not conform to Aliyun standards.',
      );
    const [, accessKeyId, signedHeaders, signature] = auth as unknown as [string, string, string, string];
    const secret = opts.accessKeys[accessKeyId];
    if (secret === undefined) return error('InvalidAccessKeyId.NotFound', host);
    for (const n of ['x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce']) {
      if (!h(n)) return error(`Missing${n}`, host, `${n} is mandatory for this action.`);
    }
    const date = Date.parse(h('x-acs-date')!);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(h('x-acs-date')!) || Number.isNaN(date)) {
      return error(
        'InvalidTimeStamp.Format',
        host,
        'Specified time stamp or date value is not well formatted.',
      );
    }
    if (Math.abs(Date.now() - date) > 15 * 60_000) return error('InvalidTimeStamp.Expired', host);
    const names = signedHeaders.split(';');
    const present = Object.keys(req.headers).filter((n) => n.startsWith('x-acs-') || n === 'host');
    // every x-acs-* header and host must be signed (除Authorization外的所有公共请求头, 只要存在必须被加入签名)
    if (present.some((n) => !names.includes(n))) {
      return error(
        'IncompleteSignature',
        host,
        'The request signature does not conform to Aliyun standards.',
      );
    }
    const [pathname, rawQuery = ''] = req.url.split('?', 2) as [string, string?];
    const query = rawQuery
      .split('&')
      .filter(Boolean)
      .map((kv) => {
        const [k, v = ''] = kv.split('=', 2) as [string, string?];
        return [enc(decodeURIComponent(k)), enc(decodeURIComponent(v))] as const;
      })
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    const hashedPayload = sha256Hex(req.body);
    if (h('x-acs-content-sha256') !== hashedPayload) return error('SignatureDoesNotMatch', host);
    const canonical = [
      req.method,
      pathname,
      query,
      names.map((n) => `${n}:${(h(n) ?? '').trim()}\n`).join(''),
      signedHeaders,
      hashedPayload,
    ].join('\n');
    const expected = createHmac('sha256', secret)
      .update(`ACS3-HMAC-SHA256\n${sha256Hex(canonical)}`)
      .digest('hex');
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature)))
      return error('SignatureDoesNotMatch', host);
    const nonce = h('x-acs-signature-nonce')!;
    if (nonces.has(nonce)) return error('SignatureNonceUsed', host);
    nonces.add(nonce);
    return { accessKeyId };
  }

  const server = await listen((req) => {
    const action = String(req.headers['x-acs-action'] ?? '');
    const host = action === 'SingleCallByTts' ? 'dyvmsapi.aliyuncs.com' : 'dysmsapi.aliyuncs.com';
    if (req.method !== 'POST' && req.method !== 'GET') return error('UnsupportedHTTPMethod', host);
    const checked = verify(req, host);
    if ('status' in checked) return checked;
    const params = Object.fromEntries(new URLSearchParams(req.url.split('?', 2)[1] ?? '').entries());
    const record = (code: string, id?: string) => {
      calls.push({ action, accessKeyId: checked.accessKeyId, params, code, ...(id ? { id } : {}) });
    };
    if (req.headers['x-acs-version'] !== '2017-05-25') {
      record('InvalidVersion');
      return error('InvalidVersion', host, 'Specified parameter Version is not valid.');
    }
    const required =
      action === 'SendSms'
        ? ['PhoneNumbers', 'SignName', 'TemplateCode']
        : action === 'SingleCallByTts'
          ? ['CalledNumber', 'TtsCode']
          : null;
    if (!required) {
      record('InvalidAction.NotFound');
      return error(
        'InvalidAction.NotFound',
        host,
        'Specified api is not found, please check your url and method.',
      );
    }
    const missing = required.find((p) => !params[p]);
    if (missing) {
      record(`Missing${missing}`);
      return error(`Missing${missing}`, host, `${missing} is mandatory for this action.`);
    }
    const forced = failures.shift();
    if (forced) {
      record(forced);
      return error(forced, host);
    }
    const json = action === 'SendSms' ? params.TemplateParam : params.TtsParam;
    if (json !== undefined) {
      try {
        JSON.parse(json);
      } catch {
        record('isv.INVALID_JSON_PARAM');
        return error('isv.INVALID_JSON_PARAM', host, 'JSON参数不合法，只接受字符串值');
      }
    }
    const numbers = action === 'SendSms' ? params.PhoneNumbers!.split(',') : [params.CalledNumber!];
    if (numbers.some((n) => !/^(1\d{10}|0\d{9,11}|[1-9]\d{6,14})$/.test(n))) {
      record('isv.MOBILE_NUMBER_ILLEGAL');
      return error('isv.MOBILE_NUMBER_ILLEGAL', host);
    }
    const sent = new Date();
    if (action === 'SendSms') {
      const bizId = `${randomDigits(15)}^0`;
      record('OK', bizId);
      const o = smsOutcomes.shift() ?? DELIVERED;
      receipts.enqueue(
        urls.sms,
        numbers.map((n) => ({
          phone_number: n,
          send_time: chinaTimeString(sent),
          report_time: chinaTimeString(new Date()),
          success: o.success,
          err_code: o.err_code,
          err_msg: o.err_msg,
          sms_size: '1',
          biz_id: bizId,
          out_id: params.OutId ?? '',
        })),
      );
      return {
        status: 200,
        body: { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: randomUUID().toUpperCase() },
      };
    }
    const callId = `${randomDigits(12)}^${randomDigits(11)}`;
    record('OK', callId);
    const o = voiceOutcomes.shift() ?? ANSWERED;
    const answered = o.duration > 0;
    const end = new Date(sent.getTime() + (answered ? o.duration * 1000 + 8000 : 30_000));
    receipts.enqueue(urls.voice, [
      {
        status_code: o.status_code,
        status_msg: o.status_msg,
        callee: params.CalledNumber,
        caller: params.CalledShowNumber ?? '',
        duration: String(o.duration),
        voice_type: 'voice',
        originate_time: chinaTimeString(sent),
        start_time: answered ? chinaTimeString(new Date(sent.getTime() + 8000)) : '',
        end_time: chinaTimeString(end),
        hangup_direction: answered ? '用户' : '机器',
        call_id: callId,
        out_id: params.OutId ?? '',
        toll_type: 'UNKNOWN',
      },
    ]);
    return {
      status: 200,
      body: { Code: 'OK', Message: 'OK', CallId: callId, RequestId: randomUUID().toUpperCase() },
    };
  });

  return {
    /** the endpoint to configure (NOTIFY_ALIYUN_SMS_ENDPOINT and NOTIFY_ALIYUN_VOICE_ENDPOINT) */
    url: server.url,
    /** every request that passed the signature check, in order, with the Code it was answered */
    calls,
    /** the next sends (one per code) answer these documented error codes */
    failNext(...codes: string[]) {
      failures.push(...codes);
    },
    /** the next accepted SendSms's SmsReport says this */
    nextSmsOutcome(o: SmsOutcome) {
      smsOutcomes.push(o);
    },
    /** the next accepted call's VoiceReport says this (duration 0 = not answered) */
    nextVoiceOutcome(o: VoiceOutcome) {
      voiceOutcomes.push(o);
    },
    setReceiptUrls(u: { sms?: string; voice?: string }) {
      urls = { ...urls, ...u };
    },
    /** receipts: hold(), release() (post the held ones now), drop() (never post), posted, settled() */
    receipts,
    close: server.close,
  };
}

export type AliyunContractServer = Awaited<ReturnType<typeof aliyunContractServer>>;
