export * from './channel.js';
export { InAppNotifications, NOTIFICATION_CREATED, type Notice, type NotificationPort } from './notify.js';
export { notifyRoutes } from './notify.routes.js';
export { notifications } from './notify.tables.js';
