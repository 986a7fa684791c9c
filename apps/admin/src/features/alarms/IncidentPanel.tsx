import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/I18nProvider';
import styles from './alarms.module.css';
import { IncidentDetail } from './IncidentDetail';

/**
 * The column beside the map: the list of open incidents, or (one picked, or opened by its address
 * /incidents/<id>) that incident's detail, with the way back to the list.
 */
export function IncidentPanel({
  id,
  onBack,
  heading,
  children,
}: {
  id: string | undefined;
  onBack: () => void;
  heading: ReactNode;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <aside className={styles.panel}>
      {id ? (
        <>
          <Button type="link" icon={<ArrowLeftOutlined />} className={styles.back} onClick={onBack}>
            {t('incident.back')}
          </Button>
          <IncidentDetail key={id} id={id} />
        </>
      ) : (
        <>
          <div className={styles.panelHeading}>{heading}</div>
          {children}
        </>
      )}
    </aside>
  );
}
