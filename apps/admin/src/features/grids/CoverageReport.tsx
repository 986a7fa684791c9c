import { CheckCircleFilled } from '@ant-design/icons';
import { Card, Col, Empty, Flex, Progress, Result, Row, Space, Statistic, Typography } from 'antd';
import { Link } from 'react-router';
import type { Coverage } from '../../api/types';
import { useT } from '../../i18n/I18nProvider';
import { useGridCounts } from './api';
import { levelLink } from './coverageLinks';
import { ItemTables } from './CoverageTables';
import styles from './coverage.module.css';

/** The coverage report of a school (CoveragePage.tsx): the figures, per level, then the tables. */

type LevelFigures = Coverage['levels'][number];

const GREEN = '#52c41a';
const ORANGE = '#fa8c16';

function LevelCard({ fig, grids }: { fig: LevelFigures; grids: number | undefined }) {
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
          {grids !== undefined && (
            <Typography.Text type="secondary" className={styles.gridCount}>
              {t('coverage.levelGrids', { count: grids })}
            </Typography.Text>
          )}
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

export function Report({ data }: { data: Coverage }) {
  const t = useT();
  const gridCounts = useGridCounts(
    data.schoolId,
    data.levels.map((l) => l.level),
  );
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
                  <LevelCard fig={fig} grids={gridCounts.get(fig.level)} />
                </Col>
              ))}
            </Row>
          </div>
        ))}

      <ItemTables data={data} />
    </Flex>
  );
}
