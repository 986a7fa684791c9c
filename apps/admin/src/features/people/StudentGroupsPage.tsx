import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Card,
  Col,
  Empty,
  Flex,
  Input,
  Progress,
  Row,
  Select,
  Skeleton,
  Statistic,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useMemo, useState } from 'react';
import { queryKeys } from '../../api/keys';
import { ExportButton } from '../../components/ExportButton';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { errorMessage, useT } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { exportStudentGroups, listStudentGroups, type GroupKind, type StudentGroup } from './api';
import { GroupMembersDrawer } from './GroupMembersDrawer';
import styles from './people.module.css';

const GROUP_KINDS: readonly GroupKind[] = ['club', 'association', 'union', 'volunteer', 'other'];
const KIND_COLOR: Record<GroupKind, string> = {
  club: 'blue',
  association: 'purple',
  union: 'red',
  volunteer: 'green',
  other: 'default',
};

export function StudentGroupsPage() {
  const t = useT();
  const [schoolId, setSchoolId, schools] = useSchool();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<GroupKind | undefined>();
  const [open, setOpen] = useState<StudentGroup | null>(null);

  const list = useQuery({
    queryKey: [...queryKeys.studentGroups, schoolId],
    queryFn: () => listStudentGroups(schoolId!),
    enabled: !!schoolId,
  });

  const items = useMemo(() => {
    const needle = q.trim();
    return (list.data?.items ?? []).filter(
      (g) =>
        (!kind || g.kind === kind) &&
        (!needle || g.name.includes(needle) || (g.advisor ?? '').includes(needle)),
    );
  }, [list.data, q, kind]);

  const figures = list.data?.figures;
  const percent = figures ? Math.round(figures.coverage * 100) : 0;

  const columns: TableColumnsType<StudentGroup> = [
    {
      title: t('groups.name'),
      dataIndex: 'name',
      width: 220,
      render: (name: string, g) => (
        <Typography.Link onClick={() => setOpen(g)} title={t('groups.showMembers')}>
          {name}
        </Typography.Link>
      ),
    },
    {
      title: t('groups.kind'),
      dataIndex: 'kind',
      width: 110,
      render: (k: GroupKind) => <Tag color={KIND_COLOR[k]}>{t(`groups.kind.${k}`)}</Tag>,
    },
    { title: t('groups.org'), dataIndex: 'orgName', width: 200 },
    {
      title: t('groups.advisor'),
      dataIndex: 'advisor',
      width: 120,
      render: (a: string | null) => a ?? EMPTY,
    },
    {
      title: t('groups.members'),
      dataIndex: 'members',
      width: 100,
      align: 'right',
      sorter: (a, b) => a.members - b.members,
    },
  ];

  return (
    <Flex vertical gap={16}>
      {schools.length > 1 && (
        <Flex>
          <SchoolSelect value={schoolId} schools={schools} onChange={setSchoolId} />
        </Flex>
      )}

      {list.error && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}

      <Card>
        {!figures ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : (
          <Row gutter={[32, 16]} align="middle">
            <Col xs={24} lg={10}>
              <p className={styles.headline} data-testid="groups-headline">
                {t('groups.headline', { groups: figures.groups, coverage: percent })}
              </p>
              <Typography.Text type="secondary">
                {t('groups.headlineDetail', {
                  inGroups: figures.studentsInGroups,
                  students: figures.students,
                })}
              </Typography.Text>
            </Col>
            <Col xs={12} lg={4}>
              <Statistic title={t('groups.count')} value={figures.groups} suffix={t('groups.unit')} />
            </Col>
            <Col xs={12} lg={4}>
              <Statistic
                title={t('groups.studentsInGroups')}
                value={figures.studentsInGroups}
                suffix={`/ ${figures.students}`}
              />
            </Col>
            <Col xs={24} lg={6}>
              <div className={styles.coverage}>
                <Typography.Text type="secondary">{t('groups.coverage')}</Typography.Text>
                <Progress percent={percent} strokeColor={percent >= 50 ? '#52c41a' : '#1677ff'} />
              </div>
            </Col>
          </Row>
        )}
      </Card>

      <Card>
        <Flex wrap gap={8} className={styles.toolbar}>
          <Input.Search
            allowClear
            placeholder={t('groups.searchPlaceholder')}
            className={styles.filterWide}
            onSearch={setQ}
            onChange={(e) => {
              if (!e.target.value) setQ('');
            }}
          />
          <Select
            allowClear
            placeholder={t('groups.kind')}
            className={styles.filterNarrow}
            value={kind}
            options={GROUP_KINDS.map((k) => ({ value: k, label: t(`groups.kind.${k}`) }))}
            onChange={setKind}
          />
          <ExportButton disabled={!schoolId} onExport={() => exportStudentGroups(schoolId!)}>
            {t('groups.export')}
          </ExportButton>
        </Flex>
        <Table<StudentGroup>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={list.isFetching}
          scroll={{ x: 760 }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={q || kind ? t('common.noMatch') : t('groups.empty')}
              />
            ),
          }}
          pagination={{
            showSizeChanger: true,
            defaultPageSize: 20,
            showTotal: (total) => t('common.total', { total }),
          }}
        />
      </Card>
      {open && <GroupMembersDrawer group={open} onClose={() => setOpen(null)} />}
    </Flex>
  );
}
