import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { ListEmpty } from '../../components/ListEmpty';
import { ListToolbar } from '../../components/ListToolbar';
import { useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { CancelDrillModal } from './CancelDrillModal';
import { DrillActions } from './DrillActions';
import { DrillDrawer } from './DrillDrawer';
import styles from './drills.module.css';
import { FinishDrillModal } from './FinishDrillModal';
import { useDrillRights, useDrills } from './hooks';
import { ScheduleDrillModal } from './ScheduleDrillModal';
import { SummaryStrip } from './SummaryStrip';
import { DrillStatusTag, KindTag, ReportCell, ResultCell, shortTime } from './tags';
import { DRILL_KINDS, type Drill, type DrillKind } from './types';

type Dialog = { kind: 'schedule' } | { kind: 'finish'; drill: Drill } | { kind: 'cancel'; drill: Drill };

const PAGE_SIZE = 20;
/** Column widths: the title takes the rest, at least TITLE_MIN; the table scrolls below that. */
const W = { at: 100, school: 130, status: 96, report: 180, result: 160, manage: 176, view: 120 } as const;
const TITLE_MIN = 170;

/**
 * 演练与测试: the drills and device tests planned ahead, reported to the police station when
 * scheduled (报备) and acknowledged there (已知悉), run through the alarm path marked as drill or
 * test, and kept with their results and response times as evidence. `?open=<id>` opens one (the
 * police notices link there).
 */
export function DrillsPage() {
  const t = useT();
  const rights = useDrillRights();
  const [defaultSchool, , schools] = useSchool();
  const severalSchools = schools.length > 1;
  const [schoolFilter, setSchoolFilter] = useState<string | undefined>();
  const [kindFilter, setKindFilter] = useState<DrillKind | undefined>();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [params, setParams] = useSearchParams();
  const openId = params.get('open') ?? undefined;

  const list = useDrills(severalSchools ? schoolFilter : undefined);
  const drills = list.data ?? [];
  const shown = kindFilter ? drills.filter((d) => d.kind === kindFilter) : drills;

  const open = (id: string | undefined) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set('open', id);
        else next.delete('open');
        return next;
      },
      { replace: !id },
    );
  const onFinish = (drill: Drill) => setDialog({ kind: 'finish', drill });
  const onCancel = (drill: Drill) => setDialog({ kind: 'cancel', drill });

  // Those who only acknowledge or read have one button or link at most.
  const actionsWidth = rights.manage ? W.manage : W.view;
  const tableWidth =
    W.at + (severalSchools ? W.school : 0) + TITLE_MIN + W.status + W.report + W.result + actionsWidth;

  const columns: TableColumnsType<Drill> = [
    {
      title: t('drills.col.scheduledAt'),
      dataIndex: 'scheduledAt',
      width: W.at,
      render: (v: string) => shortTime(v),
    },
    ...(severalSchools
      ? [{ title: t('drills.col.school'), dataIndex: 'schoolName', width: W.school, ellipsis: true }]
      : []),
    {
      title: t('drills.col.title'),
      dataIndex: 'title',
      render: (title: string, d) => {
        const where = d.kind === 'drill' ? d.placeName : d.deviceName;
        const plan = d.kind === 'drill' && d.planType ? t(`drills.plan.${d.planType}`) : null;
        return (
          <>
            <KindTag kind={d.kind} />
            <Typography.Text className={styles.title}>{title}</Typography.Text>
            {(where || plan) && (
              <Typography.Text type="secondary" className={styles.sub}>
                {[where, plan].filter(Boolean).join(' · ')}
              </Typography.Text>
            )}
          </>
        );
      },
    },
    {
      title: t('drills.col.status'),
      dataIndex: 'status',
      width: W.status,
      render: (s: Drill['status']) => <DrillStatusTag status={s} />,
    },
    {
      title: t('drills.col.report'),
      key: 'report',
      width: W.report,
      render: (_, d) => <ReportCell drill={d} />,
    },
    {
      title: t('drills.col.result'),
      key: 'result',
      width: W.result,
      render: (_, d) => <ResultCell drill={d} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: actionsWidth,
      fixed: 'right',
      render: (_, d) => <DrillActions drill={d} rights={rights} onFinish={onFinish} onCancel={onCancel} />,
    },
  ];

  return (
    <Flex vertical gap={16} className={styles.page}>
      <SummaryStrip drills={drills} />
      <Card>
        <ListToolbar
          actions={
            rights.manage && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                disabled={!defaultSchool}
                onClick={() => setDialog({ kind: 'schedule' })}
                data-testid="drill-schedule"
              >
                {t('drills.schedule')}
              </Button>
            )
          }
        >
          {severalSchools && (
            <Select
              aria-label={t('drills.col.school')}
              allowClear
              placeholder={t('drills.allSchools')}
              style={{ minWidth: 220 }}
              value={schoolFilter}
              onChange={setSchoolFilter}
              showSearch={{ optionFilterProp: 'label' }}
              options={schools.map((s) => ({ value: s.id, label: s.name }))}
            />
          )}
          <Select
            aria-label={t('drills.col.kind')}
            allowClear
            placeholder={t('drills.allKinds')}
            style={{ minWidth: 140 }}
            value={kindFilter}
            onChange={setKindFilter}
            options={DRILL_KINDS.map((k) => ({ value: k, label: t(`drills.kind.${k}`) }))}
          />
        </ListToolbar>
        {!!list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
        <div data-testid="drills-table">
          <Table<Drill>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={shown}
            loading={list.isLoading}
            pagination={{ pageSize: PAGE_SIZE, hideOnSinglePage: true, showSizeChanger: false }}
            scroll={{ x: tableWidth }}
            rowClassName={styles.row}
            onRow={(d) => ({ onClick: () => open(d.id) })}
            locale={{
              emptyText: (
                <ListEmpty filtered={!!kindFilter || !!schoolFilter} emptyText={t('drills.empty')} />
              ),
            }}
          />
        </div>
      </Card>
      {openId && (
        <DrillDrawer
          id={openId}
          listed={drills.find((d) => d.id === openId)}
          rights={rights}
          onFinish={onFinish}
          onCancel={onCancel}
          onClose={() => open(undefined)}
        />
      )}
      {dialog?.kind === 'schedule' && defaultSchool && (
        <ScheduleDrillModal
          schoolId={schoolFilter ?? defaultSchool}
          schools={schools}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'finish' && <FinishDrillModal drill={dialog.drill} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'cancel' && <CancelDrillModal drill={dialog.drill} onClose={() => setDialog(null)} />}
    </Flex>
  );
}
