/**
 * The Chinese SMS and voice adapters (Aliyun SMS, Aliyun voice, Tencent Cloud SMS) against local
 * contract servers that verify each request's signature as the provider documents it, answer with
 * the documented bodies, and post the documented receipt callbacks. The callbacks reach a small
 * listener here that hands the raw request to the adapter's readReceipts, as the receipt route does.
 * No database: the adapters are plain HTTP clients.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/kernel/errors.js';
import type { ChannelAdapter, OutboundMessage, Receipt } from '../../src/kernel/notify/index.js';
import { buildChannels, channelsConfig } from '../../src/kernel/notify/channels/index.js';
import { aliyunContractServer, type AliyunContractServer } from '../support/providers/aliyun.js';
import { tencentContractServer, type TencentContractServer } from '../support/providers/tencent.js';

const ALIYUN_TOKEN = 'aliyun-receipt-token-0123456789';
const TENCENT_TOKEN = 'tencent-receipt-token-0123456789';

/** The receipt route in miniature: raw body and query to the adapter named in the path. */
async function receiptListener(adapters: () => ChannelAdapter[]) {
  const got: Receipt[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const provider = url.pathname.split('/').pop();
      const adapter = adapters().find((a) => a.provider === provider);
      try {
        const { receipts, answer } = adapter!.readReceipts!({
          headers: req.headers,
          query: Object.fromEntries(url.searchParams),
          rawBody: Buffer.concat(chunks),
        });
        got.push(...receipts);
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
      } catch (err) {
        const status = err instanceof AppError ? err.status : 500;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: err instanceof AppError ? err.code : 'internal' } }));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/notify/receipts`;
  return { got, base, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let aliyun: AliyunContractServer;
let tencent: TencentContractServer;
let listener: Awaited<ReturnType<typeof receiptListener>>;
let adapters: ChannelAdapter[] = [];

function env(over: Record<string, string | undefined> = {}) {
  return channelsConfig.parse(
    Object.fromEntries(
      Object.entries({
        NOTIFY_ALIYUN_ACCESS_KEY_ID: 'LTAI5tTestKeyId',
        NOTIFY_ALIYUN_ACCESS_KEY_SECRET: 'aliyun-test-secret',
        NOTIFY_ALIYUN_RECEIPT_TOKEN: ALIYUN_TOKEN,
        NOTIFY_ALIYUN_SMS_SIGN_NAME: '安校',
        NOTIFY_ALIYUN_SMS_ENDPOINT: aliyun.url,
        NOTIFY_ALIYUN_VOICE_SHOW_NUMBER: '057100001234',
        NOTIFY_ALIYUN_VOICE_ENDPOINT: aliyun.url,
        NOTIFY_TENCENT_SECRET_ID: 'AKIDtestSecretId',
        NOTIFY_TENCENT_SECRET_KEY: 'tencent-test-key',
        NOTIFY_TENCENT_SMS_SDK_APP_ID: '1400006666',
        NOTIFY_TENCENT_SMS_SIGN_NAME: '安校',
        NOTIFY_TENCENT_SMS_ENDPOINT: tencent.url,
        NOTIFY_TENCENT_RECEIPT_TOKEN: TENCENT_TOKEN,
        ...over,
      }).filter(([, v]) => v !== undefined),
    ),
  );
}
const build = (over: Record<string, string | undefined> = {}) => buildChannels(env(over), { fetch });
const byProvider = (list: ChannelAdapter[], p: string) => list.find((a) => a.provider === p)!;

let n = 0;
function message(template: OutboundMessage['template'], to = '+8613800138000'): OutboundMessage {
  n += 1;
  return { attemptId: `att-${n}`, to, template, title: '报警', body: '东门 SOS 报警，请立即处置' };
}
const smsTemplate = { code: 'SMS_465320001', params: { place: '东门', time: '08:15' } };

/** the receipts of one provider message, after the contract server's callbacks were answered */
async function receiptsOf(server: { receipts: { settled(): Promise<void> } }, id: string) {
  await server.receipts.settled();
  return listener.got.filter((r) => r.providerMessageId === id);
}

beforeAll(async () => {
  listener = await receiptListener(() => adapters);
  aliyun = await aliyunContractServer({
    accessKeys: { LTAI5tTestKeyId: 'aliyun-test-secret' },
    smsReceiptUrl: `${listener.base}/aliyun-sms?token=${ALIYUN_TOKEN}`,
    voiceReceiptUrl: `${listener.base}/aliyun-voice?token=${ALIYUN_TOKEN}`,
  });
  tencent = await tencentContractServer({
    secrets: { AKIDtestSecretId: 'tencent-test-key' },
    sdkAppIds: ['1400006666'],
    receiptUrl: `${listener.base}/tencent-sms?token=${TENCENT_TOKEN}`,
  });
  adapters = build();
});

afterAll(async () => {
  await aliyun?.close();
  await tencent?.close();
  await listener?.close();
});

describe('Aliyun SMS (SendSms, signature V3)', () => {
  it('sends through the contract server, which verifies the signature, and reads the delivered receipt', async () => {
    const sms = byProvider(adapters, 'aliyun-sms');
    const msg = message(smsTemplate);
    const result = await sms.send(msg);
    expect(result).toMatchObject({ ok: true, receiptExpected: true });
    const id = (result as { providerMessageId: string }).providerMessageId;
    const call = aliyun.calls.find((c) => c.id === id)!;
    expect(call).toMatchObject({ action: 'SendSms', code: 'OK' });
    expect(call.params).toMatchObject({
      PhoneNumbers: '13800138000',
      SignName: '安校',
      TemplateCode: 'SMS_465320001',
      OutId: msg.attemptId,
    });
    expect(JSON.parse(call.params.TemplateParam!)).toEqual({ place: '东门', time: '08:15' });
    const [receipt] = await receiptsOf(aliyun, id);
    expect(receipt).toMatchObject({ provider: 'aliyun-sms', state: 'delivered', attemptId: msg.attemptId });
    expect(aliyun.receipts.posted.at(-1)).toMatchObject({ status: 200, answer: { code: 0 } });
  });

  it('a failed delivery carries the provider’s code and reason', async () => {
    aliyun.nextSmsOutcome({ success: false, err_code: 'MK:0001', err_msg: '空号' });
    const result = await byProvider(adapters, 'aliyun-sms').send(message(smsTemplate));
    const [receipt] = await receiptsOf(aliyun, (result as { providerMessageId: string }).providerMessageId);
    expect(receipt).toMatchObject({ state: 'failed', code: 'MK:0001', reason: '空号' });
  });

  it('a wrong secret is refused with SignatureDoesNotMatch, not retryable; an unknown key likewise', async () => {
    const wrong = byProvider(build({ NOTIFY_ALIYUN_ACCESS_KEY_SECRET: 'not-the-secret' }), 'aliyun-sms');
    expect(await wrong.send(message(smsTemplate))).toMatchObject({
      ok: false,
      retryable: false,
      code: 'SignatureDoesNotMatch',
    });
    const unknown = byProvider(build({ NOTIFY_ALIYUN_ACCESS_KEY_ID: 'LTAI5tSomeoneElse' }), 'aliyun-sms');
    expect(await unknown.send(message(smsTemplate))).toMatchObject({
      ok: false,
      retryable: false,
      code: 'InvalidAccessKeyId.NotFound',
    });
  });

  it('throttling and provider faults are retryable; a bad number, template or sign name is not', async () => {
    const sms = byProvider(adapters, 'aliyun-sms');
    const outcomes: [string, boolean][] = [
      ['isv.BUSINESS_LIMIT_CONTROL', true],
      ['Throttling.User', true],
      ['ServiceUnavailable', true],
      ['isv.MOBILE_NUMBER_ILLEGAL', false],
      ['isv.SMS_TEMPLATE_ILLEGAL', false],
      ['isv.SMS_SIGNATURE_ILLEGAL', false],
    ];
    for (const [code, retryable] of outcomes) {
      aliyun.failNext(code);
      const r = await sms.send(message(smsTemplate));
      expect(r, code).toMatchObject({ ok: false, retryable, code });
      expect((r as { reason: string }).reason).not.toBe('');
    }
  });

  it('a provider that cannot be reached is retryable; a message without template is not sent', async () => {
    const closed = await aliyunContractServer({ accessKeys: {} });
    await closed.close();
    const sms = byProvider(build({ NOTIFY_ALIYUN_SMS_ENDPOINT: closed.url }), 'aliyun-sms');
    expect(await sms.send(message(smsTemplate))).toMatchObject({
      ok: false,
      retryable: true,
      code: 'network',
    });
    expect(await byProvider(adapters, 'aliyun-sms').send(message(undefined))).toMatchObject({
      ok: false,
      retryable: false,
      code: 'template.missing',
    });
  });

  it('a receipt with a wrong token is refused (403) and changes nothing', async () => {
    aliyun.setReceiptUrls({ sms: `${listener.base}/aliyun-sms?token=guessed-token-000000` });
    try {
      const result = await byProvider(adapters, 'aliyun-sms').send(message(smsTemplate));
      const id = (result as { providerMessageId: string }).providerMessageId;
      expect(await receiptsOf(aliyun, id)).toEqual([]);
      expect(aliyun.receipts.posted.at(-1)).toMatchObject({ status: 403 });
    } finally {
      aliyun.setReceiptUrls({ sms: `${listener.base}/aliyun-sms?token=${ALIYUN_TOKEN}` });
    }
  });

  it('held receipts come only when released', async () => {
    aliyun.receipts.hold();
    const result = await byProvider(adapters, 'aliyun-sms').send(message(smsTemplate));
    const id = (result as { providerMessageId: string }).providerMessageId;
    expect(await receiptsOf(aliyun, id)).toEqual([]);
    expect(aliyun.receipts.pending).toBe(1);
    await aliyun.receipts.release();
    expect(await receiptsOf(aliyun, id)).toMatchObject([{ state: 'delivered' }]);
  });
});

describe('Aliyun voice (SingleCallByTts)', () => {
  const tts = { code: 'TTS_300001', params: { place: '东门' } };

  it('calls, and the call record says answered', async () => {
    const voice = byProvider(adapters, 'aliyun-voice');
    const msg = message(tts, '13900001111');
    const result = await voice.send(msg);
    expect(result).toMatchObject({ ok: true, receiptExpected: true });
    const id = (result as { providerMessageId: string }).providerMessageId;
    expect(aliyun.calls.find((c) => c.id === id)).toMatchObject({
      action: 'SingleCallByTts',
      params: {
        CalledNumber: '13900001111',
        CalledShowNumber: '057100001234',
        TtsCode: 'TTS_300001',
        PlayTimes: '2',
        OutId: msg.attemptId,
      },
    });
    expect(await receiptsOf(aliyun, id)).toMatchObject([
      { provider: 'aliyun-voice', state: 'delivered', answered: true, attemptId: msg.attemptId },
    ]);
  });

  it('a call nobody picks up is reported not answered, with the status code', async () => {
    aliyun.nextVoiceOutcome({ status_code: '200003', status_msg: '用户收到呼叫但未接听', duration: 0 });
    const result = await byProvider(adapters, 'aliyun-voice').send(message(tts));
    const [receipt] = await receiptsOf(aliyun, (result as { providerMessageId: string }).providerMessageId);
    expect(receipt).toMatchObject({
      state: 'failed',
      answered: false,
      code: '200003',
      reason: '用户收到呼叫但未接听',
    });
  });

  it('a wrong secret is not retryable; the voice frequency control is', async () => {
    const wrong = byProvider(build({ NOTIFY_ALIYUN_ACCESS_KEY_SECRET: 'nope' }), 'aliyun-voice');
    expect(await wrong.send(message(tts))).toMatchObject({
      ok: false,
      retryable: false,
      code: 'SignatureDoesNotMatch',
    });
    aliyun.failNext('isv.BUSINESS_LIMIT_CONTROL');
    expect(await byProvider(adapters, 'aliyun-voice').send(message(tts))).toMatchObject({
      ok: false,
      retryable: true,
    });
  });
});

describe('Tencent Cloud SMS (SendSms 2021-01-11, TC3-HMAC-SHA256)', () => {
  const template = { code: '1110', params: { '2': '08:15', '1': '东门' } };

  it('sends through the contract server, which verifies the signature, and reads the delivered receipt', async () => {
    const sms = byProvider(adapters, 'tencent-sms');
    const msg = message(template, '13800138000');
    const result = await sms.send(msg);
    expect(result).toMatchObject({ ok: true, receiptExpected: true });
    const id = (result as { providerMessageId: string }).providerMessageId;
    const call = tencent.calls.find((c) => c.serialNos.includes(id))!;
    expect(call.region).toBe('ap-guangzhou');
    expect(call.body).toEqual({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400006666',
      SignName: '安校',
      TemplateId: '1110',
      TemplateParamSet: ['东门', '08:15'],
      SessionContext: msg.attemptId,
    });
    expect(await receiptsOf(tencent, id)).toMatchObject([{ provider: 'tencent-sms', state: 'delivered' }]);
    expect(tencent.receipts.posted.at(-1)).toMatchObject({
      status: 200,
      answer: { result: 0, errmsg: 'OK' },
    });
  });

  it('a failed delivery carries errmsg and description', async () => {
    tencent.nextOutcome({ report_status: 'FAIL', errmsg: 'MN:0001', description: '空号' });
    const result = await byProvider(adapters, 'tencent-sms').send(message(template));
    const [receipt] = await receiptsOf(tencent, (result as { providerMessageId: string }).providerMessageId);
    expect(receipt).toMatchObject({ state: 'failed', code: 'MN:0001', reason: '空号' });
  });

  it('a wrong secret key is refused with AuthFailure.SignatureFailure, not retryable', async () => {
    const wrong = byProvider(build({ NOTIFY_TENCENT_SECRET_KEY: 'not-the-key' }), 'tencent-sms');
    expect(await wrong.send(message(template))).toMatchObject({
      ok: false,
      retryable: false,
      code: 'AuthFailure.SignatureFailure',
    });
  });

  it('frequency limits and request throttling are retryable; a wrong number is not', async () => {
    const sms = byProvider(adapters, 'tencent-sms');
    for (const [code, retryable] of [
      ['LimitExceeded.PhoneNumberDailyLimit', true],
      ['RequestLimitExceeded', true],
      ['InternalError', true],
      ['FailedOperation.TemplateIncorrectOrUnapproved', false],
    ] as const) {
      tencent.failNext(code);
      expect(await sms.send(message(template)), code).toMatchObject({ ok: false, retryable, code });
    }
    expect(await sms.send(message(template, '+86 1380013'))).toMatchObject({
      ok: false,
      retryable: false,
    });
    expect(await sms.send(message(template, '+4412345678'))).toMatchObject({
      ok: true,
    });
    tencent.failNext('InvalidParameterValue.IncorrectPhoneNumber');
    expect(await sms.send(message(template))).toMatchObject({
      ok: false,
      retryable: false,
      code: 'InvalidParameterValue.IncorrectPhoneNumber',
    });
  });

  it('a receipt with a wrong token is refused (403)', async () => {
    tencent.setReceiptUrl(`${listener.base}/tencent-sms?token=guessed-token-000000`);
    try {
      const result = await byProvider(adapters, 'tencent-sms').send(message(template));
      expect(await receiptsOf(tencent, (result as { providerMessageId: string }).providerMessageId)).toEqual(
        [],
      );
      expect(tencent.receipts.posted.at(-1)).toMatchObject({ status: 403 });
    } finally {
      tencent.setReceiptUrl(`${listener.base}/tencent-sms?token=${TENCENT_TOKEN}`);
    }
  });
});
