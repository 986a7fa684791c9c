import {
  DownOutlined,
  KeyOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Dropdown, Flex, Layout, Menu, Spin, Tag, Typography, type MenuProps } from 'antd';
import { Suspense, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { AlarmSoundControl } from '../features/alarms/AlarmSoundControl';
import { AlarmWatch } from '../features/alarms/AlarmWatch';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal';
import { useLogout } from '../features/auth/useLogout';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { useT } from '../i18n/I18nProvider';
import { useCanAny, useCurrentUser } from '../session/CurrentUser';
import styles from './AppLayout.module.css';
import { ConnectionIndicator } from './ConnectionIndicator';
import { FEATURES } from './menu';

/** The registry entry whose path is the longest prefix of the current address. */
function activeKey(pathname: string): string | undefined {
  const matches = FEATURES.filter((f) => (f.path === '/' ? pathname === '/' : pathname.startsWith(f.path)));
  return matches.sort((a, b) => b.path.length - a.path.length)[0]?.key;
}

function UserMenu({ onChangePassword }: { onChangePassword: () => void }) {
  const t = useT();
  const me = useCurrentUser();
  const logout = useLogout();
  const roles = [...new Set(me.memberships.map((m) => m.role))];
  const items: MenuProps['items'] = [
    { key: 'password', icon: <KeyOutlined />, label: t('header.changePassword'), onClick: onChangePassword },
    { type: 'divider' },
    { key: 'logout', icon: <LogoutOutlined />, label: t('header.logout'), onClick: () => void logout() },
  ];
  return (
    <Flex align="center" gap={8}>
      <Flex gap={4} wrap className={styles.roles}>
        {roles.map((role) => (
          <Tag key={role} color="blue">
            {t(`role.${role}`)}
          </Tag>
        ))}
      </Flex>
      <Dropdown menu={{ items }} trigger={['click']}>
        <a className={styles.user} onClick={(e) => e.preventDefault()}>
          <UserOutlined /> {me.displayName} <DownOutlined />
        </a>
      </Dropdown>
    </Flex>
  );
}

export function AppLayout() {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [changingPassword, setChangingPassword] = useState(false);

  const canAny = useCanAny();
  const menuItems: MenuProps['items'] = [];
  const groups = new Map<string, NonNullable<MenuProps['items']>>();
  for (const f of FEATURES.filter((x) => canAny(x.permission))) {
    const item = { key: f.key, icon: f.icon, label: t(f.label), onClick: () => void navigate(f.path) };
    if (!f.group) {
      menuItems.push(item);
      continue;
    }
    let children = groups.get(f.group);
    if (!children) {
      children = [];
      groups.set(f.group, children);
      menuItems.push({ key: f.group, type: 'group', label: t(f.group), children });
    }
    children.push(item);
  }
  const selected = activeKey(location.pathname);

  return (
    <Layout className={styles.root}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        width={220}
        theme="dark"
        className={styles.sider}
      >
        <Flex align="center" gap={8} className={styles.brand}>
          <SafetyCertificateOutlined className={styles.logo} />
          {!collapsed && <span className={styles.brandName}>{t('app.shortName')}</span>}
        </Flex>
        <Menu theme="dark" mode="inline" items={menuItems} selectedKeys={selected ? [selected] : []} />
      </Layout.Sider>
      <Layout>
        <Layout.Header className={styles.header}>
          <Typography.Text strong className={styles.title}>
            {t('app.title')}
          </Typography.Text>
          <Flex align="center" gap={16}>
            <AlarmSoundControl />
            <NotificationBell />
            <ConnectionIndicator />
            <LanguageSwitch />
            <UserMenu onChangePassword={() => setChangingPassword(true)} />
          </Flex>
        </Layout.Header>
        <Layout.Content className={styles.content}>
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      {canAny('alarm.read') && <AlarmWatch />}
      {changingPassword && <ChangePasswordModal forced={false} onClose={() => setChangingPassword(false)} />}
    </Layout>
  );
}
