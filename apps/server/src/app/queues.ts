import { SWEEP_FILES_JOB } from '../kernel/files/files.lifecycle.js';
import { withConcurrency, type QueuePlan } from '../kernel/jobs/index.js';
import { IMPORT_FILES_SWEEP_JOB, IMPORT_JOB } from '../kernel/sheets/index.js';
import {
  DIGEST_JOB,
  DIGEST_USER_JOB,
  RECEIPT_TIMEOUT_JOB,
  SEND_JOB,
  SEND_URGENT_JOB,
  UNREAD_JOB,
} from '../kernel/notify/index.js';
import { ESCALATE_JOB } from '../modules/alarms/index.js';
import { COVERAGE_JOB } from '../modules/grids/index.js';
import { CLOCK_JOB } from '../modules/requests/index.js';
import { GENERATE_JOB, OVERDUE_JOB } from '../modules/tasks/index.js';
import { DEADLINE_JOB, SUPERVISE_JOB } from '../modules/hazards/index.js';
import { CAP_POLL_JOB, CAP_POLL_ONE_JOB } from '../modules/cap/index.js';
import { DELIVER_JOB, REMIND_JOB } from '../modules/warnings/index.js';

/**
 * The job queues and which kind of job runs in which: the one place to look (decision 0015).
 * `urgent` is the alarm path (escalations, devices falling silent; notifications sent by job go
 * here too); `default` the business clocks; `background` housekeeping; `heavy` imports (exports
 * and reports, once they run as jobs). A queue of lower priority starts nothing while a higher
 * one has every slot busy. JOBS_CONCURRENCY (`heavy=2,urgent=8`) changes the concurrencies.
 */
export const JOB_QUEUES: QueuePlan = {
  queues: [
    { name: 'urgent', concurrency: 4, priority: 30 },
    { name: 'default', concurrency: 2, priority: 20 },
    { name: 'background', concurrency: 1, priority: 10 },
    { name: 'heavy', concurrency: 1, priority: 0 },
  ],
  kinds: {
    [ESCALATE_JOB]: 'urgent',
    'alarms.watch_devices': 'urgent',
    // Alarm-severity sends and every receipt timeout (it moves an alarm's call to the next provider).
    [SEND_URGENT_JOB]: 'urgent',
    [RECEIPT_TIMEOUT_JOB]: 'urgent',
    [SEND_JOB]: 'default',
    [UNREAD_JOB]: 'default',
    [DIGEST_JOB]: 'background',
    [DIGEST_USER_JOB]: 'background',
    // a warning reaches its people as fast as an escalation does
    [DELIVER_JOB]: 'urgent',
    [REMIND_JOB]: 'default',
    [CLOCK_JOB]: 'default',
    [OVERDUE_JOB]: 'default',
    [DEADLINE_JOB]: 'default',
    [SUPERVISE_JOB]: 'default',
    [GENERATE_JOB]: 'background',
    [SWEEP_FILES_JOB]: 'background',
    [IMPORT_FILES_SWEEP_JOB]: 'background',
    'identity.purge_sessions': 'background',
    [COVERAGE_JOB]: 'background',
    // Reading other servers' feeds waits on the network: kept off the business clocks' queue.
    [CAP_POLL_JOB]: 'background',
    [CAP_POLL_ONE_JOB]: 'background',
    [IMPORT_JOB]: 'heavy',
  },
};

export function jobQueues(concurrency: string | undefined): QueuePlan {
  return withConcurrency(JOB_QUEUES, concurrency);
}
