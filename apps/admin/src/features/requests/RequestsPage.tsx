import { CustomerServiceOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Checkbox, DatePicker, Input, Select, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import { ExportButton } from '../../components/ExportButton';
import { ListEmpty } from '../../components/ListEmpty';
import { ListToolbar } from '../../components/ListToolbar';
import { PagedTable } from '../../components/PagedTable';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { UnitSelect } from '../../components/UnitSelect';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { exportRequests, listRequests } from './api';
import { useCategories, useRequestRights } from './hooks';
import { RequestDetailPage } from './RequestDetailPage';
import styles from './requests.module.css';
import { Countdown, LadderTags, PriorityTag, StatusTag, whereOf } from './tags';
import {
  CHANNELS,
  REQUEST_STATUSES,
  isOpenStatus,
  type Channel,
  type RequestFilters,
  type RequestStatus,
  type ServiceRequest,
} from './types';

const DEFAULT_PAGE_SIZE = 20;
const DATE = 'YYYY-MM-DD';
/** The filters kept in the address (the school is the page's own, shared with other pages). */
const FILTER_KEYS = [
  'status',
  'open',
  'categoryId',
  'unitId',
  'channel',
  'overdue',
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
 * which misses a change made since (two filters set in quick succession, the second while the
 * first is still rendering); the address itself is written at once.
 */
const latestParams = () => new URLSearchParams(window.location.search);

/** The list's filters and paging as the address holds them (?status=…&page=2), and their setter. */
function useUrlFilters(schoolId: string | undefined) {
  const [params, setParams] = useSearchParams();
  const filters: RequestFilters = {
    schoolId,
    status: oneOf(REQUEST_STATUSES, params.get('status')),
    open: oneOf(['true', 'false'] as const, params.get('open')),
    categoryId: params.get('categoryId') ?? undefined,
    unitId: params.get('unitId') ?? undefined,
    channel: oneOf(CHANNELS, params.get('channel')),
    overdue: oneOf(['true'] as const, params.get('overdue')),
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

function LedgerList() {
  const t = useT();
  const navigate = useNavigate();
  const rights = useRequestRights();
  const [schoolId, setSchool, schools] = useSchool();
  const { filters, page, pageSize, filter, onPage, clear, filtered } = useUrlFilters(schoolId);
  const categories = useCategories(schoolId);

  const list = useQuery({
    queryKey: [...queryKeys.requests, 'list', filters, page, pageSize],
    queryFn: () => listRequests(filters, page, pageSize),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<ServiceRequest> = [
    {
      title: t('requests.col.no'),
      dataIndex: 'no',
      width: 150,
      fixed: 'left',
      render: (no: string, r) => (
        <Link to={`/requests/${r.id}`} onClick={(e) => e.stopPropagation()}>
          {no}
        </Link>
      ),
    },
    {
      title: t('requests.col.receivedAt'),
      dataIndex: 'receivedAt',
      width: 160,
      render: (v: string) => formatDateTime(v),
    },
    {
      title: t('requests.col.category'),
      key: 'category',
      width: 150,
      render: (_, r) => (
        <>
          {r.categoryName} <PriorityTag priority={r.priority} />
        </>
      ),
    },
    {
      title: t('requests.col.description'),
      dataIndex: 'description',
      ellipsis: true,
      render: (text: string, r) => (
        <>
          <span title={text}>{text}</span>
          <Typography.Text type="secondary" className={styles.sub}>
            {whereOf(r) ?? EMPTY}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('requests.col.unit'),
      key: 'unit',
      width: 150,
      render: (_, r) =>
        r.unit?.name ?? <Typography.Text type="secondary">{t('requests.noUnit')}</Typography.Text>,
    },
    {
      title: t('common.status'),
      key: 'status',
      width: 200,
      render: (_, r) => (
        <>
          <StatusTag status={r.status} closeKind={r.closeKind} />
          <LadderTags request={r} />
        </>
      ),
    },
    {
      title: t('requests.col.deadline'),
      key: 'deadline',
      width: 150,
      render: (_, r) =>
        isOpenStatus(r.status) && !r.repliedAt ? (
          <Countdown dueAt={r.resolveBy} compact />
        ) : (
          <Typography.Text type="secondary">{formatDateTime(r.resolveBy).slice(0, 16)}</Typography.Text>
        ),
    },
    {
      title: t('requests.col.channel'),
      dataIndex: 'channel',
      width: 100,
      render: (c: Channel) => t(`requests.channel.${c}`),
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
            <ExportButton
              title={t('requests.exportHint')}
              onExport={() => exportRequests(filters)}
              data-testid="requests-export"
            >
              {t('requests.export')}
            </ExportButton>
            {rights.dispatch && (
              <Button
                type="primary"
                icon={<CustomerServiceOutlined />}
                onClick={() => void navigate('/requests/hotline')}
              >
                {t('menu.requestHotline')}
              </Button>
            )}
          </>
        }
      >
        <SchoolSelect
          value={schoolId}
          onChange={(id) => {
            setSchool(id);
            // Another school's categories and units mean nothing there.
            filter({ categoryId: undefined, unitId: undefined });
          }}
          schools={schools}
        />
        <Input.Search
          key={`q-${filters.q ?? ''}`}
          allowClear
          aria-label={t('requests.filter.q')}
          placeholder={t('requests.filter.q')}
          defaultValue={filters.q}
          style={{ width: 240 }}
          onSearch={(q) => filter({ q: q.trim() })}
        />
        <Select<RequestStatus>
          allowClear
          aria-label={t('common.status')}
          placeholder={t('requests.filter.status')}
          style={{ width: 130 }}
          value={filters.status}
          onChange={(status) => filter({ status })}
          options={REQUEST_STATUSES.map((s) => ({ value: s, label: t(`requests.status.${s}`) }))}
        />
        {!!categories.data?.length && (
          <Select<string>
            allowClear
            aria-label={t('requests.col.category')}
            placeholder={t('requests.filter.category')}
            style={{ width: 160 }}
            value={filters.categoryId}
            onChange={(categoryId) => filter({ categoryId })}
            showSearch={{ optionFilterProp: 'label' }}
            options={categories.data.map((c) => ({ value: c.id, label: c.name }))}
          />
        )}
        <UnitSelect
          allowClear
          schoolId={schoolId}
          placeholder={t('requests.filter.unit')}
          style={{ width: 180 }}
          value={filters.unitId}
          onChange={(unitId) => filter({ unitId })}
        />
        <Select<Channel>
          allowClear
          aria-label={t('requests.col.channel')}
          placeholder={t('requests.filter.channel')}
          style={{ width: 130 }}
          value={filters.channel}
          onChange={(channel) => filter({ channel })}
          options={CHANNELS.map((c) => ({ value: c, label: t(`requests.channel.${c}`) }))}
        />
        <DatePicker.RangePicker
          aria-label={t('requests.filter.dates')}
          placeholder={[t('requests.filter.from'), t('requests.filter.to')]}
          value={range}
          onChange={(dates) => filter({ from: dates?.[0]?.format(DATE), to: dates?.[1]?.format(DATE) })}
        />
        <Checkbox
          checked={filters.open === 'true'}
          onChange={(e) => filter({ open: e.target.checked ? 'true' : undefined })}
        >
          {t('requests.filter.open')}
        </Checkbox>
        <Checkbox
          checked={filters.overdue === 'true'}
          onChange={(e) => filter({ overdue: e.target.checked ? 'true' : undefined })}
        >
          {t('requests.filter.overdue')}
        </Checkbox>
        {filtered && (
          <Button type="link" onClick={clear}>
            {t('common.reset')}
          </Button>
        )}
      </ListToolbar>
      <div data-testid="requests-table">
        <PagedTable<ServiceRequest>
          list={list}
          paging={{ page, pageSize, onPage }}
          columns={columns}
          scroll={{ x: 1280 }}
          rowClassName={styles.clickable}
          onRow={(r) => ({ onClick: () => void navigate(`/requests/${r.id}`) })}
          locale={{ emptyText: <ListEmpty filtered={filtered} emptyText={t('requests.empty')} /> }}
        />
      </div>
    </Card>
  );
}

/**
 * 诉求台账: every request in the user's reach with its filters in the address, paged, exported as
 * xlsx under the same filters. /requests/<id> (where notifications link) opens one request.
 */
export function RequestsPage() {
  const id = useParams()['*'] || undefined;
  return id ? <RequestDetailPage key={id} id={id} /> : <LedgerList />;
}
