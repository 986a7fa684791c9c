import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import { RISK_DOMAINS, type RiskDomain } from '../../api/types';
import {
  DateRangeFilter,
  FlagFilter,
  ResetFilters,
  SearchFilter,
  SelectFilter,
} from '../../components/ListFilters';
import { ListToolbar } from '../../components/ListToolbar';
import shared from '../../components/page.module.css';
import { RecordTable, RowLink } from '../../components/RecordTable';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { isoDate, oneOf, useUrlFilters } from '../../lib/urlFilters';
import { exportUrl, listHazards } from './api';
import { HazardDetailPage } from './HazardDetailPage';
import { useHazardRights } from './hooks';
import { ReportHazardModal } from './ReportHazardModal';
import { Countdown, domainName, FlagTags, GradeTag, StatusTag, UnitCell, whereOf } from './tags';
import {
  GRADES,
  HAZARD_STATUSES,
  ORIGINS,
  isOpenStatus,
  type Grade,
  type Hazard,
  type HazardFilters,
  type HazardStatus,
  type Origin,
} from './types';

/** The filters kept in the address (the school is the page's own, shared with other pages). */
const FILTER_KEYS = [
  'status',
  'open',
  'grade',
  'domain',
  'origin',
  'overdue',
  'supervised',
  'q',
  'from',
  'to',
] as const;

/** The ledger's filters and paging as the address holds them (?grade=major&page=2), and their setter. */
function useHazardFilters(schoolId: string | undefined) {
  const { params, ...paging } = useUrlFilters(FILTER_KEYS);
  const filters: HazardFilters = {
    schoolId,
    status: oneOf(HAZARD_STATUSES, params.get('status')),
    open: oneOf(['true', 'false'] as const, params.get('open')),
    grade: oneOf(GRADES, params.get('grade')),
    domain: oneOf(RISK_DOMAINS, params.get('domain')),
    origin: oneOf(ORIGINS, params.get('origin')),
    overdue: oneOf(['true'] as const, params.get('overdue')),
    supervised: oneOf(['true'] as const, params.get('supervised')),
    q: params.get('q')?.trim() || undefined,
    from: isoDate(params.get('from')),
    to: isoDate(params.get('to')),
  };
  return { filters, ...paging };
}

function Ledger() {
  const t = useT();
  const rights = useHazardRights();
  const [schoolId, setSchool, schools] = useSchool();
  const { filters, page, pageSize, filter, onPage, clear, filtered } = useHazardFilters(schoolId);
  const [reporting, setReporting] = useState(false);

  const list = useQuery({
    queryKey: [...queryKeys.hazards, 'list', filters, page, pageSize],
    queryFn: () => listHazards(filters, page, pageSize),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<Hazard> = [
    {
      title: t('hazards.col.no'),
      dataIndex: 'no',
      width: 140,
      fixed: 'left',
      render: (no: string, h) => <RowLink to={`/hazards/${h.id}`}>{no}</RowLink>,
    },
    {
      title: t('hazards.col.foundAt'),
      dataIndex: 'foundAt',
      width: 130,
      render: (v: string) => formatDateTime(v).slice(0, 16),
    },
    {
      title: t('hazards.col.grade'),
      dataIndex: 'grade',
      width: 64,
      render: (g: Grade) => <GradeTag grade={g} />,
    },
    {
      title: t('hazards.col.title'),
      dataIndex: 'title',
      ellipsis: true,
      render: (title: string, h) => (
        <>
          <span title={title}>{title}</span>
          <Typography.Text type="secondary" className={shared.sub}>
            {whereOf(h) ?? EMPTY}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('hazards.col.domain'),
      dataIndex: 'domain',
      width: 100,
      render: (d: RiskDomain) => domainName(t, d),
    },
    {
      title: t('hazards.col.unit'),
      key: 'unit',
      width: 140,
      render: (_, h) => <UnitCell unit={h.unit} />,
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 160,
      render: (_, h) => (
        <>
          <StatusTag status={h.status} />
          <FlagTags hazard={h} />
        </>
      ),
    },
    {
      title: t('hazards.col.deadline'),
      key: 'deadline',
      width: 140,
      render: (_, h) =>
        isOpenStatus(h.status) ? (
          <Countdown dueAt={h.deadline} compact />
        ) : (
          <Typography.Text type="secondary">
            {t('hazards.closedOn', { time: formatDateTime(h.closedAt).slice(0, 16) })}
          </Typography.Text>
        ),
    },
    {
      title: t('hazards.col.origin'),
      dataIndex: 'origin',
      width: 80,
      render: (o: Origin) => t(`hazards.origin.${o}`),
    },
  ];

  return (
    <Card>
      <ListToolbar
        resetKey={schoolId}
        actions={
          <>
            <Button
              icon={<DownloadOutlined />}
              href={exportUrl(filters)}
              title={t('hazards.exportHint')}
              data-testid="hazard-export"
            >
              {t('hazards.export')}
            </Button>
            {rights.report && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setReporting(true)}
                data-testid="hazard-report"
              >
                {t('hazards.report.button')}
              </Button>
            )}
          </>
        }
      >
        <SchoolSelect value={schoolId} onChange={setSchool} schools={schools} />
        <SearchFilter
          value={filters.q}
          label={t('hazards.filter.q')}
          width={220}
          onChange={(q) => filter({ q })}
        />
        <SelectFilter<HazardStatus>
          label={t('common.status')}
          placeholder={t('hazards.filter.status')}
          width={120}
          value={filters.status}
          onChange={(status) => filter({ status })}
          options={HAZARD_STATUSES.map((s) => ({ value: s, label: t(`hazards.status.${s}`) }))}
        />
        <SelectFilter<Grade>
          label={t('hazards.col.grade')}
          placeholder={t('hazards.filter.grade')}
          width={110}
          value={filters.grade}
          onChange={(grade) => filter({ grade })}
          options={GRADES.map((g) => ({ value: g, label: t(`hazards.grade.${g}`) }))}
        />
        <SelectFilter<RiskDomain>
          label={t('hazards.col.domain')}
          placeholder={t('hazards.filter.domain')}
          width={150}
          value={filters.domain}
          onChange={(domain) => filter({ domain })}
          search
          options={RISK_DOMAINS.map((d) => ({ value: d, label: t(`riskDomain.${d}`) }))}
        />
        <SelectFilter<Origin>
          label={t('hazards.col.origin')}
          placeholder={t('hazards.filter.origin')}
          width={120}
          value={filters.origin}
          onChange={(origin) => filter({ origin })}
          options={ORIGINS.map((o) => ({ value: o, label: t(`hazards.origin.${o}`) }))}
        />
        <DateRangeFilter
          from={filters.from}
          to={filters.to}
          label={t('hazards.filter.dates')}
          placeholder={[t('hazards.filter.from'), t('hazards.filter.to')]}
          onChange={filter}
        />
        <FlagFilter checked={filters.open === 'true'} onChange={(open) => filter({ open })}>
          {t('hazards.filter.open')}
        </FlagFilter>
        <FlagFilter checked={filters.overdue === 'true'} onChange={(overdue) => filter({ overdue })}>
          {t('hazards.filter.overdue')}
        </FlagFilter>
        <FlagFilter checked={filters.supervised === 'true'} onChange={(supervised) => filter({ supervised })}>
          {t('hazards.filter.supervised')}
        </FlagFilter>
        <ResetFilters filtered={filtered} onClear={clear} />
      </ListToolbar>
      <RecordTable<Hazard>
        testId="hazard-ledger-table"
        list={list}
        paging={{ page, pageSize, onPage }}
        columns={columns}
        width={1120}
        pathOf={(h) => `/hazards/${h.id}`}
        filtered={filtered}
        emptyText={t('hazards.empty')}
      />
      {reporting && <ReportHazardModal onClose={() => setReporting(false)} />}
    </Card>
  );
}

/**
 * 隐患台账: every hazard in the user's reach with its filters in the address, paged, exported as
 * xlsx under the same filters (a plain link). /hazards/<id> (where notifications link) opens one.
 */
export function HazardsPage() {
  const id = useParams()['*'] || undefined;
  return id ? <HazardDetailPage key={id} id={id} /> : <Ledger />;
}
