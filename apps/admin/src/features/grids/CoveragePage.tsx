import { CheckCircleFilled, ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '@anxiao/web-core';
import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Progress,
  Result,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useOrgs } from '../../api/orgs';
import type { Coverage, Grid, GridLevel, Org } from '../../api/types';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT, type Translate } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { classOfStudent, gridAboveRoom, useCoverage, useGrids } from './api';
import { LEVEL_COLOR, levelAbove } from './model';
import styles from './coverage.module.css';

type LevelFigures = Coverage['levels'][number];
type CoverageItem = Coverage['gaps'][number];
type LeaderlessGrid = Coverage['gridsWithoutLeader'][number];

const GREEN = '#52c41a';
const ORANGE = '#fa8c16';

const gridLink = (id: string) => `/grids?open=${id}`;
const levelLink = (level: GridLevel) => `/grids?level=${level}`;

function LevelTag({ level, t }: { level: GridLevel; t: Translate }) {
  return <Tag color={LEVEL_COLOR[level]}>{t(`grids.level.${level}`)}</Tag>;
}

function LevelCard({ fig, grids }: { fig: LevelFigures; grids: number }) {
  const t = useT();
  const unit = (count: number) =>
    fig.kind === 'physical' ? t('grids.roomsUnit', { count }) : t('grids.studentsUnit', { count });
  const basis =
    fig.kind === 'physical'
      ? t('coverage.basisRooms')
      : fig.level === 'dorm_room'
        ? t('coverage.basisBeds')
        : t('coverage.basisStudents');
  const full = fig.gaps === 0 && fig.overlaps === 0;
  return (
    <Card
      size="small"
      title={
        <Space size={6}>
          <span>{t('coverage.levelTitle', { level: t(`grids.level.${fig.level}`) })}</span>
          <Typography.Text type="secondary" className={styles.gridCount}>
            {t('coverage.levelGrids', { count: grids })}
          </Typography.Text>
        </Space>
      }
      extra={<Link to={levelLink(fig.level)}>{t('coverage.viewGrids')}</Link>}
      className={styles.levelCard}
    >
      <Progress
        percent={fig.percent}
        strokeColor={full ? GREEN : ORANGE}
        status={full ? 'success' : 'normal'}
      />
      <Typography.Text type="secondary" className={styles.basis}>
        {basis}
      </Typography.Text>
      <div className={styles.figures}>
        <span>{t('coverage.total')}</span>
        <strong>{unit(fig.total)}</strong>
        <span>{t('coverage.covered')}</span>
        <strong>{unit(fig.covered)}</strong>
        <span>{t('coverage.gaps')}</span>
        <strong className={fig.gaps > 0 ? styles.bad : undefined}>{unit(fig.gaps)}</strong>
        <span>{t('coverage.overlaps')}</span>
        <strong className={fig.overlaps > 0 ? styles.bad : undefined}>{unit(fig.overlaps)}</strong>
      </div>
    </Card>
  );
}

/**
 * Fallback for a gap: the first grid one level up (where the missing grid or binding belongs),
 * else the first grid of that level.
 */
function firstGridNear(level: GridLevel, grids: readonly Grid[]): string | undefined {
  const above = levelAbove(level);
  const parent = above ? grids.find((g) => g.level === above) : undefined;
  return (parent ?? grids.find((g) => g.level === level))?.id;
}

/** The grid just above the level where the room or student is missed, found through the item itself. */
async function parentGridOf(item: CoverageItem, grids: readonly Grid[], orgs: readonly Org[]) {
  if (item.kind === 'room') {
    if (item.level === 'zone') return grids.find((g) => g.level === 'campus')?.id;
    if (item.level === 'campus') return undefined;
    return gridAboveRoom(item.id, item.level);
  }
  if (item.level === 'college') return undefined;
  const classId = await classOfStudent(item.id);
  if (item.level === 'dorm_room') return grids.find((g) => g.level === 'class' && g.orgId === classId)?.id;
  const collegeId = orgs.find((o) => o.id === classId)?.parentId;
  return grids.find((g) => g.level === 'college' && g.orgId === collegeId)?.id;
}

/** 去处理: open the grid where the gap is to be closed (looked up on click). */
function GapLink({ item, grids }: { item: CoverageItem; grids: readonly Grid[] }) {
  const t = useT();
  const navigate = useNavigate();
  const { data: orgs = [] } = useOrgs();
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    let target: string | undefined;
    try {
      target = await parentGridOf(item, grids, orgs);
    } catch {
      // Not allowed to look the place or student up: fall back to the level's first grid.
    }
    target ??= firstGridNear(item.level, grids);
    setBusy(false);
    void navigate(target ? gridLink(target) : levelLink(item.level));
  };
  return (
    <Button type="link" size="small" loading={busy} className={styles.linkButton} onClick={() => void go()}>
      {t('coverage.handle')}
    </Button>
  );
}

function ItemTables({ data, grids }: { data: Coverage; grids: readonly Grid[] }) {
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
            <GapLink item={item} grids={grids} />
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

function Report({ data, grids }: { data: Coverage; grids: readonly Grid[] }) {
  const t = useT();
  const full = data.levels.every((l) => l.gaps === 0 && l.overlaps === 0);
  const physical = data.levels.filter((l) => l.kind === 'physical');
  const virtual = data.levels.filter((l) => l.kind === 'virtual');
  const leadersFull = data.leaders.withLeader === data.leaders.grids;

  if (data.levels.length === 0) {
    return (
      <Card>
        <Empty description={t('coverage.noGrids')}>
          <Link to="/grids">{t('coverage.toGrids')}</Link>
        </Empty>
      </Card>
    );
  }

  return (
    <Flex vertical gap={16}>
      {full && (
        <Card>
          <Result
            status="success"
            title={t('coverage.allCovered')}
            subTitle={
              leadersFull
                ? t('coverage.allCoveredHint')
                : t('coverage.allCoveredButLeaders', {
                    count: data.leaders.grids - data.leaders.withLeader,
                  })
            }
            className={styles.result}
          />
        </Card>
      )}

      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Card className={styles.summaryCard}>
            <Flex align="center" gap={20}>
              <Progress
                type="dashboard"
                percent={data.overall}
                size={120}
                strokeColor={full ? GREEN : ORANGE}
                format={(p) => (
                  <span className={styles.bigFigure}>
                    {full ? <CheckCircleFilled className={styles.good} /> : `${p ?? 0}%`}
                  </span>
                )}
              />
              <Flex vertical gap={4}>
                <Typography.Text strong>{t('coverage.overall')}</Typography.Text>
                <Typography.Text type="secondary">{t('coverage.overallHint')}</Typography.Text>
                {full && <Typography.Text className={styles.good}>{`${data.overall}%`}</Typography.Text>}
              </Flex>
            </Flex>
          </Card>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Card className={styles.summaryCard}>
            <Statistic
              title={t('coverage.leaders')}
              value={data.leaders.percent}
              suffix="%"
              styles={{ content: { color: leadersFull ? GREEN : ORANGE } }}
            />
            <Typography.Text type="secondary">
              {t('coverage.leadersDetail', { with: data.leaders.withLeader, grids: data.leaders.grids })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} sm={12} md={8}>
          <Card className={styles.summaryCard}>
            <Statistic
              title={t('coverage.withoutBed')}
              value={data.studentsWithoutBed}
              suffix={t('coverage.personSuffix')}
            />
            <Typography.Text type="secondary">{t('coverage.withoutBedHint')}</Typography.Text>
          </Card>
        </Col>
      </Row>

      {[physical, virtual]
        .filter((list) => list.length > 0)
        .map((list) => (
          <div key={list[0]!.kind}>
            <Typography.Title level={5} className={styles.sectionTitle}>
              {t(`coverage.section.${list[0]!.kind}`)}
            </Typography.Title>
            <Row gutter={[16, 16]}>
              {list.map((fig) => (
                <Col key={fig.level} xs={24} md={12} xl={8}>
                  <LevelCard fig={fig} grids={grids.filter((g) => g.level === fig.level).length} />
                </Col>
              ))}
            </Row>
          </div>
        ))}

      <ItemTables data={data} grids={grids} />
    </Flex>
  );
}

/** 全覆盖检查: are all rooms and students in exactly one grid at every level, and every grid led? */
export function CoveragePage() {
  const t = useT();
  const navigate = useNavigate();
  const [chosenSchool, setSchoolId, schools] = useSchool();
  const orgs = useOrgs();
  const grids = useGrids(chosenSchool, !orgs.isLoading);
  // A grid leader sees no school as such: their grids tell which one it is.
  const schoolId = chosenSchool ?? grids.data?.[0]?.schoolId;
  const coverage = useCoverage(schoolId);
  const schoolGrids = useMemo(
    () => (grids.data ?? []).filter((g) => g.schoolId === schoolId),
    [grids.data, schoolId],
  );

  const data = coverage.data;
  // The report covers a whole school: a grid leader reaches only their own grids.
  const schoolWide =
    !chosenSchool &&
    coverage.error instanceof ApiError &&
    (coverage.error.status === 403 || coverage.error.status === 404);
  const waiting = orgs.isLoading || grids.isLoading || (!!schoolId && coverage.isLoading);

  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex wrap gap={12} justify="space-between" align="center">
          <Flex vertical gap={2}>
            <Typography.Title level={4} className={styles.pageTitle}>
              {data ? t('coverage.titleOf', { school: data.schoolName }) : t('menu.coverage')}
            </Typography.Title>
            <Typography.Text type="secondary">
              {data
                ? t('coverage.generatedAt', { at: formatDateTime(data.generatedAt) })
                : t('coverage.intro')}
            </Typography.Text>
          </Flex>
          <Space wrap>
            <SchoolSelect value={chosenSchool} onChange={setSchoolId} schools={schools} />
            {!schoolWide && (
              <Button
                icon={<ReloadOutlined />}
                loading={coverage.isFetching}
                disabled={!schoolId}
                onClick={() => void coverage.refetch()}
              >
                {t('coverage.refresh')}
              </Button>
            )}
          </Space>
        </Flex>
      </Card>

      {schoolWide ? (
        <Card>
          <Result
            status="info"
            title={t('coverage.schoolOnly')}
            subTitle={t('coverage.schoolOnlyHint')}
            extra={
              <Button type="primary" onClick={() => void navigate('/grids')}>
                {t('coverage.toMyGrids')}
              </Button>
            }
          />
        </Card>
      ) : coverage.error ? (
        <Alert type="error" showIcon title={errorMessage(coverage.error, t)} />
      ) : waiting ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : !schoolId || !data ? (
        <Card>
          <Empty description={t('coverage.noSchool')} />
        </Card>
      ) : (
        <Report data={data} grids={schoolGrids} />
      )}
    </Flex>
  );
}
