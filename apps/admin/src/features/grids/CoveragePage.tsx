import { ReloadOutlined } from '@ant-design/icons';
import { ApiError } from '@anxiao/web-core';
import { Alert, Button, Card, Empty, Flex, Result, Skeleton, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useOrgs } from '../../api/orgs';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/format';
import { useCoverage, useFirstGrid } from './api';
import { Report } from './CoverageReport';
import styles from './coverage.module.css';

/** 全覆盖检查: are all rooms and students in exactly one grid at every level, and every grid led? */
export function CoveragePage() {
  const t = useT();
  const navigate = useNavigate();
  const [chosenSchool, setSchoolId, schools] = useSchool();
  const orgs = useOrgs();
  // A grid leader sees no school as such: their first grid tells which one it is.
  const firstGrid = useFirstGrid(!orgs.isLoading && !chosenSchool);
  const schoolId = chosenSchool ?? firstGrid.data?.schoolId;
  const coverage = useCoverage(schoolId);

  const data = coverage.data;
  // The report covers a whole school: a grid leader reaches only their own grids.
  const schoolWide =
    !chosenSchool &&
    coverage.error instanceof ApiError &&
    (coverage.error.status === 403 || coverage.error.status === 404);
  const waiting =
    orgs.isLoading || (!chosenSchool && firstGrid.isLoading) || (!!schoolId && coverage.isLoading);

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
                onClick={() => void coverage.recheck()}
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
        <Report data={data} />
      )}
    </Flex>
  );
}
