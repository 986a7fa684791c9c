/**
 * The Chinese SMS and voice providers without their far end: which adapters the settings build, and
 * the receipt callbacks of the providers' documents (kept as fixtures) read as documented. Sending
 * through the providers' contract servers is in test/services/notify-cn-providers.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config.js';
import { AppError } from '../../errors.js';
import type { ChannelAdapter } from '../channel.js';
import { parseMobile } from './cn.receipts.js';
import { buildChannels, channelsConfig } from './index.js';
import { templateParamSet } from './tencent-sms.js';

const ALIYUN_TOKEN = 'aliyun-receipt-token-0123456789';
const TENCENT_TOKEN = 'tencent-receipt-token-0123456789';
const fixtures = path.resolve(import.meta.dirname, '../../../../test/fixtures/providers');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the documents' examples, read as they are
const fixture = (p: string): any => JSON.parse(fs.readFileSync(path.join(fixtures, p), 'utf8'));

function env(over: Record<string, string | undefined> = {}) {
  return channelsConfig.parse(
    Object.fromEntries(
      Object.entries({
        NOTIFY_ALIYUN_ACCESS_KEY_ID: 'LTAI5tTestKeyId',
        NOTIFY_ALIYUN_ACCESS_KEY_SECRET: 'aliyun-test-secret',
        NOTIFY_ALIYUN_RECEIPT_TOKEN: ALIYUN_TOKEN,
        NOTIFY_ALIYUN_SMS_SIGN_NAME: '安校',
        NOTIFY_ALIYUN_VOICE_SHOW_NUMBER: '057100001234',
        NOTIFY_TENCENT_SECRET_ID: 'AKIDtestSecretId',
        NOTIFY_TENCENT_SECRET_KEY: 'tencent-test-key',
        NOTIFY_TENCENT_SMS_SDK_APP_ID: '1400006666',
        NOTIFY_TENCENT_SMS_SIGN_NAME: '安校',
        NOTIFY_TENCENT_RECEIPT_TOKEN: TENCENT_TOKEN,
        ...over,
      }).filter(([, v]) => v !== undefined),
    ),
  );
}
const build = (over: Record<string, string | undefined> = {}) => buildChannels(env(over), { fetch });
const byProvider = (list: ChannelAdapter[], p: string) => list.find((a) => a.provider === p)!;
const adapters = build();

describe('settings', () => {
  it('builds every complete provider, SMS in failover order (Aliyun, then Tencent), and none without settings', () => {
    expect(adapters.map((a) => `${a.kind}:${a.provider}`)).toEqual([
      'sms:aliyun-sms',
      'sms:tencent-sms',
      'voice:aliyun-voice',
    ]);
    expect(byProvider(adapters, 'aliyun-voice').receiptWindowSeconds).toBeGreaterThan(
      byProvider(adapters, 'aliyun-sms').receiptWindowSeconds!,
    );
    expect(buildChannels(channelsConfig.parse({}), { fetch })).toEqual([]);
  });

  it('refuses to start on partial settings, naming what is missing and never a secret', () => {
    let err: unknown;
    try {
      build({ NOTIFY_TENCENT_SECRET_KEY: undefined, NOTIFY_ALIYUN_RECEIPT_TOKEN: undefined });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = (err as ConfigError).message;
    expect(text).toContain('NOTIFY_TENCENT_SECRET_KEY');
    expect(text).toContain('NOTIFY_ALIYUN_RECEIPT_TOKEN');
    expect(text).not.toContain('aliyun-test-secret');
    expect(() =>
      build({ NOTIFY_ALIYUN_SMS_SIGN_NAME: undefined, NOTIFY_ALIYUN_VOICE_SHOW_NUMBER: undefined }),
    ).toThrow(/NOTIFY_ALIYUN_SMS_SIGN_NAME or NOTIFY_ALIYUN_VOICE_SHOW_NUMBER/);
  });

  it('an adapter shows no key when logged', () => {
    const shown = JSON.stringify(adapters) + adapters.map((a) => String(Object.values(a))).join();
    expect(shown).not.toContain('aliyun-test-secret');
    expect(shown).not.toContain('tencent-test-key');
  });
});

describe('the documents’ receipt examples', () => {
  const read = (provider: string, token: string, body: unknown) =>
    byProvider(adapters, provider).readReceipts!({
      headers: {},
      query: { token },
      rawBody: Buffer.from(JSON.stringify(body)),
    });

  it('reads SmsReport, VoiceReport and the Tencent status callback as documented, and answers as documented', () => {
    const sms = fixture('aliyun/smsreport.json');
    const a = read('aliyun-sms', ALIYUN_TOKEN, sms.push);
    expect(a.receipts).toEqual([
      {
        provider: 'aliyun-sms',
        providerMessageId: '12345********',
        attemptId: '67890**',
        state: 'delivered',
        at: new Date('2016-12-31T16:00:00Z'),
      },
    ]);
    expect(a.answer).toEqual({ status: 200, body: sms.answer });
    const voice = fixture('aliyun/voicereport.json');
    const v = read('aliyun-voice', ALIYUN_TOKEN, voice.push);
    expect(v.receipts).toMatchObject([
      { providerMessageId: '122628733198^10942206****', answered: true, state: 'delivered' },
    ]);
    expect(v.answer.body).toEqual(voice.answer);
    const tc = fixture('tencent/status-callback.json');
    const t = read('tencent-sms', TENCENT_TOKEN, tc.push);
    expect(t.receipts).toMatchObject([
      { providerMessageId: 'xxxxxxx', state: 'delivered', at: new Date('2015-10-17T00:03:04Z') },
    ]);
    expect(t.answer.body).toEqual(tc.answer);
  });

  it('refuses a body that is not a JSON array', () => {
    expect(() => read('aliyun-sms', ALIYUN_TOKEN, { not: 'an array' })).toThrow(AppError);
    expect(() =>
      byProvider(adapters, 'tencent-sms').readReceipts!({
        headers: {},
        query: { token: TENCENT_TOKEN },
        rawBody: Buffer.from('{'),
      }),
    ).toThrow(AppError);
    expect(() => read('tencent-sms', '', [])).toThrow(/forbidden|permission/i);
  });
});

describe('addresses', () => {
  it('takes +86, 0086 and bare mainland numbers, E.164 foreign ones, and refuses the rest', () => {
    expect(parseMobile('+86 138-0013-8000')).toEqual({ mainland: true, digits: '13800138000' });
    expect(parseMobile('008613800138000')).toEqual({ mainland: true, digits: '13800138000' });
    expect(parseMobile('13800138000')).toEqual({ mainland: true, digits: '13800138000' });
    expect(parseMobile('+85291234567')).toEqual({ mainland: false, digits: '85291234567' });
    expect(parseMobile('+861380013')).toBeNull();
    expect(parseMobile('zhang@example.edu.cn')).toBeNull();
  });

  it('orders numbered template parameters for Tencent’s positional {1}, {2}', () => {
    expect(templateParamSet({ '10': 'j', '2': 'b', '1': 'a' })).toEqual(['a', 'b', 'j']);
    expect(templateParamSet({ place: '东门', time: '08:15' })).toEqual(['东门', '08:15']);
  });
});
