import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { queryKeys } from '../../api/keys';
import type { ImportJob } from '../../api/types';
import { errorMessage, useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { downloadProblems, listImports, type ImportHistoryItem, type ImportKind } from './api';
import styles from './imports.module.css';

const STATUS_COLOR: Record<ImportJob['status'], string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
};

/** Recent checks and imports of the school, newest first; one can be opened again. */
export function ImportHistory({
  schoolId,
  kinds,
  onOpen,
}: {
  schoolId: string | undefined;
  kinds: ImportKind[];
  onOpen: (item: ImportHistoryItem) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const list = useQuery({
    queryKey: [...queryKeys.imports, 'list', schoolId],
    queryFn: () => listImports(schoolId!),
    enabled: !!schoolId,
    // Running jobs move on without this page doing anything: look again now and then.
    refetchInterval: (q) =>
      q.state.data?.some((i) => i.status === 'queued' || i.status === 'running') ? 2000 : false,
  });
  const titles = new Map(kinds.map((k) => [k.kind, lang === 'en-US' ? k.title.en : k.title.zh]));

  const columns: TableColumnsType<ImportHistoryItem> = [
    {
      title: t('imports.history.at'),
      dataIndex: 'createdAt',
      width: 170,
      render: (at: string) => formatDateTime(at),
    },
    {
      title: t('imports.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (kind: string) => titles.get(kind) ?? kind,
    },
    {
      title: t('imports.history.file'),
      dataIndex: 'fileName',
      width: 220,
      ellipsis: true,
    },
    {
      title: t('imports.history.mode'),
      dataIndex: 'mode',
      width: 90,
      render: (mode: ImportJob['mode']) => (
        <Tag color={mode === 'apply' ? 'blue' : 'default'}>{t(`imports.mode.${mode}`)}</Tag>
      ),
    },
    {
      title: t('common.status'),
      dataIndex: 'status',
      width: 90,
      render: (status: ImportJob['status']) => (
        <Tag color={STATUS_COLOR[status]}>{t(`imports.status.${status}`)}</Tag>
      ),
    },
    {
      title: t('imports.history.result'),
      key: 'result',
      render: (_, i) =>
        i.failure ? (
          <Typography.Text type="danger">{lang === 'en-US' ? i.failure.en : i.failure.zh}</Typography.Text>
        ) : i.summary ? (
          t('imports.history.summary', {
            rows: i.summary.rows,
            create: i.summary.create,
            update: i.summary.update,
            unchanged: i.summary.unchanged,
            invalid: i.summary.invalid,
          })
        ) : (
          <Typography.Text type="secondary">{t('imports.history.pending')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, i) => (
        <Space size={0}>
          <Button type="link" size="small" icon={<EyeOutlined />} onClick={() => onOpen(i)}>
            {t('imports.history.open')}
          </Button>
          {i.problemCount > 0 && (
            <Button
              type="link"
              size="small"
              icon={<DownloadOutlined />}
              onClick={() =>
                void downloadProblems(i.id).catch((err: unknown) => void message.error(errorMessage(err, t)))
              }
            >
              {t('imports.history.problems')}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('imports.history.title')}>
      {list.error && (
        <Alert type="error" showIcon title={errorMessage(list.error, t)} className={styles.gap} />
      )}
      <Table<ImportHistoryItem>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.data}
        loading={list.isLoading}
        scroll={{ x: 1000 }}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('imports.history.empty')} />,
        }}
        pagination={{ defaultPageSize: 10, hideOnSinglePage: true }}
      />
    </Card>
  );
}
