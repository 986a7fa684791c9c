import { z } from 'zod';
import type { JobRunner } from '../jobs/index.js';
import { CHANNEL_KINDS } from './channel.js';
import type { NotificationCentre } from './notify.centre.js';
import { DIGEST_JOB, DIGEST_USER_JOB } from './notify.digest.js';
import { RECEIPT_TIMEOUT_JOB, SEND_JOB, SEND_URGENT_JOB, UNREAD_JOB } from './notify.dispatch.js';

/** The centre's durable jobs (their queues: app/queues.ts). Each is safe to run twice. */
export function defineNotifyJobs(jobs: JobRunner, centre: NotificationCentre): void {
  const send = z.object({ deliveryId: z.uuid(), step: z.number().int().min(0) });
  jobs.define(SEND_JOB, send, (p) => centre.dispatcher.send(p.deliveryId, p.step));
  jobs.define(SEND_URGENT_JOB, send, (p) => centre.dispatcher.send(p.deliveryId, p.step));
  jobs.define(RECEIPT_TIMEOUT_JOB, z.object({ attemptId: z.uuid() }), (p) =>
    centre.dispatcher.receiptTimeout(p.attemptId),
  );
  jobs.define(UNREAD_JOB, z.object({ notificationId: z.uuid(), channel: z.enum(CHANNEL_KINDS) }), (p) =>
    centre.dispatcher.unread(p.notificationId, p.channel),
  );
  jobs.define(DIGEST_JOB, z.object({}), async () => {
    await centre.digest.run();
  });
  jobs.define(DIGEST_USER_JOB, z.object({ userId: z.uuid() }), (p) => centre.digest.send(p.userId));
}
