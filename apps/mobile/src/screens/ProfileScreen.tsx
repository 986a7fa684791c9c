import type { Me } from '../api/types';
import { TopBar } from '../components/TopBar';
import { useI18n } from '../i18n/I18nProvider';

export function ProfileScreen({ me }: { me: Me }) {
  const { t } = useI18n();
  const rows: [string, string][] = [
    [t('profile.name'), me.displayName],
    [t('profile.username'), me.username],
    [t('profile.org'), me.orgName],
  ];
  return (
    <div className="screen">
      <TopBar title={t('home.profile')} back />
      <main className="content">
        <dl className="card rows">
          {rows.map(([label, value]) => (
            <div key={label} className="row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <h2 className="section-title">{t('profile.roles')}</h2>
        {me.memberships.length === 0 ? (
          <p className="hint">{t('profile.noRoles')}</p>
        ) : (
          <ul className="card rows">
            {me.memberships.map((m) => (
              <li key={`${m.orgId}:${m.role}`} className="row">
                <span className="tag">{t(`role.${m.role}`)}</span>
                <span>{m.orgName}</span>
              </li>
            ))}
          </ul>
        )}
      </main>
    </div>
  );
}
