import type { Me } from '../api/types';
import { alarmRights, watchesAlarms } from '../alarms/types';
import { useOpenIncidents } from '../alarms/useAlarms';
import { Icon, type IconName } from '../components/Icon';
import { TopBar } from '../components/TopBar';
import { useI18n, type MessageKey } from '../i18n/I18nProvider';
import { useInbox } from '../inbox/useInbox';
import { loadDraft } from '../requests/draftStore';
import { hasContent } from '../requests/draft';
import { useMyRequests } from '../requests/useRequests';
import { go } from '../router';
import { useLogout } from '../session/useSession';
import type { OutboxItem } from '../sos/outbox';
import { useCurrentSos } from '../sos/useSos';
import { completionOf, queued } from '../tasks/outbox';
import { useTaskOutbox } from '../tasks/sender';
import { useTasksToday } from '../tasks/useTasks';
import { rowStatus } from '../tasks/view';

interface Tile {
  key: string;
  icon: IconName;
  label: MessageKey;
  onTap: () => void;
}

export function HomeScreen({ me }: { me: Me }) {
  const { t } = useI18n();
  const logout = useLogout();
  const sos = useCurrentSos();

  const mine = useMyRequests();
  const toRate = mine.data?.items.filter((r) => r.canRate).length ?? 0;
  const unread = useInbox().data?.unread ?? 0;
  const watcher = watchesAlarms(alarmRights(me.permissions));

  // Modules add their tiles here as they arrive on the phone.
  const tiles: Tile[] = [
    { key: 'inbox', icon: 'bell', label: 'home.inbox', onTap: () => go('inbox') },
    { key: 'requests', icon: 'list', label: 'home.requests', onTap: () => go('requests') },
    { key: 'profile', icon: 'user', label: 'home.profile', onTap: () => go('profile') },
    { key: 'password', icon: 'key', label: 'home.password', onTap: () => go('password') },
    { key: 'logout', icon: 'logout', label: 'home.logout', onTap: () => void logout() },
  ];

  return (
    <div className="screen">
      <TopBar title={t('app.name')} />
      <main className="content">
        <section className="card greeting">
          <p className="greeting-hello">{t('home.hello', { name: me.displayName })}</p>
          <p className="greeting-org">{me.orgName}</p>
        </section>
        {watcher && <AlarmsEntry />}
        <SosEntry item={sos} />
        <TasksEntry me={me} />
        <ReportEntry userId={me.id} />
        <nav className="tiles">
          {tiles.map((tile) => (
            <button
              key={tile.key}
              type="button"
              className="tile"
              data-testid={`tile-${tile.key}`}
              onClick={tile.onTap}
            >
              <Icon name={tile.icon} />
              <span>{t(tile.label)}</span>
              {tile.key === 'inbox' && unread > 0 && (
                <span className="badge tile-badge" data-testid="inbox-unread">
                  {t('home.inboxUnread', { n: unread })}
                </span>
              )}
              {tile.key === 'requests' && toRate > 0 && (
                <span className="badge tile-badge">{t('home.requestsToRate', { n: toRate })}</span>
              )}
            </button>
          ))}
        </nav>
      </main>
    </div>
  );
}

/** 警情, first for a guard, the grid centre or the police: the open alarms where they hold roles. */
function AlarmsEntry() {
  const { t } = useI18n();
  const open = useOpenIncidents(true).data?.items.length ?? 0;
  return (
    <button
      type="button"
      className="alarms-entry"
      data-testid="tile-alarms"
      data-open={open}
      onClick={() => go('alarms')}
    >
      <Icon name="alert" size={34} />
      <span className="report-entry-text">
        <span className="tasks-entry-title">{t('home.alarms')}</span>
        <span className="tasks-entry-sub">
          {open > 0 ? t('home.alarmsOpen', { n: open }) : t('home.alarmsHint')}
        </span>
      </span>
      <Icon name="chevron" size={22} />
    </button>
  );
}

/** The way to the SOS page, first on the page; it tells how an alarm under way is going. */
function SosEntry({ item }: { item: OutboxItem | null }) {
  const { t } = useI18n();
  const sub: MessageKey = !item
    ? 'home.sosHint'
    : item.state === 'pending'
      ? 'home.sosPending'
      : item.state === 'sent'
        ? 'home.sosSent'
        : 'home.sosFailed';
  return (
    <button
      type="button"
      className={item ? `sos-entry sos-entry-${item.state}` : 'sos-entry'}
      data-testid="sos-entry"
      onClick={() => go('sos')}
    >
      <Icon name="siren" size={40} />
      <span className="sos-entry-text">
        <span className="sos-entry-title">{t('home.sos')}</span>
        <span className="sos-entry-sub">{t(sub)}</span>
      </span>
    </button>
  );
}

/** 我要报事, beside the SOS: repairs, complaints and requests for help (接诉即办). */
function ReportEntry({ userId }: { userId: string }) {
  const { t } = useI18n();
  const draft = loadDraft(userId);
  const pending = draft !== null && hasContent(draft);
  return (
    <button
      type="button"
      className="report-entry"
      data-testid="report-entry"
      onClick={() => go({ name: 'report', placeId: null })}
    >
      <Icon name="report" size={36} />
      <span className="report-entry-text">
        <span className="report-entry-title">{t('home.report')}</span>
        <span className="report-entry-sub">{pending ? t('home.reportDraft') : t('home.reportHint')}</span>
      </span>
    </button>
  );
}

/**
 * 今日任务, for those who do grid work: the list is asked for only when the session says the
 * account may do tasks (task.do, by role or grid position), so a student without a grid never
 * meets a refusal; the entry stays while checklists of this account still wait to be sent.
 */
function TasksEntry({ me }: { me: Me }) {
  const { t } = useI18n();
  const mayDo = me.permissions.includes('task.do');
  const today = useTasksToday({ id: me.id, displayName: me.displayName }, mayDo);
  const outbox = useTaskOutbox();
  const waiting = queued(outbox, me.id).length;
  const items = mayDo ? (today.data?.items ?? []) : [];
  if (!mayDo && waiting === 0) return null;
  if (me.grids.length === 0 && items.length === 0 && waiting === 0) return null;
  // Still to do: open on the server, and not already done on this phone.
  const open = items.filter((i) => {
    const status = rowStatus(i, completionOf(outbox, me.id, i.id));
    return status === 'open' || status === 'overdue';
  }).length;
  return (
    <button
      type="button"
      className="tasks-entry"
      data-testid="tile-tasks"
      data-open={open}
      onClick={() => go('tasks')}
    >
      <Icon name="tasks" size={34} />
      <span className="report-entry-text">
        <span className="tasks-entry-title">{t('home.tasks')}</span>
        <span className="tasks-entry-sub">
          {open > 0 ? t('home.tasksOpen', { n: open }) : t('home.tasksHint')}
          {waiting > 0 && <span className="badge">{t('home.tasksQueued', { n: waiting })}</span>}
        </span>
      </span>
      <Icon name="chevron" size={22} />
    </button>
  );
}
