import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Card,
  DatePicker,
  Flex,
  Segmented,
  Spin,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import { ListToolbar } from '../../components/ListToolbar';
import shared from '../../components/page.module.css';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { getRates } from './api';
import styles from './requests.module.css';
import { RATE_GROUPS, type RateRow, type RatesGroup } from './types';

const RatesChart = lazy(() => import('./RatesChart'));

const DATE = 'YYYY-MM-DD';
const RATE_KEYS = ['response', 'resolution', 'satisfaction'] as const;
type RateKey = (typeof RATE_KEYS)[number];

function percent(v: number | null): string {
  return v === null ? EMPTY : `${(v * 100).toFixed(1)}%`;
}

/** A rate in percent, red under 60 %, amber under 80 %. */
function RateCell({ value, rate }: { value: number | null; rate: RateKey }) {
  const type = value === null ? 'secondary' : value < 0.6 ? 'danger' : value < 0.8 ? 'warning' : undefined;
  return (
    <Typography.Text type={type} data-testid={`rate-${rate}`} data-value={value ?? ''}>
      {percent(value)}
    </Typography.Text>
  );
}

/** The composite score, or 无数据 where nothing fell due (such rows are not ranked). */
function ScoreCell({ value }: { value: number | null }) {
  const t = useT();
  if (value !== null)
    return (
      <Typography.Text strong data-testid="rate-score" data-value={value}>
        {value.toFixed(1)}
      </Typography.Text>
    );
  return (
    <Tooltip title={t('requests.rates.noDataHint')}>
      <Typography.Text type="secondary" data-testid="rate-score" data-value="">
        {t('requests.rates.noData')}
      </Typography.Text>
    </Tooltip>
  );
}

/** The period in the address (?from=…&to=…), this month by default. */
function usePeriod() {
  const [params, setParams] = useSearchParams();
  const valid = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  const from = valid(params.get('from')) ?? dayjs().startOf('month').format(DATE);
  const to = valid(params.get('to')) ?? dayjs().format(DATE);
  const by = params.get('by');
  const groupBy: RatesGroup = RATE_GROUPS.find((g) => g === by) ?? 'unit';
  const set = (patch: Record<string, string | undefined>) =>
    setParams(
      () => {
        // the address as it is now (the router's copy may miss a change made since its render)
        const next = new URLSearchParams(window.location.search);
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        return next;
      },
      { replace: true },
    );
  return { from, to, groupBy, set };
}

/**
 * 三率考核: 响应率, 解决率, 满意率 and the weighted score by unit, grid, month or category over a
 * period (this month by default), with the total and the weights used, and a bar chart of the
 * three rates per row.
 */
export function RatesPage() {
  const t = useT();
  const [schoolId, setSchool, schools] = useSchool();
  const { from, to, groupBy, set } = usePeriod();
  // Schools side by side: every school the user sees, not the one picked.
  const school = groupBy === 'school' ? undefined : schoolId;
  const rates = useQuery({
    queryKey: [...queryKeys.requests, 'rates', school, groupBy, from, to],
    queryFn: () => getRates({ schoolId: school, groupBy, from, to }),
    placeholderData: keepPreviousData,
  });
  // In the server's order: months in theirs, anything else ranked best first, 无数据 rows after.
  const rows = useMemo(() => rates.data?.rows ?? [], [rates.data]);
  const total = rates.data?.total;
  const weights = rates.data?.weights;
  const groups = RATE_GROUPS.filter((g) => g !== 'school' || schools.length > 1);

  const names = useMemo(
    () => ({
      response: t('requests.rates.response'),
      resolution: t('requests.rates.resolution'),
      satisfaction: t('requests.rates.satisfaction'),
    }),
    [t],
  );

  const numeric = (key: 'received' | 'open' | 'overdue'): TableColumnsType<RateRow>[number] => ({
    title: t(`requests.rates.${key}`),
    dataIndex: key,
    width: 90,
    align: 'right',
    sorter: (a, b) => a[key] - b[key],
  });
  const rateColumn = (key: RateKey): TableColumnsType<RateRow>[number] => ({
    title: t(`requests.rates.${key}`),
    dataIndex: key,
    width: 110,
    align: 'right',
    sorter: (a, b) => (a[key] ?? -1) - (b[key] ?? -1),
    render: (v: number | null) => <RateCell value={v} rate={key} />,
  });
  const rankColumn: TableColumnsType<RateRow> =
    groupBy === 'month'
      ? []
      : [
          {
            title: t('requests.rates.rank'),
            dataIndex: 'rank',
            width: 80,
            align: 'center',
            render: (v: number | null | undefined) =>
              v ? (
                <span data-testid="rate-rank">{v}</span>
              ) : (
                <Tag data-testid="rate-rank">{t('requests.rates.noData')}</Tag>
              ),
          },
        ];
  const columns: TableColumnsType<RateRow> = [
    ...rankColumn,
    { title: t(`requests.rates.by.${groupBy}`), dataIndex: 'name', ellipsis: true },
    numeric('received'),
    numeric('open'),
    ...RATE_KEYS.map(rateColumn),
    numeric('overdue'),
    {
      title: t('requests.rates.score'),
      dataIndex: 'score',
      width: 100,
      align: 'right',
      sorter: (a, b) => (a.score ?? -1) - (b.score ?? -1),
      render: (v: number | null) => <ScoreCell value={v} />,
    },
  ];
  const lead = rankColumn.length;

  const presets: { label: string; value: [Dayjs, Dayjs] }[] = [
    { label: t('requests.rates.thisMonth'), value: [dayjs().startOf('month'), dayjs()] },
    {
      label: t('requests.rates.lastMonth'),
      value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')],
    },
    { label: t('requests.rates.last30'), value: [dayjs().subtract(29, 'day'), dayjs()] },
    { label: t('requests.rates.last90'), value: [dayjs().subtract(89, 'day'), dayjs()] },
    { label: t('requests.rates.thisYear'), value: [dayjs().startOf('year'), dayjs()] },
  ];

  const overdueOpen = rates.data?.overdueOpen;

  return (
    <Flex vertical gap={16} data-testid="rates-page">
      {overdueOpen !== undefined && (
        <Alert
          type={overdueOpen > 0 ? 'warning' : 'success'}
          showIcon
          data-testid="rates-overdue-open"
          data-count={overdueOpen}
          title={
            <Flex gap={12} align="baseline" wrap>
              <span>{t('requests.rates.overdueOpen')}</span>
              <Typography.Text strong className={styles.overdueCount}>
                {overdueOpen}
              </Typography.Text>
              <Typography.Text type="secondary">{t('requests.rates.overdueOpenHint')}</Typography.Text>
              {overdueOpen > 0 && (
                <Link to="/requests?open=true&overdue=true" data-testid="rates-overdue-open-link">
                  {t('requests.rates.overdueOpenList')}
                </Link>
              )}
            </Flex>
          }
        />
      )}
      <Card>
        <ListToolbar>
          {groupBy !== 'school' && <SchoolSelect value={schoolId} onChange={setSchool} schools={schools} />}
          <Segmented<RatesGroup>
            value={groupBy}
            onChange={(g) => set({ by: g === 'unit' ? undefined : g })}
            options={groups.map((g) => ({ value: g, label: t(`requests.rates.by.${g}`) }))}
            data-testid="rates-group"
          />
          <DatePicker.RangePicker
            allowClear={false}
            value={[dayjs(from), dayjs(to)]}
            presets={presets}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(dates) => {
              if (dates?.[0] && dates[1]) set({ from: dates[0].format(DATE), to: dates[1].format(DATE) });
            }}
            data-testid="rates-range"
          />
        </ListToolbar>
        {weights && (
          <Flex wrap gap={4} align="center" className={styles.weights} data-testid="rates-weights">
            <Typography.Text type="secondary">{t('requests.rates.weights')}</Typography.Text>
            {RATE_KEYS.map((k) => (
              <Tag key={k}>
                {names[k]} {weights[k]}
              </Tag>
            ))}
            <Typography.Text type="secondary">{t('requests.rates.weightsHint')}</Typography.Text>
          </Flex>
        )}
        {!!rates.error && <Alert type="error" showIcon title={errorMessage(rates.error, t)} />}
        <div data-testid="rates-table">
          <Table<RateRow>
            rowKey="key"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={rates.isFetching}
            pagination={false}
            scroll={{ x: 900 }}
            summary={() =>
              total && rows.length > 0 ? (
                <Table.Summary fixed>
                  <Table.Summary.Row className={shared.totalRow} data-row-key="total">
                    {lead > 0 && <Table.Summary.Cell index={0} />}
                    <Table.Summary.Cell index={lead}>{t('requests.rates.total')}</Table.Summary.Cell>
                    <Table.Summary.Cell index={lead + 1} align="right">
                      {total.received}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={lead + 2} align="right">
                      {total.open}
                    </Table.Summary.Cell>
                    {RATE_KEYS.map((k, i) => (
                      <Table.Summary.Cell key={k} index={lead + 3 + i} align="right">
                        <RateCell value={total[k]} rate={k} />
                      </Table.Summary.Cell>
                    ))}
                    <Table.Summary.Cell index={lead + 6} align="right">
                      {total.overdue}
                    </Table.Summary.Cell>
                    <Table.Summary.Cell index={lead + 7} align="right">
                      <ScoreCell value={total.score} />
                    </Table.Summary.Cell>
                  </Table.Summary.Row>
                </Table.Summary>
              ) : null
            }
          />
        </div>
        <Typography.Paragraph type="secondary" className={styles.ratesNote}>
          {t('requests.rates.note')}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" className={styles.ratesNote}>
          {t('requests.rates.scoreNote')}
        </Typography.Paragraph>
      </Card>
      {rows.length > 0 && (
        <Card size="small" title={t('requests.rates.chart')}>
          <Suspense
            fallback={
              <div className={styles.chartLoading}>
                <Spin />
              </div>
            }
          >
            <RatesChart rows={rows} names={names} noData={EMPTY} />
          </Suspense>
        </Card>
      )}
    </Flex>
  );
}
