import { ApartmentOutlined, TeamOutlined } from '@ant-design/icons';
import type { RealtimeEvent } from '@anxiao/contracts';
import { api, bodyOf } from '@anxiao/web-core';
import { useQuery } from '@tanstack/react-query';
import { Card, Col, Empty, Flex, Row, Statistic, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { queryKeys } from '../../api/keys';
import { useOrgs } from '../../api/orgs';
import { useI18n } from '../../i18n/I18nProvider';
import { useRecentEvents } from '../../realtime/RealtimeProvider';
import { useCan, useCurrentUser } from '../../session/CurrentUser';
import styles from './DashboardPage.module.css';

/** A human-readable name out of an event payload, when it carries one. */
function payloadSummary(payload: RealtimeEvent['payload']): string | null {
  if ('displayName' in payload) return payload.displayName;
  if ('name' in payload) return payload.name;
  return null;
}

function useVisibleUserCount(enabled: boolean) {
  return useQuery({
    queryKey: [...queryKeys.users, 'count'],
    queryFn: async () =>
      (await bodyOf(api.GET('/api/users', { params: { query: { page: 1, pageSize: 1 } } }))).total,
    enabled,
  });
}

function RecentEvents({ orgNames }: { orgNames: Map<string, string> }) {
  const { t, tCode } = useI18n();
  const events = useRecentEvents();
  if (events.length === 0) return <Empty description={t('dashboard.noEvents')} />;
  const item = (e: RealtimeEvent) => {
    const summary = payloadSummary(e.payload);
    const org = e.orgId ? orgNames.get(e.orgId) : undefined;
    return {
      key: e.id,
      title: dayjs(e.occurredAt).format('HH:mm:ss'),
      content: (
        <Flex vertical>
          <Typography.Text strong>{tCode('event', e.type)}</Typography.Text>
          <Typography.Text type="secondary">
            {[...new Set([summary, org])].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Flex>
      ),
    };
  };
  return <Timeline titleSpan="88px" items={events.map(item)} />;
}

export function DashboardPage() {
  const { t } = useI18n();
  const me = useCurrentUser();
  const can = useCan();
  const orgs = useOrgs(can('org.read'));
  const userCount = useVisibleUserCount(can('user.read'));
  const orgNames = useMemo(() => new Map((orgs.data ?? []).map((org) => [org.id, org.name])), [orgs.data]);

  return (
    <Flex vertical gap={16}>
      <Card>
        <Typography.Title level={4} className={styles.welcome}>
          {t('dashboard.welcome', { name: me.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('dashboard.homeOrg', { org: me.orgName })}</Typography.Text>
        <Flex wrap gap={4} className={styles.memberships}>
          {me.memberships.map((m) => (
            <Tag key={`${m.orgId}:${m.role}`} color="blue">
              {t(`role.${m.role}`)} · {m.orgName}
            </Tag>
          ))}
        </Flex>
      </Card>

      <Row gutter={[16, 16]}>
        {can('org.read') && (
          <Col xs={24} sm={12} lg={6}>
            <Card>
              <Statistic
                title={t('dashboard.orgCount')}
                value={orgs.data?.length ?? 0}
                loading={orgs.isLoading}
                prefix={<ApartmentOutlined />}
              />
            </Card>
          </Col>
        )}
        {can('user.read') && (
          <Col xs={24} sm={12} lg={6}>
            <Card>
              <Statistic
                title={t('dashboard.userCount')}
                value={userCount.data ?? 0}
                loading={userCount.isLoading}
                prefix={<TeamOutlined />}
              />
            </Card>
          </Col>
        )}
      </Row>

      <Card
        title={t('dashboard.recentEvents')}
        extra={<Typography.Text type="secondary">{t('dashboard.liveHint')}</Typography.Text>}
      >
        <RecentEvents orgNames={orgNames} />
      </Card>
    </Flex>
  );
}
