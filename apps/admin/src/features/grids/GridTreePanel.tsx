import { ExclamationCircleFilled, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Input, Segmented, Select, Spin, Tag, Tooltip, Tree } from 'antd';
import type { TreeDataNode } from 'antd';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { Grid, GridLevel } from '../../api/types';
import { ExportButton } from '../../components/ExportButton';
import { errorMessage, useT, type Translate } from '../../i18n/I18nProvider';
import { buildGridForest, GRID_KINDS, LEVEL_COLOR, levelsOf, type GridKind, type GridNode } from './model';
import type { GridTree } from './useGridTree';
import styles from './grids.module.css';

function nodeTitle(grid: Grid, t: Translate): ReactNode {
  return (
    <span className={styles.node}>
      <Tag color={LEVEL_COLOR[grid.level]} className={styles.levelTag}>
        {t(`grids.level.${grid.level}`)}
      </Tag>
      <span className={styles.nodeName}>{grid.name}</span>
      {grid.leaderName ? (
        <span className={styles.nodeLeader}>{grid.leaderName}</span>
      ) : (
        <Tooltip title={t('grids.noLeader')}>
          <ExclamationCircleFilled className={styles.warnIcon} aria-label={t('grids.noLeader')} />
        </Tooltip>
      )}
    </span>
  );
}

/** The forest cut down to what matches (and the way to it); everything when nothing is asked. */
function prune(nodes: GridNode[], keep: ((g: Grid) => boolean) | null): GridNode[] {
  if (!keep) return nodes;
  return nodes.flatMap((node) => {
    const children = prune(node.children, keep);
    return keep(node.grid) || children.length > 0 ? [{ grid: node.grid, children }] : [];
  });
}

/** Browsing, a grid with sub-grids not read yet can still be opened; a search shows what it found. */
function toTreeData(nodes: GridNode[], t: Translate, searching: boolean): TreeDataNode[] {
  return nodes.map(({ grid, children }) => ({
    key: grid.id,
    title: nodeTitle(grid, t),
    isLeaf: searching ? children.length === 0 : grid.childCount === 0,
    children: toTreeData(children, t, searching),
  }));
}

export interface GridTreeFilters {
  kind: GridKind;
  level: GridLevel | undefined;
  search: string;
}

interface GridTreePanelProps {
  /** the grids read so far (see useGridTree) */
  tree: GridTree;
  filters: GridTreeFilters;
  onFilters: (patch: Partial<GridTreeFilters>) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  onExpand: (keys: string[]) => void;
  schoolPicker: ReactNode;
  onExport: (() => Promise<unknown>) | undefined;
  onCreateRoot: (() => void) | undefined;
}

export function GridTreePanel({
  tree,
  filters,
  onFilters,
  selectedId,
  onSelect,
  onExpand,
  schoolPicker,
  onExport,
  onCreateRoot,
}: GridTreePanelProps) {
  const t = useT();
  const bodyRef = useRef<HTMLDivElement>(null);
  const { kind, level } = filters;
  const { grids, matchIds, matchTotal, expandedKeys, loading, error } = tree;

  const ofKind = useMemo(() => grids.filter((g) => g.kind === kind), [grids, kind]);
  const forest = useMemo(() => buildGridForest(ofKind), [ofKind]);
  const keep = useMemo(() => (matchIds ? (g: Grid) => matchIds.has(g.id) : null), [matchIds]);
  const pruned = useMemo(() => prune(forest, keep), [forest, keep]);
  const treeData = useMemo(() => toTreeData(pruned, t, !!keep), [pruned, t, keep]);

  // Bring the selection into view once it is in the tree (a deep link may point far down); after
  // the unfolding animation, so that the node is where it will stay.
  const selectedInTree = !!selectedId && ofKind.some((g) => g.id === selectedId);
  useEffect(() => {
    if (!selectedInTree) return;
    const timer = setTimeout(() => {
      const node = bodyRef.current?.querySelector('.ant-tree-treenode-selected');
      node?.scrollIntoView({ block: 'nearest' });
    }, 350);
    return () => clearTimeout(timer);
  }, [selectedInTree, selectedId]);

  const matches = matchIds ? (matchTotal ?? matchIds.size) : undefined;

  return (
    <Card
      title={t('grids.tree')}
      className={styles.treeCard}
      classNames={{ body: styles.treeCardBody }}
      extra={
        <Flex gap={8}>
          {onCreateRoot && (
            <Tooltip title={t(kind === 'physical' ? 'grids.createRootPhysical' : 'grids.createRootVirtual')}>
              <Button
                size="small"
                icon={<PlusOutlined />}
                aria-label={t('grids.createRoot')}
                onClick={onCreateRoot}
              />
            </Tooltip>
          )}
          {onExport && (
            <ExportButton size="small" onExport={onExport}>
              {t('grids.export')}
            </ExportButton>
          )}
        </Flex>
      }
    >
      <Flex vertical gap={8} className={styles.treeToolbar}>
        {schoolPicker}
        <Segmented<GridKind>
          block
          value={kind}
          options={GRID_KINDS.map((k) => ({ value: k, label: t(`grids.kind.${k}`) }))}
          onChange={(next) => onFilters({ kind: next, level: undefined })}
        />
        <Flex gap={8}>
          <Input
            allowClear
            prefix={<SearchOutlined className={styles.muted} />}
            placeholder={t('grids.searchPlaceholder')}
            value={filters.search}
            onChange={(e) => onFilters({ search: e.target.value })}
          />
          <Select<GridLevel>
            allowClear
            placeholder={t('grids.filterLevel')}
            className={styles.levelFilter}
            value={level}
            options={levelsOf(kind).map((l) => ({ value: l, label: t(`grids.level.${l}`) }))}
            onChange={(next) => onFilters({ level: next })}
          />
        </Flex>
        {matches !== undefined && (
          <span className={styles.muted}>{t('grids.matches', { count: matches })}</span>
        )}
      </Flex>
      <div ref={bodyRef} className={styles.treeBody}>
        {error ? (
          <Alert type="error" showIcon title={errorMessage(error, t)} />
        ) : loading ? (
          <Spin />
        ) : treeData.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={keep ? t('grids.noMatch') : t(`grids.noneOfKind.${kind}`)}
          />
        ) : (
          <Tree
            showLine
            blockNode
            treeData={treeData}
            expandedKeys={expandedKeys}
            onExpand={(keys) => onExpand(keys.map(String))}
            selectedKeys={selectedId ? [selectedId] : []}
            onSelect={(keys) => {
              if (keys[0] !== undefined) onSelect(String(keys[0]));
            }}
          />
        )}
      </div>
    </Card>
  );
}
