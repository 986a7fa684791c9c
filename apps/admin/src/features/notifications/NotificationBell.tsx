import { BellFilled, BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, Flex, Popover, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { useLatest, useMarkAllRead, useUnreadCount } from './api';
import { NotificationItem, useOpenNotification } from './NotificationItem';
import styles from './notifications.module.css';

/**
 * The header's bell: the unread count as a badge (red and filled while an alarm is unread), kept
 * live by the realtime feed; a click shows the newest few with 全部已读 and 查看全部.
 */
export function NotificationBell() {
  const t = useT();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const count = useUnreadCount();
  const latest = useLatest(open);
  const markAll = useMarkAllRead();
  const openOne = useOpenNotification(() => setOpen(false));
  const unread = count.data?.unread ?? 0;
  const alarms = count.data?.unreadAlarms ?? 0;
  const items = latest.data?.items ?? [];

  const readAll = () =>
    markAll.mutate(
      { before: items[0]?.createdAt },
      {
        onSuccess: (r) =>
          void message.success(
            r.marked ? t('notifications.readAllDone', { n: r.marked }) : t('notifications.readAllNone'),
          ),
        onError: (e) => void message.error(errorMessage(e, t)),
      },
    );

  const panel = (
    <div className={styles.panel} data-testid="notification-panel">
      <Flex justify="space-between" align="center" className={styles.panelHead}>
        <Typography.Text strong>{t('notifications.latest')}</Typography.Text>
        <Typography.Text type={alarms ? 'danger' : 'secondary'}>
          {t('notifications.bellUnread', { n: unread })}
          {alarms > 0 && ` · ${t('notifications.bellAlarms', { n: alarms })}`}
        </Typography.Text>
      </Flex>
      <div className={styles.list}>
        {latest.isPending ? (
          <Flex justify="center" className={styles.more}>
            <Spin />
          </Flex>
        ) : items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.none')} />
        ) : (
          items.map((n) => <NotificationItem key={n.id} n={n} onOpen={openOne} />)
        )}
      </div>
      <Flex justify="space-between" className={styles.panelFoot}>
        <Button type="link" size="small" disabled={!unread} loading={markAll.isPending} onClick={readAll}>
          {t('notifications.readAll')}
        </Button>
        <Button
          type="link"
          size="small"
          onClick={() => {
            setOpen(false);
            void navigate('/notifications');
          }}
        >
          {t('notifications.viewAll')}
        </Button>
      </Flex>
    </div>
  );

  const label = unread ? t('notifications.bellUnread', { n: unread }) : t('notifications.bell');
  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      arrow={false}
      open={open}
      onOpenChange={setOpen}
      content={panel}
    >
      <Badge count={unread} overflowCount={99} color={alarms ? '#cf1322' : undefined} size="small">
        <Button
          type="text"
          aria-label={label}
          data-testid="notification-bell"
          data-unread={unread}
          className={`${styles.bell} ${alarms ? styles.bellAlarm : ''}`}
          icon={alarms ? <BellFilled /> : <BellOutlined />}
        />
      </Badge>
    </Popover>
  );
}
