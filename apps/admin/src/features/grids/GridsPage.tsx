import { Card, Empty, Flex } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useOrgs } from '../../api/orgs';
import { GRID_LEVELS, type GridLevel } from '../../api/types';
import { SchoolSelect, useSchool } from '../../components/SchoolSelect';
import { useT } from '../../i18n/I18nProvider';
import { useCan } from '../../session/CurrentUser';
import { exportGrids, useGridDetail } from './api';
import { GridDetailPanel } from './GridDetailPanel';
import { GridFormModal, type GridFormTarget } from './GridFormModal';
import { GridTreePanel, type GridTreeFilters } from './GridTreePanel';
import { useGridTree } from './useGridTree';
import { kindOfLevel, type GridKind } from './model';
import styles from './grids.module.css';

function isLevel(value: string | null): value is GridLevel {
  return value !== null && (GRID_LEVELS as string[]).includes(value);
}

/**
 * 网格: the grid tree of a school and the chosen grid's details. `?open=<gridId>` opens a grid
 * (links from the coverage report and the map), `?level=<level>` filters the tree to one level.
 */
export function GridsPage() {
  const t = useT();
  const can = useCan();
  const [params, setParams] = useSearchParams();
  const [schoolId, setSchoolId, schools] = useSchool();
  const orgs = useOrgs();
  const openId = params.get('open');
  const levelParam = params.get('level');
  const level = isLevel(levelParam) ? levelParam : undefined;
  const openGrid = useGridDetail(openId ?? undefined).data;

  const [kindChoice, setKindChoice] = useState<GridKind | null>(null);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<string[] | null>(null);
  const [form, setForm] = useState<GridFormTarget | null>(null);

  // The tab follows what was asked for: a level in the address, else the opened grid.
  const kind: GridKind = kindChoice ?? (level ? kindOfLevel(level) : (openGrid?.kind ?? 'physical'));
  const filters: GridTreeFilters = { kind, level, search };
  // Read a part at a time; a grid leader sees no school: their tree is not narrowed to one.
  const tree = useGridTree({
    schoolId,
    kind,
    level,
    search,
    expanded,
    selectedId: openId,
    enabled: !orgs.isLoading,
  });

  const setParam = (name: 'open' | 'level', value: string | undefined) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );

  const onFilters = (patch: Partial<GridTreeFilters>) => {
    if (patch.kind !== undefined) setKindChoice(patch.kind);
    if ('level' in patch) setParam('level', patch.level);
    if (patch.search !== undefined) setSearch(patch.search);
    setExpanded(null);
  };

  const select = (id: string) => setParam('open', id);

  const doExport = () => exportGrids({ schoolId, kind, level, q: search.trim() || undefined });

  // New top-level grids need the school; a leader adds grids only below their own.
  const canCreateRoot = !!schoolId && can('grid.manage');

  return (
    <Flex gap={16} align="flex-start" wrap className={styles.page}>
      <GridTreePanel
        tree={orgs.isLoading ? { ...tree, loading: true } : tree}
        filters={filters}
        onFilters={onFilters}
        selectedId={openId}
        onSelect={select}
        onExpand={setExpanded}
        schoolPicker={
          <SchoolSelect
            value={schoolId}
            onChange={(id) => {
              setSchoolId(id);
              setExpanded(null);
              setParam('open', undefined);
            }}
            schools={schools}
          />
        }
        onExport={doExport}
        onCreateRoot={
          canCreateRoot ? () => setForm({ mode: 'create', parent: null, kind, schoolId }) : undefined
        }
      />

      <div className={styles.detailColumn}>
        {openId ? (
          <GridDetailPanel
            key={openId}
            gridId={openId}
            onOpen={select}
            onCreateChild={(parent) =>
              setForm({ mode: 'create', parent, kind: parent.kind, schoolId: parent.schoolId })
            }
            onEdit={(grid) => setForm({ mode: 'edit', grid })}
            onDeleted={(parentId) => setParam('open', parentId ?? undefined)}
          />
        ) : (
          <Card>
            <Empty description={t('grids.selectHint')} />
          </Card>
        )}
      </div>

      {form && (
        <GridFormModal
          target={form}
          onClose={() => setForm(null)}
          onSaved={(grid) => {
            setForm(null);
            if (grid.kind !== kind) setKindChoice(grid.kind);
            if (grid.parentId) setExpanded((keys) => (keys ? [...new Set([...keys, grid.parentId!])] : keys));
            select(grid.id);
          }}
        />
      )}
    </Flex>
  );
}
