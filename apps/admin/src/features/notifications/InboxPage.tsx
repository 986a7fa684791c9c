import { App, Button, Card, Empty, Flex, Segmented, Spin, Typography } from 'antd';
import dayjs from 'dayjs';
import { DateRangeFilter, ResetFilters, SelectFilter } from '../../components/ListFilters';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { isoDate, oneOf, useUrlFilters } from '../../lib/urlFilters';
import pageStyles from '../../components/page.module.css';
import { useInbox, useMarkAllRead, useUnreadCount, type InboxQuery } from './api';
import { FAMILIES, familyLabel } from './kinds';
import { NotificationItem, useOpenNotification } from './NotificationItem';
import styles from './notifications.module.css';

const FILTERS = ['unread', 'kind', 'from', 'to'] as const;

/**
 * 消息通知: the user's own notifications, newest first, read a page at a time; 全部/未读, a
 * category and days; opening one marks it read and opens its object.
 */
export function InboxPage() {
  const t = useT();
  const { message } = App.useApp();
  const { params, filter, clear, filtered } = useUrlFilters(FILTERS);
  const unreadOnly = params.get('unread') === 'true';
  const family = oneOf(FAMILIES, params.get('kind'));
  const from = isoDate(params.get('from'));
  const to = isoDate(params.get('to'));
  const query: InboxQuery = {
    unread: unreadOnly ? 'true' : undefined,
    kind: family,
    // days of the user's own calendar: from its first instant to the end of the last day
    from: from ? dayjs(from).startOf('day').toISOString() : undefined,
    to: to ? dayjs(to).add(1, 'day').startOf('day').toISOString() : undefined,
  };
  const inbox = useInbox(query);
  const count = useUnreadCount();
  const markAll = useMarkAllRead();
  const open = useOpenNotification();
  const items = inbox.data?.pages.flatMap((p) => p.items) ?? [];

  const readAll = () =>
    markAll.mutate(
      { kind: family, before: items[0]?.createdAt },
      {
        onSuccess: (r) =>
          void message.success(
            r.marked ? t('notifications.readAllDone', { n: r.marked }) : t('notifications.readAllNone'),
          ),
        onError: (e) => void message.error(errorMessage(e, t)),
      },
    );

  return (
    <Card
      title={t('notifications.title')}
      extra={
        <Typography.Text type={count.data?.unreadAlarms ? 'danger' : 'secondary'} data-testid="inbox-summary">
          {t('notifications.summary', {
            unread: count.data?.unread ?? 0,
            alarms: count.data?.unreadAlarms ?? 0,
          })}
        </Typography.Text>
      }
    >
      <Flex gap={12} wrap align="center" className={pageStyles.toolbar}>
        <Segmented
          value={unreadOnly ? 'unread' : 'all'}
          options={[
            { value: 'all', label: t('notifications.all') },
            { value: 'unread', label: t('notifications.unread') },
          ]}
          onChange={(v) => filter({ unread: v === 'unread' ? 'true' : undefined })}
        />
        <SelectFilter
          value={family}
          label={t('notifications.family')}
          placeholder={t('notifications.allFamilies')}
          width={140}
          options={FAMILIES.map((f) => ({ value: f, label: t(familyLabel(f)) }))}
          onChange={(v) => filter({ kind: v })}
        />
        <DateRangeFilter
          from={from}
          to={to}
          label={t('notifications.range')}
          placeholder={[t('notifications.rangeFrom'), t('notifications.rangeTo')]}
          onChange={(r) => filter(r)}
        />
        <ResetFilters filtered={filtered} onClear={clear} />
        <div className={pageStyles.grow} />
        <Button disabled={!count.data?.unread} loading={markAll.isPending} onClick={readAll}>
          {family ? t('notifications.readAllOfFamily') : t('notifications.readAll')}
        </Button>
      </Flex>
      {inbox.isPending ? (
        <Flex justify="center" className={styles.more}>
          <Spin />
        </Flex>
      ) : inbox.isError ? (
        <Empty description={errorMessage(inbox.error, t)} />
      ) : items.length === 0 ? (
        <Empty description={unreadOnly ? t('notifications.noneUnread') : t('notifications.none')} />
      ) : (
        <div className={styles.pageList} data-testid="inbox-list">
          {items.map((n) => (
            <NotificationItem key={n.id} n={n} full onOpen={open} />
          ))}
          <div className={styles.more}>
            {inbox.hasNextPage ? (
              <Button loading={inbox.isFetchingNextPage} onClick={() => void inbox.fetchNextPage()}>
                {t('notifications.loadMore')}
              </Button>
            ) : (
              <Typography.Text type="secondary">{t('notifications.end')}</Typography.Text>
            )}
          </div>
        </div>
      )}
    </Card>
  );
}
