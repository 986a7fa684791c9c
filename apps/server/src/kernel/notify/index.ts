export * from './channel.js';
export { NOTIFICATION_CREATED, type Notice, type NotificationPort } from './notify.js';
export { ALARM_KIND_PREFIX, NotificationInbox, NOTIFICATION_READ } from './notify.inbox.js';
export { notifyRoutes } from './notify.routes.js';
export { notifications } from './notify.tables.js';
export {
  notifyAttempts,
  notifyContacts,
  notifyDeliveries,
  notifyPrefs,
  notifyTemplates,
} from './notify.centre.tables.js';
export { NotificationCentre, type NotifyResult, type Subject } from './notify.centre.js';
export { RECEIPT_TIMEOUT_JOB, SEND_JOB, SEND_URGENT_JOB, UNREAD_JOB } from './notify.dispatch.js';
export { defineNotifyJobs } from './notify.jobs.js';
export { notifyConfig, type NotifyConfig } from './notify.policy.js';
export { buildChannels, channelsConfig } from './channels/index.js';
export { notifyCentreRoutes } from './notify.centre.routes.js';
export { DIGEST_JOB, DIGEST_USER_JOB } from './notify.digest.js';
