import { z } from 'zod';
import { ConfigError } from '../../config.js';
import type { ChannelAdapter } from '../channel.js';
import { AliyunSmsAdapter } from './aliyun-sms.js';
import { AliyunVoiceAdapter } from './aliyun-voice.js';
import { TencentSmsAdapter } from './tencent-sms.js';

const secret = z.string().min(1).max(256);
const token = z.string().min(16, 'must be at least 16 characters').max(200);
const seconds = (fallback: number) => z.coerce.number().int().min(30).max(86_400).default(fallback);

/**
 * Settings of the Chinese SMS and voice providers. Each provider is built only when its settings are
 * complete; a provider with some but not all of its settings stops the start with the names missing.
 * Receipt URLs to enter in each console (the providers do not sign these pushes; the token does):
 *   Aliyun SMS    SmsReport:   https://<host>/api/notify/receipts/aliyun-sms?token=<NOTIFY_ALIYUN_RECEIPT_TOKEN>
 *   Aliyun voice  VoiceReport: https://<host>/api/notify/receipts/aliyun-voice?token=<NOTIFY_ALIYUN_RECEIPT_TOKEN>
 *   Tencent SMS   状态回调:     https://<host>/api/notify/receipts/tencent-sms?token=<NOTIFY_TENCENT_RECEIPT_TOKEN>
 */
export const cnChannelsConfig = z.object({
  /** Aliyun RAM AccessKey pair, shared by SMS and voice */
  NOTIFY_ALIYUN_ACCESS_KEY_ID: secret.optional(),
  NOTIFY_ALIYUN_ACCESS_KEY_SECRET: secret.optional(),
  /** the secret token in Aliyun's receipt URLs */
  NOTIFY_ALIYUN_RECEIPT_TOKEN: token.optional(),
  /** Aliyun SMS is on when its 短信签名 is set */
  NOTIFY_ALIYUN_SMS_SIGN_NAME: z.string().min(1).max(64).optional(),
  NOTIFY_ALIYUN_SMS_ENDPOINT: z.url().default('https://dysmsapi.aliyuncs.com'),
  /** SMS receipts usually come within a minute; past this the centre fails over */
  NOTIFY_ALIYUN_SMS_RECEIPT_WINDOW_SECONDS: seconds(300),
  /** Aliyun voice is on when its show number (真实号 or 服务实例 ID, 专属模式) is set */
  NOTIFY_ALIYUN_VOICE_SHOW_NUMBER: z.string().min(1).max(64).optional(),
  NOTIFY_ALIYUN_VOICE_PLAY_TIMES: z.coerce.number().int().min(1).max(3).default(2),
  NOTIFY_ALIYUN_VOICE_ENDPOINT: z.url().default('https://dyvmsapi.aliyuncs.com'),
  /** a call rings, plays up to three times, then Aliyun posts its record: longer than SMS */
  NOTIFY_ALIYUN_VOICE_RECEIPT_WINDOW_SECONDS: seconds(600),
  /** Tencent Cloud API key pair (CAM) */
  NOTIFY_TENCENT_SECRET_ID: secret.optional(),
  NOTIFY_TENCENT_SECRET_KEY: secret.optional(),
  NOTIFY_TENCENT_SMS_SDK_APP_ID: z
    .string()
    .regex(/^\d{1,20}$/, 'must be the SDK AppID digits')
    .optional(),
  NOTIFY_TENCENT_SMS_SIGN_NAME: z.string().min(1).max(64).optional(),
  NOTIFY_TENCENT_SMS_REGION: z
    .string()
    .regex(/^[a-z]+-[a-z]+$/)
    .default('ap-guangzhou'),
  NOTIFY_TENCENT_SMS_ENDPOINT: z.url().default('https://sms.tencentcloudapi.com'),
  NOTIFY_TENCENT_SMS_RECEIPT_WINDOW_SECONDS: seconds(300),
  /** the secret token in Tencent's receipt URL */
  NOTIFY_TENCENT_RECEIPT_TOKEN: token.optional(),
});

export type CnChannelsConfig = z.infer<typeof cnChannelsConfig>;

/**
 * The adapters whose settings are complete, in failover order within each kind: Aliyun SMS, then
 * Tencent Cloud SMS; Aliyun voice.
 */
export function buildCnChannels(cfg: CnChannelsConfig, deps: { fetch: typeof fetch }): ChannelAdapter[] {
  const aliyunCommon: (keyof CnChannelsConfig)[] = [
    'NOTIFY_ALIYUN_ACCESS_KEY_ID',
    'NOTIFY_ALIYUN_ACCESS_KEY_SECRET',
    'NOTIFY_ALIYUN_RECEIPT_TOKEN',
  ];
  const tencent: (keyof CnChannelsConfig)[] = [
    'NOTIFY_TENCENT_SECRET_ID',
    'NOTIFY_TENCENT_SECRET_KEY',
    'NOTIFY_TENCENT_SMS_SDK_APP_ID',
    'NOTIFY_TENCENT_SMS_SIGN_NAME',
    'NOTIFY_TENCENT_RECEIPT_TOKEN',
  ];
  const aliyunSms = cfg.NOTIFY_ALIYUN_SMS_SIGN_NAME !== undefined;
  const aliyunVoice = cfg.NOTIFY_ALIYUN_VOICE_SHOW_NUMBER !== undefined;
  const missing = (keys: (keyof CnChannelsConfig)[], what: string) =>
    keys.filter((k) => cfg[k] === undefined).map((k) => `${k}: required for ${what}`);
  const problems: string[] = [];
  if (aliyunSms || aliyunVoice) {
    const what = [aliyunSms && 'Aliyun SMS', aliyunVoice && 'Aliyun voice'].filter(Boolean).join(' and ');
    problems.push(...missing(aliyunCommon, what));
  } else if (aliyunCommon.some((k) => cfg[k] !== undefined)) {
    // Aliyun keys without a product to use them for are a half-done setup too.
    problems.push(
      'NOTIFY_ALIYUN_SMS_SIGN_NAME or NOTIFY_ALIYUN_VOICE_SHOW_NUMBER: required when the Aliyun keys are set',
    );
  }
  if (tencent.some((k) => cfg[k] !== undefined)) problems.push(...missing(tencent, 'Tencent Cloud SMS'));
  if (problems.length) throw new ConfigError(problems);

  const out: ChannelAdapter[] = [];
  const credentials = () => ({
    accessKeyId: cfg.NOTIFY_ALIYUN_ACCESS_KEY_ID!,
    accessKeySecret: cfg.NOTIFY_ALIYUN_ACCESS_KEY_SECRET!,
  });
  if (aliyunSms && cfg.NOTIFY_ALIYUN_ACCESS_KEY_ID) {
    out.push(
      new AliyunSmsAdapter({
        credentials: credentials(),
        signName: cfg.NOTIFY_ALIYUN_SMS_SIGN_NAME!,
        endpoint: cfg.NOTIFY_ALIYUN_SMS_ENDPOINT,
        receiptToken: cfg.NOTIFY_ALIYUN_RECEIPT_TOKEN!,
        receiptWindowSeconds: cfg.NOTIFY_ALIYUN_SMS_RECEIPT_WINDOW_SECONDS,
        fetch: deps.fetch,
      }),
    );
  }
  if (cfg.NOTIFY_TENCENT_SECRET_ID) {
    out.push(
      new TencentSmsAdapter({
        secretId: cfg.NOTIFY_TENCENT_SECRET_ID,
        secretKey: cfg.NOTIFY_TENCENT_SECRET_KEY!,
        sdkAppId: cfg.NOTIFY_TENCENT_SMS_SDK_APP_ID!,
        signName: cfg.NOTIFY_TENCENT_SMS_SIGN_NAME!,
        region: cfg.NOTIFY_TENCENT_SMS_REGION,
        endpoint: cfg.NOTIFY_TENCENT_SMS_ENDPOINT,
        receiptToken: cfg.NOTIFY_TENCENT_RECEIPT_TOKEN!,
        receiptWindowSeconds: cfg.NOTIFY_TENCENT_SMS_RECEIPT_WINDOW_SECONDS,
        fetch: deps.fetch,
      }),
    );
  }
  if (aliyunVoice && cfg.NOTIFY_ALIYUN_ACCESS_KEY_ID) {
    out.push(
      new AliyunVoiceAdapter({
        credentials: credentials(),
        showNumber: cfg.NOTIFY_ALIYUN_VOICE_SHOW_NUMBER!,
        playTimes: cfg.NOTIFY_ALIYUN_VOICE_PLAY_TIMES,
        endpoint: cfg.NOTIFY_ALIYUN_VOICE_ENDPOINT,
        receiptToken: cfg.NOTIFY_ALIYUN_RECEIPT_TOKEN!,
        receiptWindowSeconds: cfg.NOTIFY_ALIYUN_VOICE_RECEIPT_WINDOW_SECONDS,
        fetch: deps.fetch,
      }),
    );
  }
  return out;
}
