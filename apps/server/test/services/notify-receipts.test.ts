/**
 * The notification centre in an anxiao server process, configured with every provider's settings
 * pointing at local contract servers run here (Aliyun SMS and voice, Tencent Cloud SMS, a WeCom
 * application, a DingTalk robot) and Debian's aiosmtpd: a school-wide warning of alarm severity
 * calls and texts the school's people, the providers' receipts come back through the server's
 * callback routes over HTTP and show in 发送记录; a normal warning reaches those who chose WeCom,
 * DingTalk or e-mail in their daily digest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/app/runtime.js';
import { loadAppConfig } from '../../src/app/config.js';
import { seedDemo } from '../../src/demo/seed.js';
import { findOrgByCode } from '../../src/modules/orgs/index.js';
import { freshDatabase } from '../support/database.js';
import { httpLogin, startServerProcess, type ServerProcess } from '../support/process.js';
import { startDingTalkContract, type DingTalkContract } from '../support/providers/dingtalk.js';
import { aliyunContractServer, type AliyunContractServer } from '../support/providers/aliyun.js';
import { startAiosmtpd, type LocalSmtp } from '../support/providers/smtp.js';
import { tencentContractServer, type TencentContractServer } from '../support/providers/tencent.js';
import { startWeComContract, type WeComContract } from '../support/providers/wecom.js';
import { TEST_SECRET } from '../support/runtime.js';
import { warningBody } from '../support/warnings.js';
import pg from 'pg';

const { DATABASE_URL, NATS_URL } = process.env;
if (!DATABASE_URL || !NATS_URL) {
  throw new Error(
    'The services suite needs DATABASE_URL (PostgreSQL) and NATS_URL (NATS with JetStream); .ci/run sets both.',
  );
}

const ALIYUN_TOKEN = 'aliyun-receipt-token-0123456789';
const TENCENT_TOKEN = 'tencent-receipt-token-0123456789';
const GUARD_PHONE = '13812345678';
const DING = { token: 'dingtalkRobotToken01', secret: 'SECdingtalk0123456789abcdef' };
const WECOM = { corpId: 'ww0123456789abcdef', corpSecret: 'app-secret-for-tests', agentId: 1000002 };

let sms: AliyunContractServer;
let voice: AliyunContractServer;
let tencent: TencentContractServer;
let wecom: WeComContract;
let ding: DingTalkContract;
let smtp: LocalSmtp;
let server: ServerProcess;
let dropDb: () => Promise<void>;
let dbUrl: string;
let school: string;

/** A statement on the server's database (the test's own connection; the server is another process). */
async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: dbUrl });
  await c.connect();
  try {
    return (await c.query(text, values)).rows as T[];
  } finally {
    await c.end();
  }
}

type Login = Awaited<ReturnType<typeof httpLogin>>;
const get = async <T>(s: Login, url: string): Promise<T> => {
  const r = await fetch(`${server.base}${url}`, { headers: { cookie: s.cookie } });
  expect(r.status, url).toBe(200);
  return (await r.json()) as T;
};
const put = (s: Login, url: string, body: unknown) =>
  fetch(`${server.base}${url}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: JSON.stringify(body),
  });

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const fresh = await freshDatabase();
  dropDb = fresh.drop;
  dbUrl = fresh.url!;
  const config = loadAppConfig({
    DATABASE_URL: fresh.url!,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: 'warn',
    DATA_DIR: '/tmp/anxiao-notify-receipts',
  });
  const rt = await createRuntime({ config, database: fresh.database });
  await seedDemo(rt.kernel, { students: 10 });
  school = (await findOrgByCode(rt.kernel.db, 'DYVTC'))!.id;
  await rt.close();

  const keys = { accessKeys: { LTAI5tTestKeyId: 'aliyun-test-secret' } };
  [sms, voice, tencent, wecom, ding, smtp] = await Promise.all([
    aliyunContractServer(keys),
    aliyunContractServer(keys),
    tencentContractServer({ secrets: { AKIDtestSecretId: 'tencent-test-key' }, sdkAppIds: ['1400006666'] }),
    startWeComContract({ ...WECOM, users: ['SunHaiTao'], robotKeys: [] }),
    startDingTalkContract([DING]),
    startAiosmtpd(),
  ]);
  // Real receipts come seconds after the send's answer; a little later here too.
  for (const q of [sms.receipts, voice.receipts, tencent.receipts]) q.delayMs = 300;
  server = await startServerProcess({
    DATABASE_URL: fresh.url!,
    NATS_URL,
    ANXIAO_SECRET_KEY: TEST_SECRET,
    ANXIAO_DEMO: 'false',
    DATA_DIR: '/tmp/anxiao-notify-receipts',
    NOTIFY_ALIYUN_ACCESS_KEY_ID: 'LTAI5tTestKeyId',
    NOTIFY_ALIYUN_ACCESS_KEY_SECRET: 'aliyun-test-secret',
    NOTIFY_ALIYUN_RECEIPT_TOKEN: ALIYUN_TOKEN,
    NOTIFY_ALIYUN_SMS_SIGN_NAME: '安校',
    NOTIFY_ALIYUN_SMS_ENDPOINT: sms.url,
    NOTIFY_ALIYUN_VOICE_SHOW_NUMBER: '057100001234',
    NOTIFY_ALIYUN_VOICE_ENDPOINT: voice.url,
    NOTIFY_TENCENT_SECRET_ID: 'AKIDtestSecretId',
    NOTIFY_TENCENT_SECRET_KEY: 'tencent-test-key',
    NOTIFY_TENCENT_SMS_SDK_APP_ID: '1400006666',
    NOTIFY_TENCENT_SMS_SIGN_NAME: '安校',
    NOTIFY_TENCENT_SMS_ENDPOINT: tencent.url,
    NOTIFY_TENCENT_RECEIPT_TOKEN: TENCENT_TOKEN,
    NOTIFY_WECOM_CORP_ID: WECOM.corpId,
    NOTIFY_WECOM_CORP_SECRET: WECOM.corpSecret,
    NOTIFY_WECOM_AGENT_ID: String(WECOM.agentId),
    NOTIFY_WECOM_API_BASE: wecom.base,
    NOTIFY_DINGTALK_ROBOTS: `保卫处=${DING.token}:${DING.secret}`,
    NOTIFY_DINGTALK_API_BASE: ding.base,
    NOTIFY_SMTP_HOST: smtp.host,
    NOTIFY_SMTP_PORT: String(smtp.port),
    NOTIFY_SMTP_SECURITY: 'none',
    NOTIFY_SMTP_FROM: '安校 <noreply@anxiao.example.edu.cn>',
    NOTIFY_CONSOLE_URL: 'https://anxiao.example.edu.cn',
  });
  const receipts = `${server.base}/api/notify/receipts`;
  sms.setReceiptUrls({ sms: `${receipts}/aliyun-sms?token=${ALIYUN_TOKEN}` });
  voice.setReceiptUrls({ voice: `${receipts}/aliyun-voice?token=${ALIYUN_TOKEN}` });
  tencent.setReceiptUrl(`${receipts}/tencent-sms?token=${TENCENT_TOKEN}`);
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await Promise.all([sms?.close(), voice?.close(), tencent?.close(), wecom?.close(), ding?.close()]);
  await smtp?.stop();
  await dropDb?.();
});

interface Attempt {
  provider: string;
  state: string;
  code: string | null;
  answered: boolean | null;
  receiptAt: string | null;
}
interface Record {
  id: string;
  userId: string;
  channel: string;
  state: string;
  provider: string | null;
  to: string | null;
  steps: number;
}

describe('a server process with every provider configured', () => {
  it('a school-wide alarm warning calls and texts people; receipts come back over HTTP into 发送记录', async () => {
    const admin = await httpLogin(server.base, 'sysadmin');
    for (const t of [
      { provider: 'aliyun-sms', templateCode: 'SMS_465320002' },
      { provider: 'tencent-sms', templateCode: '1830002' },
      { provider: 'aliyun-voice', templateCode: 'TTS_288500001' },
    ]) {
      const r = await put(admin, '/api/notify/templates', {
        ...t,
        noticeKind: null,
        severity: 'alarm',
        params: { title: '{title}' },
      });
      expect(r.status, await r.text()).toBe(200);
    }
    const office = await httpLogin(server.base, 'school.admin');
    const [guard] = await query<{ id: string }>(
      `update users set phone = $1 where username = 'guard' returning id`,
      [GUARD_PHONE],
    );
    // The first SMS Aliyun is asked for hits its frequency control: that one goes through Tencent.
    sms.failNext('isv.BUSINESS_LIMIT_CONTROL');

    const created = await office.post('/api/warnings', warningBody(school, { orgIds: [school] }));
    expect(created.status, await created.clone().text()).toBe(201);
    const id = ((await created.json()) as { warning: { id: string } }).warning.id;
    const sent = await office.post(`/api/warnings/${id}/submit`, {});
    expect(sent.status, await sent.clone().text()).toBe(200);

    const records = async (channel: string) => {
      const r = await get<{ items: Record[]; total: number }>(
        admin,
        `/api/notify/records?subjectType=warning&subjectId=${id}&channel=${channel}&pageSize=200`,
      );
      expect(r.items).toHaveLength(r.total);
      return r.items;
    };
    // Every call and SMS ends delivered (or failed for someone without a number) once receipts are in.
    const phoned = await until('every call and SMS to reach its receipt', async () => {
      const all = [...(await records('voice')), ...(await records('sms'))];
      return all.length > 0 && all.every((x) => x.state === 'delivered' || x.state === 'failed') && all;
    });
    const delivered = phoned.filter((x) => x.state === 'delivered');
    expect(delivered.length).toBeGreaterThan(2);
    // Each person with a phone was called once and texted once.
    const withPhones = await query<{ id: string }>(
      `select id from users where coalesce(phone, '') <> '' and status = 'active' and id in
         (select user_id from notifications where subject_id = $1)`,
      [id],
    );
    expect(delivered.filter((x) => x.channel === 'voice')).toHaveLength(withPhones.length);
    expect(delivered.filter((x) => x.channel === 'sms')).toHaveLength(withPhones.length);
    const calls = voice.calls.filter((c) => c.action === 'SingleCallByTts' && c.code === 'OK');
    expect(calls).toHaveLength(withPhones.length);
    expect(calls.find((c) => c.params.CalledNumber === GUARD_PHONE)?.params.TtsCode).toBe('TTS_288500001');

    // The receipts reached the server's routes and were answered as the providers expect.
    await Promise.all([sms.receipts.settled(), voice.receipts.settled(), tencent.receipts.settled()]);
    expect(voice.receipts.posted.length).toBe(calls.length);
    for (const p of [...sms.receipts.posted, ...voice.receipts.posted])
      expect(p).toMatchObject({ status: 200, answer: { code: 0 } });
    expect(tencent.receipts.posted).toMatchObject([{ status: 200, answer: { result: 0, errmsg: 'OK' } }]);

    // 发送记录: the guard's call with its receipt, and the one SMS that failed over to Tencent.
    const guardCall = phoned.find((x) => x.userId === guard!.id && x.channel === 'voice')!;
    expect(guardCall).toMatchObject({ state: 'delivered', to: '138****5678', provider: 'aliyun-voice' });
    const call = await get<{ attempts: Attempt[] }>(admin, `/api/notify/records/${guardCall.id}`);
    expect(call.attempts).toMatchObject([{ provider: 'aliyun-voice', state: 'delivered', answered: true }]);
    expect(call.attempts[0]!.receiptAt).not.toBeNull();
    const failedOver = phoned.filter((x) => x.channel === 'sms' && x.provider === 'tencent-sms');
    expect(failedOver).toHaveLength(1);
    const path = await get<{ state: string; attempts: Attempt[] }>(
      admin,
      `/api/notify/records/${failedOver[0]!.id}`,
    );
    expect(path).toMatchObject({
      state: 'delivered',
      attempts: [
        { provider: 'aliyun-sms', state: 'failed', code: 'isv.BUSINESS_LIMIT_CONTROL' },
        { provider: 'tencent-sms', state: 'delivered' },
      ],
    });
  }, 45_000);

  it('a normal warning reaches those who chose WeCom, DingTalk or e-mail in their daily digest', async () => {
    const people = {
      guard: { digestChannel: 'wecom', contacts: { wecom: 'SunHaiTao' } },
      'school.admin': { digestChannel: 'dingtalk', contacts: { dingtalk: '保卫处' } },
      counselor: { digestChannel: 'email', contacts: {} },
    } as const;
    await query(`update users set email = 'counselor@anxiao.example.edu.cn' where username = 'counselor'`);
    for (const [username, prefs] of Object.entries(people)) {
      const s = await httpLogin(server.base, username);
      const r = await put(s, '/api/notify/prefs', { quietHours: null, ...prefs });
      expect(r.status, await r.text()).toBe(200);
    }
    const office = await httpLogin(server.base, 'school.admin');
    const created = await office.post(
      '/api/warnings',
      warningBody(
        school,
        { orgIds: [school] },
        { severity: 'Moderate', urgency: 'Expected', headline: '明天有大风，注意关好门窗' },
      ),
    );
    expect(created.status, await created.clone().text()).toBe(201);
    const id = ((await created.json()) as { warning: { id: string } }).warning.id;
    expect((await office.post(`/api/warnings/${id}/submit`, {})).status).toBe(200);
    await until('the warning handed out', async () => {
      const [r] = await query<{ n: number }>(
        `select count(*)::int as n from notifications where subject_id = $1`,
        [id],
      );
      return r!.n > 0;
    });
    // The day's digest comes due (its schedule, NOTIFY_DIGEST_CRON, says when).
    await query(
      `update job_schedules set next_run_at = now() - interval '1 second' where queue = 'notify.digest'`,
    );
    await until(
      'the digests',
      async () => wecom.messages.length > 0 && ding.messages.length > 0 && smtp.messages().length > 0,
    );
    expect(wecom.messages[0]).toMatchObject({ touser: 'SunHaiTao' });
    expect(JSON.stringify(wecom.messages[0])).toContain('明天有大风');
    expect(JSON.stringify(ding.messages[0]!.body)).toContain('明天有大风');
    const mail = smtp.messages()[0]!;
    expect(mail.rcptTos).toEqual(['counselor@anxiao.example.edu.cn']);
    expect(`${mail.text ?? ''}${mail.html ?? ''}`).toContain('明天有大风');
  }, 30_000);
});
