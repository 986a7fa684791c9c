import type { Me } from '../api/types';
import { Icon, type IconName } from '../components/Icon';
import { TopBar } from '../components/TopBar';
import { useI18n, type MessageKey } from '../i18n/I18nProvider';
import { go } from '../router';
import { useLogout } from '../session/useSession';

interface Tile {
  key: string;
  icon: IconName;
  label: MessageKey;
  onTap: () => void;
}

export function HomeScreen({ me }: { me: Me }) {
  const { t } = useI18n();
  const logout = useLogout();

  // Modules add their tiles here as they arrive on the phone.
  const tiles: Tile[] = [
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
        <nav className="tiles">
          {tiles.map((tile) => (
            <button key={tile.key} type="button" className="tile" onClick={tile.onTap}>
              <Icon name={tile.icon} />
              <span>{t(tile.label)}</span>
            </button>
          ))}
        </nav>
      </main>
    </div>
  );
}
