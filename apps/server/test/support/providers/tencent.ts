/**
 * A local Tencent Cloud API 3.0 endpoint for SMS SendSms (2021-01-11), implementing its documented
 * contract so the adapter can be tested without Tencent:
 * - TC3-HMAC-SHA256 recomputed from the request as it arrived, independently of the adapter's code
 *   (签名方法 v3: canonical request, credential scope date/sms/tc3_request, derived key, content-type
 *   and host signed at least, X-TC-Timestamp within five minutes), with the documented
 *   {"Response": {"Error": {Code, Message}, RequestId}} answers (AuthFailure.SignatureFailure, …);
 * - X-TC-Action / X-TC-Version / X-TC-Region and the SendSms parameters checked; per-number results
 *   in SendStatusSet (Code "Ok" with SerialNo, or the number's error code);
 * - after a send, the status callback (a JSON array of {user_receive_time, nationcode, mobile,
 *   report_status, errmsg, description, sid}) posted to the configured URL.
 * Request and answer examples of the documents are in test/fixtures/providers/tencent/.
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

const fixture = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/providers/tencent/sendsms.json'), 'utf8'),
) as { errors: Record<string, string>; statusCodes: Record<string, string> };

export interface TencentCall {
  secretId: string;
  region: string;
  body: Record<string, unknown>;
  /** Response.Error.Code, or each number's SendStatusSet Code */
  codes: string[];
  serialNos: string[];
}

/** What the status callback of the next accepted send says (default: SUCCESS, DELIVRD). */
export interface TencentOutcome {
  report_status: 'SUCCESS' | 'FAIL';
  errmsg: string;
  description: string;
}

export interface TencentContractOptions {
  /** SecretId → SecretKey this endpoint accepts */
  secrets: Record<string, string>;
  /** the SmsSdkAppIds of the account */
  sdkAppIds: string[];
  /** where the status callback is posted (the URL entered in the console, token included) */
  receiptUrl?: string;
}

const DELIVERED: TencentOutcome = {
  report_status: 'SUCCESS',
  errmsg: 'DELIVRD',
  description: '用户短信送达成功',
};
const sha256Hex = (b: string | Buffer) => createHash('sha256').update(b).digest('hex');
const hmac = (k: string | Buffer, d: string) => createHmac('sha256', k).update(d).digest();

export async function tencentContractServer(opts: TencentContractOptions) {
  const calls: TencentCall[] = [];
  const failures: string[] = [];
  const outcomes: TencentOutcome[] = [];
  const receipts = new ReceiptQueue();
  let receiptUrl = opts.receiptUrl;

  const error = (code: string, message?: string): Answer => ({
    status: 200,
    body: {
      Response: {
        Error: { Code: code, Message: message ?? fixture.errors[code] ?? code },
        RequestId: randomUUID(),
      },
    },
  });

  function verify(req: RawRequest): { secretId: string } | Answer {
    const h = (n: string) => {
      const v = req.headers[n];
      return Array.isArray(v) ? v.join(',') : v;
    };
    const auth =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        h('authorization') ?? '',
      );
    if (!auth) return error('AuthFailure.InvalidAuthorization', 'Authorization header format error.');
    const [, secretId, date, service, signedHeaders, signature] = auth as unknown as string[];
    const secretKey = opts.secrets[secretId!];
    if (secretKey === undefined) return error('AuthFailure.SecretIdNotFound');
    const timestamp = Number(h('x-tc-timestamp'));
    if (!Number.isInteger(timestamp))
      return error('MissingParameter', 'The request is missing a required parameter `Timestamp`.');
    if (Math.abs(Date.now() / 1000 - timestamp) > 300) return error('AuthFailure.SignatureExpire');
    const names = signedHeaders!.split(';');
    // content-type and host are the headers the document requires in the signature
    if (!names.includes('content-type') || !names.includes('host') || service !== 'sms') {
      return error('AuthFailure.InvalidAuthorization', 'Authorization header format error.');
    }
    if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== date)
      return error('AuthFailure.SignatureFailure');
    const [pathname, query = ''] = req.url.split('?', 2) as [string, string?];
    const canonical = [
      req.method,
      pathname,
      query,
      names.map((n) => `${n}:${(h(n) ?? '').trim().toLowerCase()}\n`).join(''),
      signedHeaders,
      sha256Hex(req.body),
    ].join('\n');
    const stringToSign = [
      'TC3-HMAC-SHA256',
      String(timestamp),
      `${date}/${service}/tc3_request`,
      sha256Hex(canonical),
    ].join('\n');
    const key = hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
    const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
    if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature!)))
      return error('AuthFailure.SignatureFailure');
    return { secretId: secretId! };
  }

  const server = await listen((req) => {
    if (req.method !== 'POST')
      return error('InvalidRequest', 'Only POST with application/json is served here.');
    const checked = verify(req);
    if ('status' in checked) return checked;
    const region = String(req.headers['x-tc-region'] ?? '');
    let body: Record<string, unknown> = {};
    const call: TencentCall = { secretId: checked.secretId, region, body, codes: [], serialNos: [] };
    calls.push(call);
    const refuse = (code: string, message?: string) => {
      call.codes.push(code);
      return error(code, message);
    };
    if (req.headers['x-tc-action'] !== 'SendSms')
      return refuse('InvalidAction', 'The requested action does not exist.');
    if (req.headers['x-tc-version'] !== '2021-01-11')
      return refuse('NoSuchVersion', 'The requested version does not exist.');
    if (!region) return refuse('MissingParameter', 'The request is missing a required parameter `Region`.');
    try {
      body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
      call.body = body;
    } catch {
      return refuse('InvalidParameter', 'The request body is not JSON.');
    }
    for (const p of ['PhoneNumberSet', 'SmsSdkAppId', 'TemplateId']) {
      if (body[p] === undefined)
        return refuse('MissingParameter', `The request is missing a required parameter \`${p}\`.`);
    }
    const numbers = body.PhoneNumberSet;
    if (!Array.isArray(numbers) || numbers.length === 0 || numbers.length > 200) {
      return refuse('InvalidParameterValue', 'PhoneNumberSet must hold 1 to 200 numbers.');
    }
    if (!opts.sdkAppIds.includes(String(body.SmsSdkAppId))) {
      return refuse('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId 不存在。');
    }
    const forced = failures.shift();
    // common errors answer the whole request; the SMS codes answer each number
    if (forced && !/^(LimitExceeded|InvalidParameterValue|FailedOperation)\./.test(forced))
      return refuse(forced);
    const set = numbers.map((n) => {
      const number = String(n);
      const code =
        forced ?? (/^\+\d{7,15}$/.test(number) ? 'Ok' : 'InvalidParameterValue.IncorrectPhoneNumber');
      const serialNo = code === 'Ok' ? `2645:${randomDigits(28)}` : '';
      call.codes.push(code);
      if (serialNo) call.serialNos.push(serialNo);
      return {
        SerialNo: serialNo,
        PhoneNumber: number,
        Fee: code === 'Ok' ? 1 : 0,
        SessionContext: typeof body.SessionContext === 'string' ? body.SessionContext : '',
        Code: code,
        Message: code === 'Ok' ? 'send success' : (fixture.statusCodes[code] ?? code),
        IsoCode: number.startsWith('+86') ? 'CN' : 'DEF',
      };
    });
    const sentOk = set.filter((s) => s.Code === 'Ok');
    if (sentOk.length) {
      const o = outcomes.shift() ?? DELIVERED;
      receipts.enqueue(
        receiptUrl,
        sentOk.map((s) => ({
          user_receive_time: chinaTimeString(new Date()),
          nationcode: s.PhoneNumber.startsWith('+86') ? '86' : '',
          mobile: s.PhoneNumber.replace(/^\+86/, ''),
          report_status: o.report_status,
          errmsg: o.errmsg,
          description: o.description,
          sid: s.SerialNo,
        })),
      );
    }
    return { status: 200, body: { Response: { SendStatusSet: set, RequestId: randomUUID() } } };
  });

  return {
    /** the endpoint to configure (NOTIFY_TENCENT_SMS_ENDPOINT) */
    url: server.url,
    /** every request that passed the signature check, in order, with the codes it was answered */
    calls,
    /**
     * the next sends (one per code) answer these documented codes: common ones (AuthFailure.*,
     * RequestLimitExceeded, InternalError, …) as Response.Error, SMS ones (LimitExceeded.*,
     * InvalidParameterValue.*, FailedOperation.*) as the number's SendStatusSet Code
     */
    failNext(...codes: string[]) {
      failures.push(...codes);
    },
    /** the next accepted send's status callback says this */
    nextOutcome(o: TencentOutcome) {
      outcomes.push(o);
    },
    setReceiptUrl(url: string | undefined) {
      receiptUrl = url;
    },
    /** receipts: hold(), release() (post the held ones now), drop() (never post), posted, settled() */
    receipts,
    close: server.close,
  };
}

export type TencentContractServer = Awaited<ReturnType<typeof tencentContractServer>>;
