import { useState } from 'react';
import { TopBar } from '../components/TopBar';
import { errorMessage, useI18n } from '../i18n/I18nProvider';
import { phoneTarget, useInbox, useMarkRead, type Notification } from '../inbox/useInbox';
import { formatChinaTime } from '../requests/format';
import { go } from '../router';

/**
 * 消息: the user's notifications, unread ones marked. Opening one marks it read and goes to its
 * object where the phone has a page for it (an alarm, a task, a request), else shows its text.
 */
export function InboxScreen() {
  const { t } = useI18n();
  const inbox = useInbox();
  const items = inbox.data?.items ?? [];
  return (
    <div className="screen">
      <TopBar title={t('inbox.title')} back />
      <main className="content inbox" data-testid="inbox" data-unread={inbox.data?.unread ?? ''}>
        {inbox.isPending && <p className="hint">{t('inbox.loading')}</p>}
        {inbox.isError && <p className="error">{errorMessage(inbox.error, t)}</p>}
        {inbox.data && items.length === 0 && <p className="empty card">{t('inbox.empty')}</p>}
        <ul className="inbox-list">
          {items.map((n) => (
            <li key={n.id}>
              <InboxItem item={n} />
            </li>
          ))}
        </ul>
      </main>
    </div>
  );
}

function InboxItem({ item }: { item: Notification }) {
  const { t, lang } = useI18n();
  const markRead = useMarkRead();
  const [expanded, setExpanded] = useState(false);
  const target = phoneTarget(item.link);
  const unread = item.readAt === null;

  const open = () => {
    if (unread) markRead.mutate(item.id);
    if (!target) return setExpanded(!expanded);
    if ('hash' in target) location.hash = target.hash;
    else go(target);
  };

  return (
    <button
      type="button"
      className={unread ? 'inbox-item unread' : 'inbox-item'}
      data-testid="inbox-item"
      data-id={item.id}
      data-read={unread ? 'false' : 'true'}
      aria-expanded={target ? undefined : expanded}
      onClick={open}
    >
      <span className="inbox-item-head">
        {unread && <span className="inbox-dot" aria-label={t('inbox.unread')} />}
        <span className="inbox-item-title">{item.title}</span>
      </span>
      <span className="inbox-item-time">{formatChinaTime(item.createdAt, lang)}</span>
      <span className={expanded ? 'inbox-item-body' : 'inbox-item-body clipped'}>{item.body}</span>
      {target && <span className="inbox-item-link">{t('inbox.open')}</span>}
    </button>
  );
}
