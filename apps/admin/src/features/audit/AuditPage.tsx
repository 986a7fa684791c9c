import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, auditLabel } from '@anxiao/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  Select,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { queryKeys } from '../../api/keys';
import { useOrgs } from '../../api/orgs';
import type { AuditEntry, AuditOutcome } from '../../api/types';
import { PagedTable, usePaging } from '../../components/PagedTable';
import { useI18n } from '../../i18n/I18nProvider';
import { EMPTY, formatDateTime } from '../../lib/format';
import { useCan } from '../../session/CurrentUser';
import { listAudit, type AuditFilters } from './api';
import styles from './AuditPage.module.css';

// Every action and target type the server records, with its labels (one registry, shared with the server).
const ACTIONS = Object.keys(AUDIT_ACTIONS);
const TARGET_TYPES = Object.keys(AUDIT_TARGET_TYPES);

/** A short tag for an id. Ids are time-ordered (UUIDv7): their distinct part is the end. */
function shortId(id: string): string {
  return `…${id.slice(-8)}`;
}

const OUTCOME_COLOR: Record<AuditOutcome, string> = { ok: 'green', denied: 'red', failed: 'orange' };

interface FilterValues {
  q?: string;
  action?: string;
  targetType?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
  sensitive?: boolean;
}

function toFilters(v: FilterValues): AuditFilters {
  const [from, to] = v.range ?? [null, null];
  return {
    q: v.q?.trim() || undefined,
    action: v.action,
    targetType: v.targetType,
    from: from?.startOf('day').toISOString(),
    to: to?.endOf('day').toISOString(),
    sensitive: v.sensitive || undefined,
  };
}

export function AuditPage() {
  const { t, lang } = useI18n();
  const can = useCan();
  const [form] = Form.useForm<FilterValues>();
  const paging = usePaging<AuditFilters>();
  const { filters } = paging;

  const orgs = useOrgs(can('org.read'));
  const orgNames = useMemo(() => new Map((orgs.data ?? []).map((org) => [org.id, org.name])), [orgs.data]);

  const list = useQuery({
    queryKey: [...queryKeys.audit, filters, paging.page, paging.pageSize],
    queryFn: () => listAudit(filters, paging.page, paging.pageSize),
    placeholderData: keepPreviousData,
  });

  const columns: TableColumnsType<AuditEntry> = [
    { title: t('audit.at'), dataIndex: 'at', width: 170, render: (at: string) => formatDateTime(at) },
    {
      title: t('audit.actor'),
      dataIndex: 'actorName',
      width: 180,
      // A person's name as entered; the server's own actors (seed, import…) by their label.
      render: (name: string) => auditLabel('systemActor', name, lang),
    },
    { title: t('audit.ip'), dataIndex: 'ip', width: 130, render: (ip: string | null) => ip ?? EMPTY },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 160,
      render: (action: string) => auditLabel('action', action, lang),
    },
    {
      title: t('audit.target'),
      key: 'target',
      width: 200,
      render: (_, e) =>
        e.targetType ? (
          <span className={styles.target}>
            {auditLabel('target', e.targetType, lang)}{' '}
            {e.targetId && (
              <Typography.Text type="secondary" copyable={{ text: e.targetId }} className={styles.id}>
                {shortId(e.targetId)}
              </Typography.Text>
            )}
          </span>
        ) : (
          EMPTY
        ),
    },
    {
      title: t('audit.org'),
      dataIndex: 'orgId',
      width: 180,
      render: (orgId: string | null) => (orgId ? (orgNames.get(orgId) ?? shortId(orgId)) : EMPTY),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      width: 90,
      render: (outcome: AuditOutcome) => (
        <Tag color={OUTCOME_COLOR[outcome]}>{t(`auditOutcome.${outcome}`)}</Tag>
      ),
    },
    {
      title: t('audit.sensitive'),
      dataIndex: 'sensitive',
      width: 90,
      render: (sensitive: boolean) =>
        sensitive ? <Tag color="magenta">{t('audit.sensitiveTag')}</Tag> : null,
    },
  ];

  return (
    <Card>
      <Form<FilterValues>
        form={form}
        layout="inline"
        className={styles.filters}
        onFinish={(v) => {
          paging.setFilters(toFilters(v));
          paging.setPage(1);
        }}
      >
        <Form.Item name="q">
          <Input allowClear placeholder={t('audit.searchActor')} className={styles.field} />
        </Form.Item>
        <Form.Item name="action">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('audit.action')}
            className={styles.field}
            options={ACTIONS.map((a) => ({ value: a, label: auditLabel('action', a, lang) }))}
          />
        </Form.Item>
        <Form.Item name="targetType">
          <Select
            allowClear
            placeholder={t('audit.targetType')}
            className={styles.narrow}
            options={TARGET_TYPES.map((type) => ({ value: type, label: auditLabel('target', type, lang) }))}
          />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker placeholder={[t('audit.from'), t('audit.to')]} />
        </Form.Item>
        <Form.Item name="sensitive" valuePropName="checked">
          <Checkbox>{t('audit.sensitiveOnly')}</Checkbox>
        </Form.Item>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              paging.clearFilters();
            }}
          >
            {t('common.reset')}
          </Button>
        </Flex>
      </Form>

      <PagedTable<AuditEntry>
        list={list}
        paging={paging}
        columns={columns}
        scroll={{ x: 1200 }}
        expandable={{
          rowExpandable: (e) => e.details !== null && e.details !== undefined,
          expandedRowRender: (e) => (
            <pre className={styles.details}>{JSON.stringify(e.details, null, 2)}</pre>
          ),
        }}
      />
    </Card>
  );
}
