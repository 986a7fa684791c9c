/**
 * The notification centre: policy per severity, failover between the providers of one kind (on an
 * error and on a receipt that never comes), one message however often a job runs, receipts through
 * the callback route, quiet hours, templates and rate limits. The providers' far ends are test
 * adapters registered through the ChannelAdapter contract (test/support/notify-adapters.ts).
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/kernel/clock.js';
import {
  DELIVERY_CHANGED,
  notifyAttempts,
  notifyDeliveries,
  SEND_JOB,
  type ChannelKind,
  type Severity,
} from '../../src/kernel/notify/index.js';
import { users } from '../../src/modules/identity/index.js';
import { TestProvider } from '../support/notify-adapters.js';
import { testRuntime, type Session, type TestRuntime } from '../support/runtime.js';

const clock = new ManualClock(new Date('2026-12-07T10:00:00+08:00'));
const aliyun = new TestProvider('sms', 'sms-a', { receiptWindowSeconds: 120 });
const tencent = new TestProvider('sms', 'sms-b', { receiptWindowSeconds: 120 });
const voice = new TestProvider('voice', 'voice-a', { receiptWindowSeconds: 90 });
const mail = new TestProvider('email', 'mail-a', { needsTemplate: false });
let rt: TestRuntime;
let admin: Session;
let guardId: string;

/**
 * What a provider was handed for this file's own notices: with the clock moved by days, the demo
 * school's own clocks (overdue hazards, tasks) notify people too.
 */
const ours = (p: TestProvider) => p.sent.filter((m) => m.title === '东门有人翻越围墙');

const drain = async () => {
  while ((await rt.kernel.jobs.tick()) > 0);
};

async function notify(severity: Severity, kind = 'test.notice', userId = guardId) {
  const r = await rt.kernel.transaction((tx) =>
    rt.kernel.notify.notify(tx, {
      userIds: [userId],
      orgId: null,
      kind,
      title: '东门有人翻越围墙',
      body: '请值班保安立即到场',
      link: '/incidents/1',
      severity,
      subject: { type: 'incident', id: '01900000-0000-7000-8000-00000000a001' },
    }),
  );
  return r.notificationIds[0]!;
}

async function delivery(notificationId: string, channel: ChannelKind) {
  const [d] = await rt.kernel.db
    .select()
    .from(notifyDeliveries)
    .where(and(eq(notifyDeliveries.notificationId, notificationId), eq(notifyDeliveries.channel, channel)));
  return d;
}

const attempts = (deliveryId: string) =>
  rt.kernel.db
    .select()
    .from(notifyAttempts)
    .where(eq(notifyAttempts.deliveryId, deliveryId))
    .orderBy(asc(notifyAttempts.step));

function receipt(p: TestProvider, id: string, state: 'delivered' | 'failed', token = p.token) {
  return rt.app.inject({
    method: 'POST',
    url: `/api/notify/receipts/${p.provider}`,
    headers: { 'content-type': 'application/json', 'x-test-token': token },
    payload: JSON.stringify({ receipts: [{ id, state }] }),
  });
}

async function changes(deliveryId: string) {
  const r = await rt.kernel.db.execute(
    sql`select payload->>'state' as state from events where type = ${DELIVERY_CHANGED} and payload->>'deliveryId' = ${deliveryId} order by occurred_at, id`,
  );
  return (r as { rows: { state: string }[] }).rows.map((x) => x.state);
}

beforeAll(async () => {
  rt = await testRuntime({
    clock,
    channels: [aliyun, tencent, voice, mail],
    env: {
      NOTIFY_RECIPIENT_PER_HOUR: '3',
      NOTIFY_URGENT_SMS_AFTER_MINUTES: '5',
      NOTIFY_PROVIDER_PER_MINUTE: '6',
    },
  });
  admin = await rt.login('sysadmin');
  const guard = await rt.login('guard');
  guardId = guard.userId;
  await rt.kernel.db.update(users).set({ phone: '13812345678' }).where(eq(users.id, guardId));
  // The platform's administrator registers each provider's template: a fallback per severity.
  for (const provider of ['sms-a', 'sms-b', 'voice-a'])
    for (const severity of ['alarm', 'urgent'] as const) {
      const res = await admin.call('PUT', '/api/notify/templates', {
        provider,
        noticeKind: null,
        severity,
        templateCode: `SMS_${severity.toUpperCase()}_1`,
        params: { title: '{title}', where: '{data.place}' },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
});
afterAll(async () => rt?.dispose());
beforeEach(() => {
  // A fresh hour each time: the per-person limit (3 an hour) is the rate-limit test's business.
  clock.advance(3600_000);
  for (const p of [aliyun, tencent, voice, mail]) {
    p.sent.length = 0;
    p.answers = [];
  }
});

describe('policy per severity', () => {
  it('alarm: in-app, voice and SMS at once, the SMS rendered from the template', async () => {
    const id = await notify('alarm');
    expect((await delivery(id, 'inapp'))?.state).toBe('delivered');
    expect((await delivery(id, 'voice'))?.state).toBe('queued');
    await drain();
    expect(voice.sent).toHaveLength(1);
    expect(aliyun.sent).toHaveLength(1);
    expect(tencent.sent).toHaveLength(0);
    expect(aliyun.sent[0]).toMatchObject({
      to: '13812345678',
      template: { code: 'SMS_ALARM_1', params: { title: '东门有人翻越围墙', where: '' } },
    });
    const sms = (await delivery(id, 'sms'))!;
    expect(sms).toMatchObject({ state: 'sent', provider: 'sms-a', toMasked: '138****5678' });
    expect(await changes(sms.id)).toEqual(['queued', 'sent']);
  });

  it('urgent: in-app now, the SMS only if still unread after its minutes', async () => {
    const read = await notify('urgent');
    const unread = await notify('urgent');
    expect(await delivery(unread, 'sms')).toBeUndefined();
    const guard = await rt.login('guard');
    expect((await guard.call('POST', `/api/notifications/${read}/read`)).statusCode).toBe(204);
    expect((await delivery(read, 'inapp'))?.state).toBe('read');
    clock.advance(4 * 60_000);
    await drain();
    expect(aliyun.sent).toHaveLength(0);
    clock.advance(60_000);
    await drain();
    expect(aliyun.sent).toHaveLength(1);
    expect(await delivery(read, 'sms')).toBeUndefined();
    expect((await delivery(unread, 'sms'))?.state).toBe('sent');
  });

  it('normal: in-app only; digest: nothing at once', async () => {
    const normal = await notify('normal');
    const digest = await notify('digest');
    await drain();
    expect((await delivery(normal, 'inapp'))?.state).toBe('delivered');
    expect(await delivery(normal, 'sms')).toBeUndefined();
    expect(await delivery(digest, 'inapp')).toBeUndefined();
    expect(aliyun.sent.length + voice.sent.length + mail.sent.length).toBe(0);
  });
});

describe('failover between the providers of one kind', () => {
  it('takes the next provider when the first answers an error', async () => {
    aliyun.answers = [{ ok: false, retryable: true, code: 'isv.BUSINESS_LIMIT_CONTROL', reason: '触发流控' }];
    const id = await notify('alarm');
    await drain();
    expect(aliyun.sent).toHaveLength(1);
    expect(tencent.sent).toHaveLength(1);
    const sms = (await delivery(id, 'sms'))!;
    expect(sms).toMatchObject({ state: 'sent', provider: 'sms-b' });
    const path = await attempts(sms.id);
    expect(path.map((a) => [a.provider, a.state, a.code])).toEqual([
      ['sms-a', 'failed', 'isv.BUSINESS_LIMIT_CONTROL'],
      ['sms-b', 'sent', null],
    ]);
  });

  it('does not try the next provider for a number every provider would refuse', async () => {
    aliyun.answers = [
      { ok: false, retryable: false, code: 'isv.MOBILE_NUMBER_ILLEGAL', reason: '非法手机号' },
    ];
    const id = await notify('alarm');
    await drain();
    expect(tencent.sent).toHaveLength(0);
    expect(await delivery(id, 'sms')).toMatchObject({ state: 'failed' });
  });

  it('takes the next provider when no receipt comes in time, and delivers once when both arrive', async () => {
    const id = await notify('alarm');
    await drain();
    const sms = (await delivery(id, 'sms'))!;
    expect(aliyun.sent).toHaveLength(1);
    clock.advance(119_000);
    await drain();
    expect(tencent.sent).toHaveLength(0);
    clock.advance(2_000);
    await drain();
    expect(tencent.sent).toHaveLength(1);
    const [first, second] = await attempts(sms.id);
    expect(first).toMatchObject({ provider: 'sms-a', state: 'failed', code: 'receipt_timeout' });
    expect(second).toMatchObject({ provider: 'sms-b', state: 'sent' });
    // Both receipts come after all: one delivery, delivered once; each attempt keeps its receipt.
    expect((await receipt(aliyun, first!.providerMessageId!, 'delivered')).statusCode).toBe(200);
    expect((await receipt(tencent, second!.providerMessageId!, 'delivered')).json()).toEqual({
      code: 0,
      msg: 'success',
    });
    expect((await delivery(id, 'sms'))?.state).toBe('delivered');
    expect((await attempts(sms.id)).map((a) => a.state)).toEqual(['delivered', 'delivered']);
    expect(await changes(sms.id)).toEqual(['queued', 'sent', 'delivered']);
    clock.advance(3600_000);
    await drain();
    expect(aliyun.sent.length + tencent.sent.length).toBe(2);
  });

  it('a failed receipt moves to the next provider', async () => {
    const id = await notify('alarm');
    await drain();
    const sms = (await delivery(id, 'sms'))!;
    const [first] = await attempts(sms.id);
    await receipt(aliyun, first!.providerMessageId!, 'failed');
    await drain();
    expect(tencent.sent).toHaveLength(1);
    const [, second] = await attempts(sms.id);
    await receipt(tencent, second!.providerMessageId!, 'delivered');
    expect((await delivery(id, 'sms'))?.state).toBe('delivered');
  });

  it('a duplicated send job sends once', async () => {
    const id = await notify('alarm');
    const sms = (await delivery(id, 'sms'))!;
    // The same step queued again (a retry after a lost lease, a second enqueue).
    await rt.kernel.jobs.enqueue(
      rt.kernel.db,
      SEND_JOB,
      { deliveryId: sms.id, step: 0 },
      { singletonKey: 'dup' },
    );
    await drain();
    expect(aliyun.sent).toHaveLength(1);
    expect(await attempts(sms.id)).toHaveLength(1);
  });
});

describe('发送记录', () => {
  it('lists deliveries by filter, shows the failover path, and sends a failed one again', async () => {
    admin = await rt.login('sysadmin');
    aliyun.answers = [
      { ok: false, retryable: false, code: 'isv.MOBILE_NUMBER_ILLEGAL', reason: '非法手机号' },
    ];
    const id = await notify('alarm', 'record.test');
    await drain();
    const sms = (await delivery(id, 'sms'))!;
    const list = await admin.call('GET', '/api/notify/records?kind=record.test&channel=sms&state=failed');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toMatchObject({
      total: 1,
      items: [{ id: sms.id, to: '138****5678', severity: 'alarm' }],
    });
    expect(list.body).not.toContain('13812345678');
    const one = await admin.call('GET', `/api/notify/records/${sms.id}`);
    expect(one.json()).toMatchObject({
      state: 'failed',
      attempts: [{ step: 1, provider: 'sms-a', state: 'failed', code: 'isv.MOBILE_NUMBER_ILLEGAL' }],
    });
    // The number was corrected: sent again, from the first provider.
    aliyun.answers = [];
    const retry = await admin.call('POST', `/api/notify/records/${sms.id}/retry`);
    expect(retry.statusCode, retry.body).toBe(200);
    expect(retry.json()).toMatchObject({ state: 'queued' });
    await drain();
    const again = await admin.call('GET', `/api/notify/records/${sms.id}`);
    expect(again.json()).toMatchObject({
      state: 'sent',
      attempts: [
        { step: 1, provider: 'sms-a', state: 'failed' },
        { step: 2, provider: 'sms-a', state: 'sent' },
      ],
    });
    expect((await admin.call('POST', `/api/notify/records/${sms.id}/retry`)).statusCode).toBe(409);
    // A school's office sees its own people's records only: this one has no organisation.
    const office = await rt.login('school.admin');
    expect((await office.call('GET', `/api/notify/records/${sms.id}`)).statusCode).toBe(404);
  });
});

describe('the daily digest', () => {
  it('sends unread normal and digest items once, by e-mail, and none once read', async () => {
    await rt.kernel.db.update(users).set({ email: 'guard@example.edu.cn' }).where(eq(users.id, guardId));
    const unread = await notify('normal', 'digest.test');
    const only = await notify('digest', 'digest.test');
    const read = await notify('normal', 'digest.test');
    const guard = await rt.login('guard');
    await guard.call('POST', `/api/notifications/${read}/read`);
    expect(await rt.kernel.notify.digest.run()).toBeGreaterThan(0);
    await drain();
    const mine = mail.sent.filter((m) => m.to === 'guard@example.edu.cn');
    expect(mine).toHaveLength(1);
    expect(mine[0]!.title).toMatch(/^每日通知摘要/);
    expect((await delivery(unread, 'email'))?.state).toBe('sent');
    expect((await delivery(only, 'email'))?.toMasked).toBe('g***@example.edu.cn');
    expect(await delivery(read, 'email')).toBeUndefined();
    // Run again (a second worker, a retry): nothing new, nothing sent twice.
    await rt.kernel.notify.digest.run();
    await drain();
    expect(mail.sent.filter((m) => m.to === 'guard@example.edu.cn')).toHaveLength(1);
  });
});

describe('receipts, acknowledgement and states', () => {
  it('refuses an unknown provider and a bad token', async () => {
    expect((await receipt(new TestProvider('sms', 'nobody'), 'x', 'delivered')).statusCode).toBe(404);
    expect((await receipt(aliyun, 'x', 'delivered', 'wrong')).statusCode).toBe(403);
  });

  it('acknowledge and states give the furthest state per person', async () => {
    const subject = { type: 'warning', id: '01900000-0000-7000-8000-00000000b001' };
    const counselor = (await rt.login('counselor')).userId;
    await rt.kernel.transaction((tx) =>
      rt.kernel.notify.notify(tx, {
        userIds: [guardId, counselor],
        orgId: null,
        kind: 'warning.published',
        title: '暴雨红色预警',
        body: '停止户外活动',
        severity: 'normal',
        subject,
      }),
    );
    await rt.kernel.transaction((tx) => rt.kernel.notify.acknowledge(tx, subject, guardId));
    const states = await rt.kernel.notify.states(rt.kernel.db, subject);
    expect(Object.fromEntries(states.map((s) => [s.userId, s.state]))).toEqual({
      [guardId]: 'acknowledged',
      [counselor]: 'delivered',
    });
  });
});

describe('quiet hours, templates and rate limits', () => {
  it('holds an urgent SMS until quiet hours end, never an alarm', async () => {
    const guard = await rt.login('guard');
    const put = await guard.call('PUT', '/api/notify/prefs', {
      quietHours: { from: '22:00', to: '07:00' },
      digestChannel: 'email',
      contacts: { wecom: 'zhangsan' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ phone: '138****5678', contacts: { wecom: 'zhangsan' } });
    clock.set(new Date('2026-12-09T23:00:00+08:00'));
    const urgent = await notify('urgent');
    await notify('alarm');
    clock.advance(5 * 60_000);
    await drain();
    expect(ours(aliyun)).toHaveLength(1); // the alarm's
    expect(ours(voice)).toHaveLength(1);
    expect((await delivery(urgent, 'sms'))?.state).toBe('queued');
    clock.set(new Date('2026-12-10T07:00:30+08:00'));
    await drain();
    expect(ours(aliyun)).toHaveLength(2);
    expect((await delivery(urgent, 'sms'))?.state).toBe('sent');
    await guard.call('PUT', '/api/notify/prefs', { quietHours: null, digestChannel: null, contacts: {} });
  });

  it('uses the template of the notice kind before the fallback, and fails clearly without one', async () => {
    admin = await rt.login('sysadmin'); // the clock went past the session's idle limit
    const put = await admin.call('PUT', '/api/notify/templates', {
      provider: 'sms-a',
      noticeKind: 'hazard.overdue',
      severity: null,
      templateCode: 'SMS_HAZARD_9',
      params: { name: '{title}' },
    });
    expect(put.statusCode, put.body).toBe(200);
    await notify('alarm', 'hazard.overdue');
    await drain();
    expect(ours(aliyun)[0]?.template).toEqual({ code: 'SMS_HAZARD_9', params: { name: '东门有人翻越围墙' } });
    // No template for the SMS providers at "normal": failed attempts naming what is missing.
    const list = await admin.call('GET', '/api/notify/templates');
    const forAlarm = list.json<{ items: { id: string; provider: string; severity: string | null }[] }>();
    for (const t of forAlarm.items.filter((t) => t.severity === 'urgent' && t.provider !== 'voice-a'))
      expect((await admin.call('DELETE', `/api/notify/templates/${t.id}`)).statusCode).toBe(204);
    const id = await notify('urgent');
    clock.advance(5 * 60_000);
    await drain();
    const sms = (await delivery(id, 'sms'))!;
    expect(sms.state).toBe('failed');
    const path = await attempts(sms.id);
    expect(path.map((a) => a.code)).toEqual(['no_template', 'no_template']);
    expect(path[0]!.reason).toContain('未配置模板');
    const handedOver = [...aliyun.sent, ...tencent.sent].map((m) => m.attemptId);
    expect(path.filter((a) => handedOver.includes(a.id))).toEqual([]);
  });

  it('limits messages per person (not alarms), counted in the database', async () => {
    admin = await rt.login('sysadmin');
    for (const severity of ['alarm', 'alarm', 'alarm', 'alarm'] as const) await notify(severity);
    await drain();
    expect(ours(aliyun)).toHaveLength(4);
    const ids = [
      await notify('urgent'),
      await notify('urgent'),
      await notify('urgent'),
      await notify('urgent'),
    ];
    // Urgent templates were removed above for SMS; register one again.
    const put = await admin.call('PUT', '/api/notify/templates', {
      provider: 'sms-a',
      noticeKind: null,
      severity: 'urgent',
      templateCode: 'SMS_URGENT_2',
      params: { title: '{title}' },
    });
    expect(put.statusCode, put.body).toBe(200);
    clock.advance(5 * 60_000);
    await drain();
    const states = await Promise.all(ids.map(async (id) => (await delivery(id, 'sms'))?.state));
    expect(states.filter((s) => s === 'sent')).toHaveLength(3);
    expect(states.filter((s) => s === 'failed')).toHaveLength(1);
  });
  it("a full provider hands over to the next; the last one's messages wait for the next minute", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await notify('alarm'));
    await drain();
    // Six a minute each: SMS goes on at the second provider, calls wait (there is one provider).
    expect(ours(aliyun)).toHaveLength(6);
    expect(ours(tencent)).toHaveLength(2);
    expect(ours(voice)).toHaveLength(6);
    const waiting = await Promise.all(ids.map(async (id) => (await delivery(id, 'voice'))?.state));
    expect(waiting.filter((s) => s === 'queued')).toHaveLength(2);
    clock.advance(60_000);
    await drain();
    expect(ours(voice)).toHaveLength(8);
    const calls = await Promise.all(ids.map(async (id) => (await delivery(id, 'voice'))?.state));
    expect(calls.every((s) => s === 'sent')).toBe(true);
  });
});
