import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, DatePicker, Input, Select, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import { RISK_DOMAINS, type RiskDomain } from '../../api/types';
import { ListEmpty } from '../../components/ListEmpty';
import { ListToolbar } from '../../components/ListToolbar';
import { PagedTable } from '../../components/PagedTable';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { exportUrl, listHazards } from './api';
import { HazardDetailPage } from './HazardDetailPage';
import styles from './hazards.module.css';
import { useHazardRights } from './hooks';
import { ReportHazardModal } from './ReportHazardModal';
import { Countdown, domainName, FlagTags, GradeTag, StatusTag, unitText, whereOf } from './tags';
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

const DEFAULT_PAGE_SIZE = 20;
const DATE = 'YYYY-MM-DD';
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
type FilterKey = (typeof FILTER_KEYS)[number];

function oneOf<T extends string>(all: readonly T[], value: string | null): T | undefined {
  return all.find((x) => x === value);
}

function isoDate(value: string | null): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/**
 * The address's query as it is now. The router hands its setter the query of its last render,
 * which misses a change made since (two filters set in quick succession); the address itself is
 * written at once.
 */
const latestParams = () => new URLSearchParams(window.location.search);

/** The ledger's filters and paging as the address holds them (?grade=major&page=2), and their setter. */
function useUrlFilters(schoolId: string | undefined) {
  const [params, setParams] = useSearchParams();
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
  const page = Math.max(1, Number(params.get('page')) || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize')) || DEFAULT_PAGE_SIZE));

  /** Change filters (back to page 1); undefined or empty removes one. */
  const filter = (patch: Partial<Record<FilterKey, string | undefined>>) =>
    setParams(
      () => {
        const next = latestParams();
        for (const [k, v] of Object.entries(patch)) {
          if (v) next.set(k, v);
          else next.delete(k);
        }
        next.delete('page');
        return next;
      },
      { replace: true },
    );
  const onPage = (nextPage: number, nextSize: number) =>
    setParams(() => {
      const next = latestParams();
      next.set('page', String(nextSize === pageSize ? nextPage : 1));
      if (nextSize === DEFAULT_PAGE_SIZE) next.delete('pageSize');
      else next.set('pageSize', String(nextSize));
      return next;
    });
  const clear = () => setParams({}, { replace: true });
  const filtered = FILTER_KEYS.some((k) => params.has(k));
  return { filters, page, pageSize, filter, onPage, clear, filtered };
}

function Ledger() {
  const t = useT();
  const navigate = useNavigate();
  const rights = useHazardRights();
  const [schoolId, setSchool, schools] = useSchool();
  const { filters, page, pageSize, filter, onPage, clear, filtered } = useUrlFilters(schoolId);
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
      render: (no: string, h) => (
        <Link to={`/hazards/${h.id}`} onClick={(e) => e.stopPropagation()}>
          {no}
        </Link>
      ),
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
          <Typography.Text type="secondary" className={styles.sub}>
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
      render: (_, h) =>
        h.unit ? (
          unitText(t, h.unit)
        ) : (
          <Typography.Text type="secondary">{t('hazards.noUnit')}</Typography.Text>
        ),
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

  const range: [dayjs.Dayjs, dayjs.Dayjs] | null =
    filters.from && filters.to ? [dayjs(filters.from), dayjs(filters.to)] : null;

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
        <Input.Search
          key={`q-${filters.q ?? ''}`}
          allowClear
          aria-label={t('hazards.filter.q')}
          placeholder={t('hazards.filter.q')}
          defaultValue={filters.q}
          style={{ width: 220 }}
          onSearch={(q) => filter({ q: q.trim() })}
        />
        <Select<HazardStatus>
          allowClear
          aria-label={t('common.status')}
          placeholder={t('hazards.filter.status')}
          style={{ width: 120 }}
          value={filters.status}
          onChange={(status) => filter({ status })}
          options={HAZARD_STATUSES.map((s) => ({ value: s, label: t(`hazards.status.${s}`) }))}
        />
        <Select<Grade>
          allowClear
          aria-label={t('hazards.col.grade')}
          placeholder={t('hazards.filter.grade')}
          style={{ width: 110 }}
          value={filters.grade}
          onChange={(grade) => filter({ grade })}
          options={GRADES.map((g) => ({ value: g, label: t(`hazards.grade.${g}`) }))}
        />
        <Select<RiskDomain>
          allowClear
          aria-label={t('hazards.col.domain')}
          placeholder={t('hazards.filter.domain')}
          style={{ width: 150 }}
          value={filters.domain}
          onChange={(domain) => filter({ domain })}
          showSearch={{ optionFilterProp: 'label' }}
          options={RISK_DOMAINS.map((d) => ({ value: d, label: t(`riskDomain.${d}`) }))}
        />
        <Select<Origin>
          allowClear
          aria-label={t('hazards.col.origin')}
          placeholder={t('hazards.filter.origin')}
          style={{ width: 120 }}
          value={filters.origin}
          onChange={(origin) => filter({ origin })}
          options={ORIGINS.map((o) => ({ value: o, label: t(`hazards.origin.${o}`) }))}
        />
        <DatePicker.RangePicker
          aria-label={t('hazards.filter.dates')}
          placeholder={[t('hazards.filter.from'), t('hazards.filter.to')]}
          value={range}
          onChange={(dates) => filter({ from: dates?.[0]?.format(DATE), to: dates?.[1]?.format(DATE) })}
        />
        <Checkbox
          checked={filters.open === 'true'}
          onChange={(e) => filter({ open: e.target.checked ? 'true' : undefined })}
        >
          {t('hazards.filter.open')}
        </Checkbox>
        <Checkbox
          checked={filters.overdue === 'true'}
          onChange={(e) => filter({ overdue: e.target.checked ? 'true' : undefined })}
        >
          {t('hazards.filter.overdue')}
        </Checkbox>
        <Checkbox
          checked={filters.supervised === 'true'}
          onChange={(e) => filter({ supervised: e.target.checked ? 'true' : undefined })}
        >
          {t('hazards.filter.supervised')}
        </Checkbox>
        {filtered && (
          <Button type="link" onClick={clear}>
            {t('common.reset')}
          </Button>
        )}
      </ListToolbar>
      <div data-testid="hazard-ledger-table">
        <PagedTable<Hazard>
          list={list}
          paging={{ page, pageSize, onPage }}
          columns={columns}
          scroll={{ x: 1120 }}
          rowClassName={styles.clickable}
          onRow={(h) => ({ onClick: () => void navigate(`/hazards/${h.id}`) })}
          locale={{ emptyText: <ListEmpty filtered={filtered} emptyText={t('hazards.empty')} /> }}
        />
      </div>
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
