import { Alert, Card, Col, Flex, Row, Statistic, Table, Typography, type TableColumnsType } from 'antd';
import { useMemo } from 'react';
import type { ImportJob } from '../../api/types';
import { ExportButton } from '../../components/ExportButton';
import { useI18n } from '../../i18n/I18nProvider';
import { downloadProblems, type ImportProblem, type ImportSummary } from './api';
import styles from './imports.module.css';

type KeyedProblem = ImportProblem & { key: number };

/** The four counts of a check or an import, as cards. */
export function SummaryCards({ summary }: { summary: ImportSummary }) {
  const { t } = useI18n();
  const cards = [
    { key: 'create', title: t('imports.sum.create'), value: summary.create, color: '#389e0d' },
    { key: 'update', title: t('imports.sum.update'), value: summary.update, color: '#1677ff' },
    { key: 'unchanged', title: t('imports.sum.unchanged'), value: summary.unchanged, color: '#8c8c8c' },
    {
      key: 'invalid',
      title: t('imports.sum.invalid'),
      value: summary.invalid,
      color: summary.invalid ? '#cf1322' : '#8c8c8c',
    },
  ];
  return (
    <Row gutter={[12, 12]}>
      {cards.map((c) => (
        <Col key={c.key} xs={12} md={6}>
          <Card size="small" data-testid={`import-sum-${c.key}`}>
            <Statistic
              title={c.title}
              value={c.value}
              suffix={t('imports.rowUnit')}
              styles={{ content: { color: c.color } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** Row-by-row problems, paged, with the download of the full list as a sheet. */
export function ProblemsTable({ job }: { job: ImportJob }) {
  const { t, lang } = useI18n();
  const problems = useMemo(() => (job.problems ?? []).map((p, i) => ({ ...p, key: i })), [job.problems]);
  if (job.problemCount === 0) return null;

  const columns: TableColumnsType<KeyedProblem> = [
    { title: t('imports.problem.row'), dataIndex: 'row', width: 80 },
    { title: t('imports.problem.column'), dataIndex: 'column', width: 140 },
    {
      title: t('imports.problem.value'),
      dataIndex: 'value',
      width: 200,
      render: (v: string) =>
        v ? (
          <code className={styles.cell}>{v}</code>
        ) : (
          <Typography.Text type="secondary">{t('imports.problem.blank')}</Typography.Text>
        ),
    },
    {
      title: t('imports.problem.reason'),
      key: 'reason',
      render: (_, p) => (lang === 'en-US' ? p.reason.en : p.reason.zh),
    },
  ];

  return (
    <div className={styles.problems}>
      <Flex justify="space-between" align="center" wrap gap={8} className={styles.problemsHead}>
        <Typography.Title level={5} className={styles.noMargin}>
          {t('imports.problemsTitle', { n: job.problemCount })}
        </Typography.Title>
        <ExportButton onExport={() => downloadProblems(job.id)}>{t('imports.downloadProblems')}</ExportButton>
      </Flex>
      {job.problemCount > problems.length && (
        <Alert
          type="warning"
          showIcon
          className={styles.gap}
          title={t('imports.problemsTruncated', { shown: problems.length, n: job.problemCount })}
        />
      )}
      <Table<KeyedProblem>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={problems}
        pagination={{
          defaultPageSize: 10,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
        }}
      />
    </div>
  );
}
