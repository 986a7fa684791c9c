import type { Executor } from '../db.js';
import type { Severity } from './channel.js';

export interface Notice {
  userIds: string[];
  orgId: string | null;
  kind: string;
  title: string;
  body: string;
  link?: string;
  data?: Record<string, unknown>;
  /** how loud: the centre's policy for it picks the channels (default normal) */
  severity?: Severity;
  /** the object it is about (an incident, a hazard, a request, a warning), for its timeline and receipts */
  subject?: { type: string; id: string };
}

/**
 * The notification port: modules say who should hear what; the centre (notify.centre.ts) decides
 * through which channels by the notice's severity and delivers it.
 */
export interface NotificationPort {
  /** deliver within the caller's transaction (nothing is sent if it rolls back) */
  notify(ex: Executor, notice: Notice): Promise<unknown>;
}

export const NOTIFICATION_CREATED = 'notification.created';
