import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Table, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import shared from '../../components/page.module.css';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { listReports } from './api';
import styles from './hazards.module.css';
import { useHazardRights, useSettings } from './hooks';
import { SettingsModal } from './SettingsModal';
import { GRADES, type SentReport } from './types';

/** What sits beside the monthly report (MonthlyPage.tsx): the school's rectification days, the reports sent. */

/** 整改时限 of the school, edited by the office. */
export function SettingsCard({ schoolId }: { schoolId: string }) {
  const t = useT();
  const rights = useHazardRights();
  const settings = useSettings(schoolId);
  const [editing, setEditing] = useState(false);
  const s = settings.data;
  return (
    <Card
      size="small"
      title={t('hazards.settings.title')}
      className={styles.figure}
      extra={
        rights.verify &&
        s && (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditing(true)}
            data-testid="hazard-settings-edit"
          >
            {t('common.edit')}
          </Button>
        )
      }
    >
      {!!settings.error && <Alert type="error" showIcon title={errorMessage(settings.error, t)} />}
      {s && (
        <Descriptions
          size="small"
          column={1}
          data-testid="hazard-settings"
          items={[
            ...GRADES.map((g) => ({
              key: g,
              label: t('hazards.settings.days', { grade: t(`hazards.grade.${g}`) }),
              children: t('hazards.settings.daysValue', { days: s.deadlines[g] }),
            })),
            {
              key: 'grace',
              label: t('hazards.settings.grace'),
              children: t('hazards.settings.daysValue', { days: s.graceDays }),
            },
          ]}
        />
      )}
      {editing && s && <SettingsModal settings={s} onClose={() => setEditing(false)} />}
    </Card>
  );
}

/** Reports sent: the school's own history, or for a supervisor every report received. */
export function SentReports({
  schoolId,
  received,
  onOpen,
}: {
  schoolId: string | undefined;
  received: boolean;
  onOpen: (r: SentReport) => void;
}) {
  const t = useT();
  const school = received ? undefined : schoolId;
  const reports = useQuery({
    queryKey: [...queryKeys.hazards, 'reports', school ?? null],
    queryFn: () => listReports(school),
  });
  const columns: TableColumnsType<SentReport> = [
    ...(received ? [{ title: t('hazards.col.school'), dataIndex: 'schoolName', ellipsis: true }] : []),
    { title: t('hazards.monthly.month'), dataIndex: 'month', width: 90 },
    {
      title: t('hazards.monthly.sentAt'),
      dataIndex: 'sentAt',
      width: 170,
      render: (v: string) => formatDateTime(v),
    },
    { title: t('hazards.monthly.sentBy'), dataIndex: 'sentByName', width: 150, ellipsis: true },
    {
      title: t('hazards.monthly.sentTo'),
      dataIndex: 'to',
      ellipsis: true,
      render: (to: string[]) => to.join(t('common.listSeparator')),
    },
  ];
  return (
    <Card
      size="small"
      title={t(received ? 'hazards.monthly.received' : 'hazards.monthly.history')}
      data-testid="monthly-reports"
    >
      {!!reports.error && <Alert type="error" showIcon title={errorMessage(reports.error, t)} />}
      <Table<SentReport>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={reports.data}
        loading={reports.isFetching}
        pagination={(reports.data?.length ?? 0) > 10 ? { pageSize: 10 } : false}
        rowClassName={shared.clickable}
        onRow={(r) => ({ onClick: () => onOpen(r) })}
        locale={{ emptyText: t('hazards.monthly.noReports') }}
      />
    </Card>
  );
}
