import { Select } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useGridOptions } from '../api/grids';
import { useOrgs } from '../api/orgs';
import type { Org } from '../api/types';
import { useT } from '../i18n/I18nProvider';

export type UnitKind = 'org' | 'grid';

/** The departments of a school: organisations of kind department anywhere under it. */
function departmentsOf(orgs: readonly Org[], schoolId: string | undefined): Org[] {
  if (!schoolId) return [];
  const children = new Map<string, Org[]>();
  for (const o of orgs) {
    if (!o.parentId) continue;
    const list = children.get(o.parentId) ?? [];
    list.push(o);
    children.set(o.parentId, list);
  }
  const out: Org[] = [];
  const walk = (id: string) => {
    for (const c of children.get(id) ?? []) {
      if (c.kind === 'department') out.push(c);
      walk(c.id);
    }
  };
  walk(schoolId);
  return out.sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name, 'zh-CN'));
}

/**
 * The units work can go to (a request, a hazard's rectification): the school's departments and the
 * grids the user sees (of the school when known). `kindOf` tells which an id is.
 */
export function useUnits(schoolId: string | undefined, { grids: withGrids = true } = {}) {
  const orgs = useOrgs();
  const grids = useGridOptions(schoolId, withGrids);
  return useMemo(() => {
    const departments = departmentsOf(orgs.data ?? [], schoolId);
    const gridList = withGrids ? (grids.data ?? []).filter((g) => !schoolId || g.schoolId === schoolId) : [];
    const deptIds = new Set(departments.map((d) => d.id));
    return {
      departments,
      grids: gridList,
      loading: orgs.isLoading || (withGrids && grids.isLoading),
      kindOf: (id: string): UnitKind => (deptIds.has(id) ? 'org' : 'grid'),
    };
  }, [orgs.data, orgs.isLoading, grids.data, grids.isLoading, schoolId, withGrids]);
}

interface UnitSelectProps {
  id?: string;
  schoolId: string | undefined;
  value?: string;
  onChange?: (value: string | undefined) => void;
  /** which kinds to offer; both by default */
  kinds?: readonly UnitKind[];
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  'data-testid'?: string;
}

/** Picks a responsible unit: a department of the school or a grid, searched by name. */
export function UnitSelect({
  id,
  schoolId,
  value,
  onChange,
  kinds = ['org', 'grid'],
  placeholder,
  allowClear,
  style,
  'data-testid': testId,
}: UnitSelectProps) {
  const t = useT();
  const units = useUnits(schoolId, { grids: kinds.includes('grid') });
  const options = [
    ...(kinds.includes('org') && units.departments.length
      ? [
          {
            label: t('unit.departments'),
            title: 'org',
            options: units.departments.map((d) => ({ value: d.id, label: d.name })),
          },
        ]
      : []),
    ...(kinds.includes('grid') && units.grids.length
      ? [
          {
            label: t('unit.grids'),
            title: 'grid',
            options: units.grids.map((g) => ({ value: g.id, label: g.name })),
          },
        ]
      : []),
  ];
  return (
    <Select<string>
      id={id}
      data-testid={testId}
      value={value}
      onChange={onChange}
      options={options}
      loading={units.loading}
      placeholder={placeholder}
      allowClear={allowClear}
      style={style}
      popupMatchSelectWidth={false}
      showSearch={{ optionFilterProp: 'label' }}
    />
  );
}
