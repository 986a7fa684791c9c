/**
 * The notification centre end to end with the real provider adapters: built by buildChannels from
 * the settings, pointed at the local contract servers of Aliyun (SMS, voice) and Tencent Cloud
 * (SMS), which verify each request's signature and post their documented receipt callbacks to our
 * route POST /api/notify/receipts/<provider>?token=… over real HTTP (the server listens on a local
 * port). Failover on an error and on a receipt that never comes, receipts moving states, a bad
 * token refused, and the done-when: an SOS nobody acknowledges calls the guard's phone, and the
 * call's outcome and the SMS show on the incident's timeline.
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import { rows } from '../../src/kernel/db.js';
import {
  DELIVERY_CHANGED,
  notifications,
  notifyDeliveries,
  type ChannelKind,
  type Severity,
} from '../../src/kernel/notify/index.js';
import { users } from '../../src/modules/identity/index.js';
import { aliyunContractServer, type AliyunContractServer } from '../support/providers/aliyun.js';
import { tencentContractServer, type TencentContractServer } from '../support/providers/tencent.js';
import { orgId, testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

const ALIYUN_TOKEN = 'aliyun-receipt-token-0123456789';
const TENCENT_TOKEN = 'tencent-receipt-token-0123456789';
const GUARD_PHONE = '13812345678';
const clock = new ManualClock(new Date('2026-12-07T10:00:00+08:00'));

let aliyun: AliyunContractServer;
let tencent: TencentContractServer;
let rt: TestRuntime;
let base: string;
let admin: Session;
let guard: Session;
let school: string;

const drain = async () => {
  while ((await rt.kernel.jobs.tick()) > 0);
};

beforeAll(async () => {
  aliyun = await aliyunContractServer({ accessKeys: { LTAI5tTestKeyId: 'aliyun-test-secret' } });
  tencent = await tencentContractServer({
    secrets: { AKIDtestSecretId: 'tencent-test-key' },
    sdkAppIds: ['1400006666'],
  });
  rt = await testRuntime({
    clock,
    env: {
      NOTIFY_ALIYUN_ACCESS_KEY_ID: 'LTAI5tTestKeyId',
      NOTIFY_ALIYUN_ACCESS_KEY_SECRET: 'aliyun-test-secret',
      NOTIFY_ALIYUN_RECEIPT_TOKEN: ALIYUN_TOKEN,
      NOTIFY_ALIYUN_SMS_SIGN_NAME: '安校',
      NOTIFY_ALIYUN_SMS_ENDPOINT: aliyun.url,
      NOTIFY_ALIYUN_SMS_RECEIPT_WINDOW_SECONDS: '120',
      NOTIFY_ALIYUN_VOICE_SHOW_NUMBER: '057100001234',
      NOTIFY_ALIYUN_VOICE_ENDPOINT: aliyun.url,
      NOTIFY_TENCENT_SECRET_ID: 'AKIDtestSecretId',
      NOTIFY_TENCENT_SECRET_KEY: 'tencent-test-key',
      NOTIFY_TENCENT_SMS_SDK_APP_ID: '1400006666',
      NOTIFY_TENCENT_SMS_SIGN_NAME: '安校',
      NOTIFY_TENCENT_SMS_ENDPOINT: tencent.url,
      NOTIFY_TENCENT_RECEIPT_TOKEN: TENCENT_TOKEN,
      // the urgent policy's SMS goes as soon as its job runs
      NOTIFY_URGENT_SMS_AFTER_MINUTES: '0',
      NOTIFY_RECIPIENT_PER_HOUR: '1000',
    },
  });
  base = await rt.app.listen({ port: 0, host: '127.0.0.1' });
  // The URLs an operator enters in each provider's console, token included.
  aliyun.setReceiptUrls({
    sms: `${base}/api/notify/receipts/aliyun-sms?token=${ALIYUN_TOKEN}`,
    voice: `${base}/api/notify/receipts/aliyun-voice?token=${ALIYUN_TOKEN}`,
  });
  tencent.setReceiptUrl(`${base}/api/notify/receipts/tencent-sms?token=${TENCENT_TOKEN}`);
  school = await orgId(rt, 'DYVTC');
  admin = await rt.login('sysadmin');
  guard = await rt.login('guard');
  await rt.kernel.db.update(users).set({ phone: GUARD_PHONE }).where(eq(users.id, guard.userId));
  const templates = [
    { provider: 'aliyun-sms', severity: 'urgent', templateCode: 'SMS_465320001' },
    { provider: 'tencent-sms', severity: 'urgent', templateCode: '1830001' },
    { provider: 'aliyun-sms', severity: 'alarm', templateCode: 'SMS_465320002' },
    { provider: 'tencent-sms', severity: 'alarm', templateCode: '1830002' },
  ] as const;
  for (const t of templates) {
    const res = await admin.call('PUT', '/api/notify/templates', {
      ...t,
      noticeKind: null,
      params: { title: '{title}' },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  // The call an escalation makes reads the registered TTS template (语音通知模板).
  const tts = await admin.call('PUT', '/api/notify/templates', {
    provider: 'aliyun-voice',
    noticeKind: 'incident.escalated',
    severity: null,
    templateCode: 'TTS_288500001',
    params: { school: '{data.school}', place: '{data.place}', seconds: '{data.seconds}' },
  });
  expect(tts.statusCode, tts.body).toBe(200);
  // Whatever the demo's own clocks had due is sent before the cases count calls.
  await drain();
});

afterAll(async () => {
  await rt?.dispose();
  await aliyun?.close();
  await tencent?.close();
});

/** An urgent notice to the guard about something of the school: its SMS goes when its job runs. */
async function notice(severity: Severity = 'urgent'): Promise<string> {
  const r = await rt.kernel.transaction((tx) =>
    rt.kernel.notify.notify(tx, {
      userIds: [guard.userId],
      orgId: school,
      kind: 'test.providers',
      title: '东门有人翻越围墙',
      body: '请值班保安立即到场',
      severity,
    }),
  );
  return r.notificationIds[0]!;
}

async function delivery(notificationId: string, channel: ChannelKind) {
  const [d] = await rt.kernel.db
    .select()
    .from(notifyDeliveries)
    .where(and(eq(notifyDeliveries.notificationId, notificationId), eq(notifyDeliveries.channel, channel)));
  return d!;
}

interface Attempt {
  step: number;
  provider: string;
  state: string;
  code: string | null;
  reason: string | null;
  answered: boolean | null;
  receiptAt: string | null;
  templateCode: string | null;
}
async function record(deliveryId: string) {
  const res = await admin.call('GET', `/api/notify/records/${deliveryId}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ state: string; provider: string; to: string; attempts: Attempt[] }>();
}

const smsTo = (number: string) => ({
  aliyun: aliyun.calls.filter((c) => c.action === 'SendSms' && c.params.PhoneNumbers === number),
  tencent: tencent.calls.filter(
    (c) => (c.body.PhoneNumberSet as string[] | undefined)?.[0] === `+86${number}`,
  ),
});

async function changes(deliveryId: string): Promise<string[]> {
  const r = await rows<{ state: string }>(
    rt.kernel.db,
    sql`select payload->>'state' as state from events
        where type = ${DELIVERY_CHANGED} and payload->>'deliveryId' = ${deliveryId} order by occurred_at, id`,
  );
  return r.map((x) => x.state);
}

describe('failover between the SMS providers', () => {
  it('Aliyun answers an error: the SMS goes through Tencent, whose receipt comes back through our route', async () => {
    const before = smsTo(GUARD_PHONE);
    aliyun.failNext('isv.BUSINESS_LIMIT_CONTROL');
    tencent.receipts.hold();
    const id = await notice();
    await drain();
    const sms = await delivery(id, 'sms');
    expect(sms).toMatchObject({ state: 'sent', provider: 'tencent-sms' });
    const after = smsTo(GUARD_PHONE);
    expect(after.aliyun.slice(before.aliyun.length).map((c) => c.code)).toEqual([
      'isv.BUSINESS_LIMIT_CONTROL',
    ]);
    const sent = after.tencent.slice(before.tencent.length);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toMatchObject({ TemplateId: '1830001', TemplateParamSet: ['东门有人翻越围墙'] });

    const [posted] = await tencent.receipts.release();
    expect(posted).toMatchObject({ status: 200, answer: { result: 0, errmsg: 'OK' } });
    expect(await record(sms.id)).toMatchObject({
      state: 'delivered',
      provider: 'tencent-sms',
      to: '138****5678',
      attempts: [
        { step: 1, provider: 'aliyun-sms', state: 'failed', code: 'isv.BUSINESS_LIMIT_CONTROL' },
        { step: 2, provider: 'tencent-sms', state: 'delivered', receiptAt: expect.any(String) },
      ],
    });
  });

  it("Aliyun's receipt never comes: Tencent sends after the window; Aliyun's late receipt sends nothing more", async () => {
    const before = smsTo(GUARD_PHONE);
    aliyun.receipts.hold();
    tencent.receipts.hold();
    const id = await notice();
    await drain();
    const sms = await delivery(id, 'sms');
    expect(sms).toMatchObject({ state: 'sent', provider: 'aliyun-sms' });
    expect(aliyun.receipts.pending).toBe(1);

    // Just inside the window nothing moves; past it the attempt counts as lost.
    clock.advance(110_000);
    await drain();
    expect(smsTo(GUARD_PHONE).tencent).toHaveLength(before.tencent.length);
    clock.advance(15_000);
    await drain();
    expect((await delivery(id, 'sms')).provider).toBe('tencent-sms');
    await tencent.receipts.release();
    expect((await delivery(id, 'sms')).state).toBe('delivered');

    // Aliyun's message arrived after all.
    const [late] = await aliyun.receipts.release();
    expect(late).toMatchObject({ status: 200, answer: { code: 0 } });
    clock.advance(600_000);
    await drain();
    const after = smsTo(GUARD_PHONE);
    expect(after.aliyun.length - before.aliyun.length).toBe(1);
    expect(after.tencent.length - before.tencent.length).toBe(1);
    expect(await changes(sms.id)).toEqual(['queued', 'sent', 'delivered']);
    const r = await record(sms.id);
    expect(r).toMatchObject({
      state: 'delivered',
      attempts: [
        { step: 1, provider: 'aliyun-sms', state: 'delivered' },
        { step: 2, provider: 'tencent-sms', state: 'delivered' },
      ],
    });
    for (const a of r.attempts) expect(a.receiptAt).not.toBeNull();
  });
});

describe('receipts through the callback route', () => {
  it('a failed SMS receipt moves the message to the next provider', async () => {
    const before = smsTo(GUARD_PHONE);
    aliyun.nextSmsOutcome({ success: false, err_code: 'MK:0012', err_msg: '运营商拦截' });
    aliyun.receipts.hold();
    tencent.receipts.hold();
    const id = await notice();
    await drain();
    const sms = await delivery(id, 'sms');
    expect(sms).toMatchObject({ state: 'sent', provider: 'aliyun-sms' });
    await aliyun.receipts.release();
    await drain();
    expect(smsTo(GUARD_PHONE).tencent.length - before.tencent.length).toBe(1);
    await tencent.receipts.release();
    expect(await record(sms.id)).toMatchObject({
      state: 'delivered',
      attempts: [
        { provider: 'aliyun-sms', state: 'failed', code: 'MK:0012', reason: '运营商拦截' },
        { provider: 'tencent-sms', state: 'delivered' },
      ],
    });
  });

  it('a receipt with a wrong token is refused with 403 and changes nothing', async () => {
    tencent.receipts.hold();
    aliyun.failNext('isv.BUSINESS_LIMIT_CONTROL');
    const id = await notice();
    await drain();
    const sms = await delivery(id, 'sms');
    expect(sms).toMatchObject({ state: 'sent', provider: 'tencent-sms' });
    const body = JSON.stringify(tencent.receipts.peek()[0]);
    for (const url of [
      `${base}/api/notify/receipts/tencent-sms?token=not-the-token-0123456789`,
      `${base}/api/notify/receipts/tencent-sms`,
      `${base}/api/notify/receipts/aliyun-sms?token=${TENCENT_TOKEN}`,
    ]) {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status, url).toBe(403);
    }
    expect(await record(sms.id)).toMatchObject({
      state: 'sent',
      attempts: [{ state: 'failed' }, { provider: 'tencent-sms', state: 'sent', receiptAt: null }],
    });
    // The provider's own push still counts.
    await tencent.receipts.release();
    expect((await record(sms.id)).state).toBe('delivered');
  });
});

interface Entry {
  kind: string;
  actorName: string;
  data: Record<string, unknown> | null;
}

describe('an SOS nobody acknowledges on a console (done when)', () => {
  let keys = 0;
  async function sos(student: Session): Promise<string> {
    const res = await student.call('POST', '/api/alarms/sos', {
      idempotencyKey: `sos-providers-${String(++keys).padStart(4, '0')}`,
      alarmClass: 'police',
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }
  const timeline = async (id: string) => {
    const res = await guard.call('GET', `/api/incidents/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ timeline: Entry[] }>().timeline;
  };
  /** how many of the school's guards have a phone: each is called by the first step */
  async function guardsWithPhones(): Promise<number> {
    const [r] = await rows<{ n: number }>(
      rt.kernel.db,
      sql`select count(distinct u.id)::int as n from memberships m join orgs o on o.id = m.org_id
            join users u on u.id = m.user_id and u.status = 'active' and u.phone is not null
          where m.role = 'guard' and o.path like (select path from orgs where id = ${school}) || '%'`,
    );
    return r!.n;
  }

  for (const answered of [false, true])
    it(`calls the on-duty guard's phone after the first interval; the call (${answered ? 'answered' : 'not answered'}) and the SMS show on the timeline`, async () => {
      const student = await rt.login('student');
      const calls = aliyun.calls.length;
      aliyun.receipts.hold();
      const phones = await guardsWithPhones();
      if (!answered)
        for (let i = 0; i < phones; i++)
          aliyun.nextVoiceOutcome({ status_code: '200003', status_msg: '用户收到呼叫但未接听', duration: 0 });
      const t0 = clock.now().getTime();
      const id = await sos(student);
      clock.set(new Date(t0 + 29_000));
      await drain();
      expect(aliyun.calls.slice(calls).filter((c) => c.params.CalledNumber === GUARD_PHONE)).toHaveLength(0);

      clock.set(new Date(t0 + 31_000));
      await drain();
      const mine = aliyun.calls.slice(calls).filter((c) => c.params.CalledNumber === GUARD_PHONE);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        action: 'SingleCallByTts',
        code: 'OK',
        params: { CalledShowNumber: '057100001234', TtsCode: 'TTS_288500001' },
      });
      expect(JSON.parse(mine[0]!.params.TtsParam!)).toMatchObject({
        school: expect.any(String),
        seconds: '30',
      });
      const sms = aliyun.calls.slice(calls).filter((c) => c.params.PhoneNumbers === GUARD_PHONE);
      expect(sms).toMatchObject([
        { action: 'SendSms', code: 'OK', params: { TemplateCode: 'SMS_465320002' } },
      ]);

      // The call ends and the SMS arrives: both pushes come back through our route.
      const posted = await aliyun.receipts.release();
      expect(posted.every((p) => p.status === 200)).toBe(true);
      await drain();
      await rt.settle();
      // The guard took it (the next test's SOS must not meet this one's later steps).
      expect(
        (await guard.call('POST', `/api/incidents/${id}/actions`, { action: 'acknowledge' })).statusCode,
      ).toBe(200);

      const notified = (await timeline(id)).filter((e) => e.kind === 'notified');
      const name = (
        await rows<{ n: string }>(
          rt.kernel.db,
          sql`select display_name as n from users where id = ${guard.userId}`,
        )
      )[0]!.n;
      const ofGuard = notified.filter((e) => e.data?.['to'] === '138****5678');
      expect(ofGuard.map((e) => e.data)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            channel: 'voice',
            provider: 'aliyun-voice',
            name,
            outcome: answered ? 'answered' : 'unanswered',
            ...(answered ? {} : { reason: expect.stringContaining('未接听') }),
          }),
          expect.objectContaining({ channel: 'sms', provider: 'aliyun-sms', name, outcome: 'delivered' }),
        ]),
      );
      expect(ofGuard).toHaveLength(2);
      expect(new Set(notified.map((e) => e.actorName))).toEqual(new Set(['系统']));

      // 发送记录 shows the call with its outcome.
      const [n] = await rt.kernel.db
        .select({ id: notifications.id })
        .from(notifications)
        .where(and(eq(notifications.userId, guard.userId), eq(notifications.subjectId, id)));
      const voice = await record((await delivery(n!.id, 'voice')).id);
      expect(voice).toMatchObject({
        state: answered ? 'delivered' : 'failed',
        attempts: [{ provider: 'aliyun-voice', answered, templateCode: 'TTS_288500001' }],
      });
    });
});
