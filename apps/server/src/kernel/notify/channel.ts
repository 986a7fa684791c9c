/**
 * The contract between the notification centre and its channel adapters (SMS, voice, IM, e-mail).
 * The centre decides who hears what, when and through which channel; an adapter only carries one
 * message to one address through one provider and reads that provider's receipts.
 */

/** How loud a notification is; the centre's policy per severity picks the channels. */
export const SEVERITIES = ['alarm', 'urgent', 'normal', 'digest'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The kinds of channel a person can be reached by; several providers may serve one kind. */
export const CHANNEL_KINDS = ['inapp', 'sms', 'voice', 'wecom', 'dingtalk', 'feishu', 'email'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** States of one delivery (one notification through one channel), in the order they are reached. */
export const DELIVERY_STATES = ['queued', 'sent', 'delivered', 'read', 'acknowledged', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One message for one address, already rendered by the centre. */
export interface OutboundMessage {
  /**
   * The centre's id of this attempt: adapters pass it to the provider where the provider keeps a
   * caller reference (Aliyun OutId, Tencent SessionContext, …) so a receipt finds its attempt.
   */
  attemptId: string;
  /** mobile number (+86… or 11 digits), IM user id, robot name, or e-mail address */
  to: string;
  /** SMS and voice: the template registered with the provider and its parameters */
  template?: { code: string; params: Record<string, string> };
  title: string;
  body: string;
  /** absolute URL of the object in the console, when there is one */
  url?: string;
}

export type SendResult =
  | {
      ok: true;
      /** the provider's id of the message (BizId, SerialNo, CallId, msgid …) */
      providerMessageId: string;
      /** whether the provider will post a receipt later (else "sent" is final) */
      receiptExpected: boolean;
    }
  | {
      ok: false;
      /** true when another try (or the next provider) may succeed: network, throttling, 5xx */
      retryable: boolean;
      /** the provider's error code, e.g. isv.BUSINESS_LIMIT_CONTROL */
      code: string;
      /** the provider's message, shown on the 发送记录 page */
      reason: string;
    };

/** A receipt the provider posted back: delivered, failed, or for a call answered / not answered. */
export interface Receipt {
  provider: string;
  providerMessageId: string;
  /** the attempt id, when the provider echoes the caller reference */
  attemptId?: string;
  state: 'delivered' | 'failed';
  /** voice: whether the callee picked up */
  answered?: boolean;
  /** the provider's status code and text when it failed (or why a call was not answered) */
  code?: string;
  reason?: string;
  at: Date;
}

/** A receipt callback as it reached us: the raw body (for signatures) and its headers. */
export interface ReceiptRequest {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, string | undefined>;
  rawBody: Buffer;
}

export interface ChannelAdapter {
  readonly kind: Exclude<ChannelKind, 'inapp'>;
  /** stable name of the provider, e.g. aliyun-sms, tencent-sms, aliyun-voice, wecom-app, smtp */
  readonly provider: string;
  /** send one message; never throws for a provider's refusal (returns ok: false), may reject on a bug */
  send(msg: OutboundMessage, signal?: AbortSignal): Promise<SendResult>;
  /** whether it needs the SMS/voice template (the centre refuses to send without one) */
  readonly needsTemplate: boolean;
  /** seconds to wait for a receipt before the centre treats the attempt as lost and fails over */
  readonly receiptWindowSeconds?: number;
  /**
   * Read a receipt callback (POST /api/notify/receipts/<provider>): check it is the provider's
   * (signature or token, where the provider documents one), return the receipts it carries and the
   * answer the provider expects. Throws errors.badRequest / errors.forbidden on a bad callback.
   */
  readReceipts?(req: ReceiptRequest): { receipts: Receipt[]; answer: { status: number; body: unknown } };
}

/**
 * The event the centre appends whenever a delivery changes state (queued, sent, delivered, read,
 * acknowledged, failed), so a module can show it on its object's timeline (an incident's: "called
 * 138****1234, answered"). `to` is masked; the full address never travels on the bus.
 */
export const DELIVERY_CHANGED = 'notify.delivery.changed';

export interface DeliveryChangedPayload {
  deliveryId: string;
  notificationId: string;
  userId: string;
  /** the object the notification is about, when it names one */
  subjectType: string | null;
  subjectId: string | null;
  kind: string;
  severity: Severity;
  channel: ChannelKind;
  /** the provider that carried it (null for in-app) */
  provider: string | null;
  state: DeliveryState;
  /** masked address: 138****1234, z***@example.edu.cn */
  to: string | null;
  /** voice: whether the callee picked up */
  answered?: boolean;
  reason?: string;
}
