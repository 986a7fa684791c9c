import { Alert, Button, Card, Empty, Flex, Space, Table, Tabs, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useOrgs } from '../../api/orgs';
import type { Coverage, GridLevel, Org } from '../../api/types';
import { useT, type Translate } from '../../i18n/I18nProvider';
import { classOfStudent, firstGridAt, gridAboveRoom, gridOfOrg } from './api';
import { gridLink, levelLink } from './coverageLinks';
import { LEVEL_COLOR, levelAbove } from './model';
import styles from './coverage.module.css';

/** The coverage report's tables (CoveragePage.tsx): gaps, overlaps, grids without a leader. */

type CoverageItem = Coverage['gaps'][number];
type LeaderlessGrid = Coverage['gridsWithoutLeader'][number];

function LevelTag({ level, t }: { level: GridLevel; t: Translate }) {
  return <Tag color={LEVEL_COLOR[level]}>{t(`grids.level.${level}`)}</Tag>;
}

/**
 * Fallback for a gap: the first grid one level up (where the missing grid or binding belongs),
 * else the first grid of that level.
 */
async function firstGridNear(schoolId: string, level: GridLevel): Promise<string | undefined> {
  const above = levelAbove(level);
  const parent = above ? await firstGridAt(schoolId, above) : undefined;
  return parent ?? (await firstGridAt(schoolId, level));
}

/** The grid just above the level where the room or student is missed, found through the item itself. */
async function parentGridOf(item: CoverageItem, schoolId: string, orgs: readonly Org[]) {
  if (item.kind === 'room') {
    if (item.level === 'zone') return firstGridAt(schoolId, 'campus');
    if (item.level === 'campus') return undefined;
    return gridAboveRoom(item.id, item.level);
  }
  if (item.level === 'college') return undefined;
  const classId = await classOfStudent(item.id);
  if (item.level === 'dorm_room') return gridOfOrg(schoolId, 'class', classId);
  const collegeId = orgs.find((o) => o.id === classId)?.parentId ?? undefined;
  return gridOfOrg(schoolId, 'college', collegeId);
}

/** 去处理: open the grid where the gap is to be closed (looked up on click). */
function GapLink({ item, schoolId }: { item: CoverageItem; schoolId: string }) {
  const t = useT();
  const navigate = useNavigate();
  const { data: orgs = [] } = useOrgs();
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    let target: string | undefined;
    try {
      target = await parentGridOf(item, schoolId, orgs);
      // Not found: the first grid one level up, else of that level.
      target ??= await firstGridNear(schoolId, item.level);
    } catch {
      // Not allowed to look the place or student up: fall back to the level's first grid.
      target = await firstGridNear(schoolId, item.level).catch(() => undefined);
    }
    setBusy(false);
    void navigate(target ? gridLink(target) : levelLink(item.level));
  };
  return (
    <Button type="link" size="small" loading={busy} className={styles.linkButton} onClick={() => void go()}>
      {t('coverage.handle')}
    </Button>
  );
}

export function ItemTables({ data }: { data: Coverage }) {
  const t = useT();
  const gapTotal = data.levels.reduce((s, l) => s + l.gaps, 0);
  const overlapTotal = data.levels.reduce((s, l) => s + l.overlaps, 0);

  const itemColumns: TableColumnsType<CoverageItem> = [
    {
      title: t('coverage.itemKind'),
      dataIndex: 'kind',
      width: 90,
      render: (kind: CoverageItem['kind']) => t(`coverage.itemKind.${kind}`),
    },
    {
      title: t('grids.levelLabel'),
      dataIndex: 'level',
      width: 100,
      render: (level: GridLevel) => <LevelTag level={level} t={t} />,
    },
    { title: t('coverage.itemCode'), dataIndex: 'code', width: 150 },
    { title: t('coverage.itemName'), dataIndex: 'name', width: 180 },
  ];

  const gapColumns: TableColumnsType<CoverageItem> = [
    ...itemColumns,
    {
      title: t('common.actions'),
      key: 'actions',
      width: 200,
      render: (_, item) => {
        return (
          <Space size={12}>
            <GapLink item={item} schoolId={data.schoolId} />
            {item.kind === 'room' && <Link to={levelLink(item.level)}>{t('coverage.viewLevel')}</Link>}
          </Space>
        );
      },
    },
  ];

  const overlapColumns: TableColumnsType<CoverageItem> = [
    ...itemColumns,
    {
      title: t('coverage.involvedGrids'),
      key: 'grids',
      width: 280,
      render: (_, item) => (
        <Flex wrap gap={4}>
          {item.grids.map((g) => (
            <Link key={g.id} to={gridLink(g.id)}>
              <Tag color="orange" className={styles.linkTag}>
                {g.name}
              </Tag>
            </Link>
          ))}
        </Flex>
      ),
    },
  ];

  const leaderColumns: TableColumnsType<LeaderlessGrid> = [
    {
      title: t('grids.levelLabel'),
      dataIndex: 'level',
      width: 100,
      render: (level: GridLevel) => <LevelTag level={level} t={t} />,
    },
    { title: t('grids.code'), dataIndex: 'code', width: 160 },
    { title: t('grids.name'), dataIndex: 'name', width: 220 },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 120,
      render: (_, g) => <Link to={gridLink(g.id)}>{t('coverage.assignLeader')}</Link>,
    },
  ];

  const truncated = (shown: number, total: number) =>
    total > shown ? (
      <Alert
        type="info"
        showIcon
        title={t('coverage.truncated', { shown, total })}
        className={styles.tableNote}
      />
    ) : null;
  const pagination = { pageSize: 20, showSizeChanger: false, hideOnSinglePage: true } as const;

  return (
    <Card>
      <Tabs
        items={[
          {
            key: 'gaps',
            label: t('coverage.tabGaps', { count: gapTotal }),
            children: (
              <>
                {truncated(data.gaps.length, gapTotal)}
                <Table<CoverageItem>
                  rowKey={(r) => `${r.level}:${r.id}`}
                  size="small"
                  columns={gapColumns}
                  dataSource={data.gaps}
                  pagination={pagination}
                  scroll={{ x: 720 }}
                  locale={{
                    emptyText: (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coverage.noGaps')} />
                    ),
                  }}
                />
              </>
            ),
          },
          {
            key: 'overlaps',
            label: t('coverage.tabOverlaps', { count: overlapTotal }),
            children: (
              <>
                {truncated(data.overlaps.length, overlapTotal)}
                <Table<CoverageItem>
                  rowKey={(r) => `${r.level}:${r.id}`}
                  size="small"
                  columns={overlapColumns}
                  dataSource={data.overlaps}
                  pagination={pagination}
                  scroll={{ x: 800 }}
                  locale={{
                    emptyText: (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coverage.noOverlaps')} />
                    ),
                  }}
                />
              </>
            ),
          },
          {
            key: 'leaders',
            label: t('coverage.tabLeaders', { count: data.leaders.grids - data.leaders.withLeader }),
            children: (
              <>
                {truncated(data.gridsWithoutLeader.length, data.leaders.grids - data.leaders.withLeader)}
                <Table<LeaderlessGrid>
                  rowKey="id"
                  size="small"
                  columns={leaderColumns}
                  dataSource={data.gridsWithoutLeader}
                  pagination={pagination}
                  scroll={{ x: 600 }}
                  locale={{
                    emptyText: (
                      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coverage.noLeaderless')} />
                    ),
                  }}
                />
              </>
            ),
          },
        ]}
      />
    </Card>
  );
}
