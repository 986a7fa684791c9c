import type {
  ChannelKind,
  DeliveryChangedPayload,
  DeliveryState,
  Notice,
  Severity,
} from '../../kernel/notify/index.js';

/*
 * What the alarms module tells people, how loud (the notification centre's policy per severity
 * picks the channels), and which deliveries show on an incident's timeline. Pure, no I/O.
 */

/**
 * How loud each notice is. An escalation calls phones (alarm: in-app, voice and SMS at once): the
 * raise itself rings the consoles only, the first escalation step is the first phone call. A
 * drill's 报备 (and its withdrawal) must reach the police before the drill, or a drill's alarm is
 * taken for a real one: urgent (SMS when not read in time).
 */
export const ALARM_NOTICE_SEVERITY = {
  'incident.escalated': 'alarm',
  'drill.reported': 'urgent',
  'drill.cancelled': 'urgent',
} as const satisfies Record<string, Severity>;

export type AlarmNoticeKind = keyof typeof ALARM_NOTICE_SEVERITY;

/** A notice of this module: its kind's severity and the object it is about. */
export function alarmNotice(
  kind: AlarmNoticeKind,
  subject: { type: 'incident' | 'drill'; id: string },
  n: Omit<Notice, 'kind' | 'severity' | 'subject'>,
): Notice {
  return { ...n, kind, severity: ALARM_NOTICE_SEVERITY[kind], subject };
}

/**
 * The delivery states a person reading the timeline cares about, per channel. A call's "sent" is
 * noise (the result follows); an SMS's "sent" too (the receipt follows); an e-mail or an IM message
 * often has no receipt, so "sent" is what there is. In-app deliveries are the ringing consoles
 * themselves, and acknowledging shows as the incident's own step.
 */
const SHOWN: Record<ChannelKind, readonly DeliveryState[]> = {
  inapp: [],
  voice: ['delivered', 'failed'],
  sms: ['delivered', 'failed'],
  email: ['sent', 'failed'],
  wecom: ['sent', 'delivered', 'read', 'failed'],
  dingtalk: ['sent', 'delivered', 'read', 'failed'],
  feishu: ['sent', 'delivered', 'read', 'failed'],
};

export type DeliveryOutcome = 'answered' | 'unanswered' | 'delivered' | 'sent' | 'read' | 'failed';

/** A delivery as the incident's timeline keeps it (kind 'notified'); the console words it. */
export interface DeliveryEntry {
  deliveryId: string;
  /** the state that made the entry: one entry per delivery and state */
  state: DeliveryState;
  channel: ChannelKind;
  provider: string | null;
  /** masked address: 138****1234 */
  to: string | null;
  outcome: DeliveryOutcome;
  reason: string | null;
}

/** The timeline entry a delivery change makes, or null when nobody would care about it. */
export function deliveryEntry(p: DeliveryChangedPayload): DeliveryEntry | null {
  if (!SHOWN[p.channel]?.includes(p.state)) return null;
  let outcome: DeliveryOutcome = p.state as DeliveryOutcome;
  if (p.channel === 'voice') {
    // A call ends answered or not; a call that could not be placed at all is a failure.
    if (p.answered === false) outcome = 'unanswered';
    else if (p.state === 'delivered') outcome = 'answered';
  }
  return {
    deliveryId: p.deliveryId,
    state: p.state,
    channel: p.channel,
    provider: p.provider,
    to: p.to,
    outcome,
    reason: outcome === 'failed' || outcome === 'unanswered' ? (p.reason ?? null) : null,
  };
}
