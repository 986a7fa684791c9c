export * from './channel.js';
export { InAppNotifications, NOTIFICATION_CREATED, type Notice, type NotificationPort } from './notify.js';
export { ALARM_KIND_PREFIX, NotificationInbox, NOTIFICATION_READ } from './notify.inbox.js';
export { notifyRoutes } from './notify.routes.js';
export { notifications } from './notify.tables.js';
