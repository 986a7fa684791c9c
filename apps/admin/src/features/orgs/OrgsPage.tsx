import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Empty, Flex, Space, Spin, Tag, Tree, Typography } from 'antd';
import type { DescriptionsProps, TreeDataNode } from 'antd';
import { useMemo, useState } from 'react';
import { useOrgs } from '../../api/orgs';
import type { Org } from '../../api/types';
import { errorMessage, useT, type Translate } from '../../i18n/I18nProvider';
import { EMPTY } from '../../lib/format';
import { buildOrgForest, type OrgNode } from '../../lib/orgTree';
import { useCan } from '../../session/CurrentUser';
import { OrgFormModal, type OrgFormTarget } from './OrgFormModal';
import styles from './OrgsPage.module.css';

function toTreeData(nodes: OrgNode[], t: Translate): TreeDataNode[] {
  return nodes.map(({ org, children }) => ({
    key: org.id,
    title: (
      <Space size={4}>
        <span className={org.status === 'disabled' ? styles.disabled : undefined}>{org.name}</span>
        <Typography.Text type="secondary" className={styles.kind}>
          {t(`orgKind.${org.kind}`)}
        </Typography.Text>
      </Space>
    ),
    children: toTreeData(children, t),
  }));
}

/** The first two levels: enough to orient in a district without unfolding every class. */
function topKeys(forest: OrgNode[]): string[] {
  return forest.flatMap((root) => [root.org.id, ...root.children.map((child) => child.org.id)]);
}

function OrgDetails({ org, parent }: { org: Org; parent: Org | undefined }) {
  const t = useT();
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('orgs.name'), children: org.name },
    { key: 'code', label: t('orgs.code'), children: org.code },
    { key: 'kind', label: t('orgs.kind'), children: t(`orgKind.${org.kind}`) },
    ...(org.kind === 'school'
      ? [
          {
            key: 'schoolType',
            label: t('orgs.schoolType'),
            children: org.schoolType ? t(`schoolType.${org.schoolType}`) : EMPTY,
          },
        ]
      : []),
    { key: 'parent', label: t('orgs.parent'), children: parent?.name ?? EMPTY },
    {
      key: 'status',
      label: t('common.status'),
      children: <Tag color={org.status === 'active' ? 'green' : 'default'}>{t(`status.${org.status}`)}</Tag>,
    },
    { key: 'address', label: t('orgs.address'), children: org.address ?? EMPTY },
    { key: 'phone', label: t('orgs.phone'), children: org.phone ?? EMPTY },
    ...(org.kind === 'school'
      ? [{ key: 'dutyPhone', label: t('orgs.dutyPhone'), children: org.dutyPhone ?? EMPTY }]
      : []),
    { key: 'sort', label: t('orgs.sort'), children: org.sort },
  ];
  return <Descriptions column={1} bordered size="small" items={items} />;
}

export function OrgsPage() {
  const t = useT();
  const can = useCan();
  const { data: orgs, isLoading, error } = useOrgs();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [formTarget, setFormTarget] = useState<OrgFormTarget | null>(null);
  // null until the user folds or unfolds something: then their choice is kept.
  const [expanded, setExpanded] = useState<string[] | null>(null);

  const byId = useMemo(() => new Map((orgs ?? []).map((org) => [org.id, org])), [orgs]);
  const forest = useMemo(() => buildOrgForest(orgs ?? []), [orgs]);
  const treeData = useMemo(() => toTreeData(forest, t), [forest, t]);
  const selected = selectedId ? byId.get(selectedId) : undefined;
  const expandedKeys = expanded ?? topKeys(forest);
  const canManage = can('org.manage');

  if (error) return <Alert type="error" showIcon title={errorMessage(error, t)} />;

  return (
    <Flex gap={16} align="flex-start" wrap>
      <Card title={t('orgs.tree')} className={styles.treeCard} classNames={{ body: styles.treeBody }}>
        {isLoading ? (
          <Spin />
        ) : treeData.length === 0 ? (
          <Empty description={t('orgs.none')} />
        ) : (
          <Tree
            showLine
            blockNode
            treeData={treeData}
            expandedKeys={expandedKeys}
            onExpand={(keys) => setExpanded(keys.map(String))}
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(keys) => setSelectedId(keys[0] === undefined ? null : String(keys[0]))}
          />
        )}
      </Card>

      <Card
        className={styles.detailCard}
        title={selected?.name ?? t('orgs.details')}
        extra={
          selected &&
          canManage && (
            <Space>
              <Button
                icon={<PlusOutlined />}
                onClick={() => setFormTarget({ mode: 'create', parent: selected })}
              >
                {t('orgs.createChild')}
              </Button>
              <Button icon={<EditOutlined />} onClick={() => setFormTarget({ mode: 'edit', org: selected })}>
                {t('common.edit')}
              </Button>
            </Space>
          )
        }
      >
        {selected ? (
          <OrgDetails org={selected} parent={selected.parentId ? byId.get(selected.parentId) : undefined} />
        ) : (
          <Empty description={t('orgs.selectHint')} />
        )}
      </Card>

      {formTarget && (
        <OrgFormModal
          target={formTarget}
          onClose={() => setFormTarget(null)}
          onSaved={(org) => {
            setFormTarget(null);
            setSelectedId(org.id);
            if (org.parentId) setExpanded([...expandedKeys, org.parentId]);
          }}
        />
      )}
    </Flex>
  );
}
