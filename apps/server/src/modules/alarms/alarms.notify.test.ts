import { describe, expect, it } from 'vitest';
import type { DeliveryChangedPayload } from '../../kernel/notify/index.js';
import { ALARM_NOTICE_SEVERITY, alarmNotice, deliveryEntry } from './alarms.notify.js';

const change = (p: Partial<DeliveryChangedPayload>): DeliveryChangedPayload => ({
  deliveryId: 'd1',
  notificationId: 'n1',
  userId: 'u1',
  subjectType: 'incident',
  subjectId: 'i1',
  kind: 'incident.escalated',
  severity: 'alarm',
  channel: 'voice',
  provider: 'aliyun-voice',
  state: 'sent',
  to: '138****1234',
  ...p,
});

describe('alarm notices', () => {
  it('escalates at alarm severity (phones are called) about the incident; drills 报备 urgent', () => {
    expect(ALARM_NOTICE_SEVERITY).toEqual({
      'incident.escalated': 'alarm',
      'drill.reported': 'urgent',
      'drill.cancelled': 'urgent',
    });
    const n = alarmNotice(
      'incident.escalated',
      { type: 'incident', id: 'i1' },
      { userIds: ['u1'], orgId: null, title: 't', body: 'b' },
    );
    expect(n).toMatchObject({
      kind: 'incident.escalated',
      severity: 'alarm',
      subject: { type: 'incident', id: 'i1' },
    });
  });
});

describe('deliveries on the timeline', () => {
  it('keeps a call only when it ends: answered, not answered (with why), or failed', () => {
    expect(deliveryEntry(change({ state: 'queued' }))).toBeNull();
    expect(deliveryEntry(change({ state: 'sent' }))).toBeNull();
    expect(deliveryEntry(change({ state: 'delivered', answered: true }))).toMatchObject({
      outcome: 'answered',
      reason: null,
    });
    expect(
      deliveryEntry(change({ state: 'delivered', answered: false, reason: '用户未接听' })),
    ).toMatchObject({
      outcome: 'unanswered',
      reason: '用户未接听',
    });
    expect(deliveryEntry(change({ state: 'failed', answered: false, reason: '关机' }))).toMatchObject({
      outcome: 'unanswered',
      reason: '关机',
    });
    expect(deliveryEntry(change({ state: 'failed', reason: '余额不足' }))).toMatchObject({
      outcome: 'failed',
      reason: '余额不足',
    });
  });

  it('keeps an SMS delivered or failed, an IM message sent, and never the in-app ring or an acknowledgement', () => {
    expect(deliveryEntry(change({ channel: 'sms', state: 'sent' }))).toBeNull();
    expect(deliveryEntry(change({ channel: 'sms', state: 'delivered' }))).toMatchObject({
      outcome: 'delivered',
      to: '138****1234',
    });
    expect(deliveryEntry(change({ channel: 'sms', state: 'failed', reason: '空号' }))).toMatchObject({
      outcome: 'failed',
      reason: '空号',
    });
    expect(deliveryEntry(change({ channel: 'wecom', state: 'sent' }))).toMatchObject({ outcome: 'sent' });
    expect(deliveryEntry(change({ channel: 'email', state: 'sent' }))).toMatchObject({ outcome: 'sent' });
    expect(deliveryEntry(change({ channel: 'inapp', state: 'read' }))).toBeNull();
    expect(deliveryEntry(change({ channel: 'sms', state: 'acknowledged' }))).toBeNull();
  });
});
