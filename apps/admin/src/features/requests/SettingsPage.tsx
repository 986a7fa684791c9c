import { Card, Empty, Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { ListToolbar } from '../../components/ListToolbar';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
import { CalendarTab } from './CalendarTab';
import { CategoriesTab } from './CategoriesTab';
import { Open311Tab } from './Open311Tab';
import { QrTab } from './QrTab';
import { RoutesTab } from './RoutesTab';

const TABS = ['categories', 'routes', 'calendar', 'open311', 'qr'] as const;
type Tab = (typeof TABS)[number];

/**
 * 诉求配置, the catalogue of a school: categories with their deadlines and questions, the routing
 * rules (派单目录), the working calendar and score weights, Open311 clients, and the QR sheets to
 * print per building. The tab is kept in the address (?tab=routes).
 */
export function SettingsPage() {
  const t = useT();
  const [schoolId, setSchool, schools] = useSchool();
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = TABS.find((x) => x === asked) ?? 'categories';

  if (!schoolId)
    return (
      <Card>
        <Empty description={t('requests.settings.noSchool')} />
      </Card>
    );

  const body: Record<Tab, ReactNode> = {
    categories: <CategoriesTab schoolId={schoolId} />,
    routes: <RoutesTab schoolId={schoolId} />,
    calendar: <CalendarTab schoolId={schoolId} />,
    open311: <Open311Tab schoolId={schoolId} />,
    qr: <QrTab schoolId={schoolId} />,
  };
  return (
    <Card>
      {schools.length > 1 && (
        <ListToolbar>
          <SchoolSelect value={schoolId} onChange={setSchool} schools={schools} />
        </ListToolbar>
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'categories' ? {} : { tab: key }, { replace: true })}
        destroyOnHidden
        items={TABS.map((key) => ({
          key,
          label: t(`requests.settings.tab.${key}`),
          children: <div key={schoolId}>{body[key]}</div>,
        }))}
      />
    </Card>
  );
}
