import { CustomerServiceOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Typography, type TableColumnsType } from 'antd';
import { useNavigate, useParams } from 'react-router';
import { queryKeys } from '../../api/keys';
import { ExportButton } from '../../components/ExportButton';
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
import { UnitSelect } from '../../components/UnitSelect';
import { useT } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { isoDate, oneOf, useUrlFilters } from '../../lib/urlFilters';
import { exportRequests, listRequests } from './api';
import { useCategories, useRequestRights } from './hooks';
import { RequestDetailPage } from './RequestDetailPage';
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

/** The list's filters and paging as the address holds them (?status=…&page=2), and their setter. */
function useRequestFilters(schoolId: string | undefined) {
  const { params, ...paging } = useUrlFilters(FILTER_KEYS);
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
  return { filters, ...paging };
}

function LedgerList() {
  const t = useT();
  const navigate = useNavigate();
  const rights = useRequestRights();
  const [schoolId, setSchool, schools] = useSchool();
  const { filters, page, pageSize, filter, onPage, clear, filtered } = useRequestFilters(schoolId);
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
      render: (no: string, r) => <RowLink to={`/requests/${r.id}`}>{no}</RowLink>,
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
          <Typography.Text type="secondary" className={shared.sub}>
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
        <SearchFilter
          value={filters.q}
          label={t('requests.filter.q')}
          width={240}
          onChange={(q) => filter({ q })}
        />
        <SelectFilter<RequestStatus>
          label={t('common.status')}
          placeholder={t('requests.filter.status')}
          width={130}
          value={filters.status}
          onChange={(status) => filter({ status })}
          options={REQUEST_STATUSES.map((s) => ({ value: s, label: t(`requests.status.${s}`) }))}
        />
        {!!categories.data?.length && (
          <SelectFilter<string>
            label={t('requests.col.category')}
            placeholder={t('requests.filter.category')}
            width={160}
            value={filters.categoryId}
            onChange={(categoryId) => filter({ categoryId })}
            search
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
        <SelectFilter<Channel>
          label={t('requests.col.channel')}
          placeholder={t('requests.filter.channel')}
          width={130}
          value={filters.channel}
          onChange={(channel) => filter({ channel })}
          options={CHANNELS.map((c) => ({ value: c, label: t(`requests.channel.${c}`) }))}
        />
        <DateRangeFilter
          from={filters.from}
          to={filters.to}
          label={t('requests.filter.dates')}
          placeholder={[t('requests.filter.from'), t('requests.filter.to')]}
          onChange={filter}
        />
        <FlagFilter checked={filters.open === 'true'} onChange={(open) => filter({ open })}>
          {t('requests.filter.open')}
        </FlagFilter>
        <FlagFilter checked={filters.overdue === 'true'} onChange={(overdue) => filter({ overdue })}>
          {t('requests.filter.overdue')}
        </FlagFilter>
        <ResetFilters filtered={filtered} onClear={clear} />
      </ListToolbar>
      <RecordTable<ServiceRequest>
        testId="requests-table"
        list={list}
        paging={{ page, pageSize, onPage }}
        columns={columns}
        width={1280}
        pathOf={(r) => `/requests/${r.id}`}
        filtered={filtered}
        emptyText={t('requests.empty')}
      />
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
