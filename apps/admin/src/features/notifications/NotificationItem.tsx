import { Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useNavigate } from 'react-router';
import { useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { useMarkRead, type InboxItem } from './api';
import { consolePath, familyLabel, familyOf } from './kinds';
import styles from './notifications.module.css';

/** 14:05 today, 12-06 14:05 this year, else the whole date. */
function shortTime(iso: string): string {
  const at = dayjs(iso);
  const now = dayjs();
  if (at.isSame(now, 'day')) return at.format('HH:mm');
  return at.format(at.isSame(now, 'year') ? 'MM-DD HH:mm' : 'YYYY-MM-DD HH:mm');
}

/** Opening a notification: it is read, and its object's page opens (when it names one of ours). */
export function useOpenNotification(after?: () => void) {
  const navigate = useNavigate();
  const markRead = useMarkRead();
  return (n: InboxItem) => {
    if (!n.readAt) markRead.mutate(n);
    after?.();
    const path = consolePath(n.link);
    if (path) void navigate(path);
  };
}

/**
 * One notification in the bell's drop-down or the inbox: unread ones bold on a tinted row with a
 * dot, alarms (incident.*) in red; `full` shows its body whole, its category and the full time.
 */
export function NotificationItem({
  n,
  full,
  onOpen,
}: {
  n: InboxItem;
  full?: boolean;
  onOpen: (n: InboxItem) => void;
}) {
  const t = useT();
  const unread = !n.readAt;
  const family = familyOf(n.kind);
  const cls = [styles.item, unread ? styles.unread : '', n.alarm ? styles.alarm : ''].join(' ');
  return (
    <div
      role="button"
      tabIndex={0}
      className={cls}
      data-testid="notification-item"
      data-id={n.id}
      data-unread={unread}
      data-alarm={n.alarm}
      onClick={() => onOpen(n)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(n);
        }
      }}
    >
      <span className={styles.dot} aria-label={unread ? t('notifications.unreadMark') : undefined} />
      <div className={styles.main}>
        <span className={styles.title}>
          {full && (
            <Tag color={n.alarm ? 'red' : 'default'} bordered={!n.alarm}>
              {t(familyLabel(family))}
            </Tag>
          )}
          {!full && n.alarm && <Tag color="red">{t('notifications.alarmMark')}</Tag>}
          {n.title}
        </span>
        {n.body && (
          <Typography.Text type="secondary" className={styles.body}>
            {n.body}
          </Typography.Text>
        )}
      </div>
      <Typography.Text type="secondary" className={styles.time} title={formatDateTime(n.createdAt)}>
        {full ? formatDateTime(n.createdAt) : shortTime(n.createdAt)}
      </Typography.Text>
    </div>
  );
}
