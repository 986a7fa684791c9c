import { Select } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useGridNames, useGridSearch } from '../api/grids';
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
 * The units work can go to (a request, a hazard's rectification): the school's departments, and
 * grids (searched on the server by UnitSelect, named by id with `nameOf`). `kindOf` tells which an
 * id is: any id that is not one of the departments is a grid.
 */
export function useUnits(schoolId: string | undefined, gridIds: readonly string[] = []) {
  const orgs = useOrgs();
  const gridNames = useGridNames(gridIds);
  const departments = useMemo(() => departmentsOf(orgs.data ?? [], schoolId), [orgs.data, schoolId]);
  const deptIds = new Set(departments.map((d) => d.id));
  return {
    departments,
    loading: orgs.isLoading,
    kindOf: (id: string): UnitKind => (deptIds.has(id) ? 'org' : 'grid'),
    nameOf: (id: string): string | undefined =>
      departments.find((d) => d.id === id)?.name ?? gridNames.get(id),
  };
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

/**
 * Picks a responsible unit: a department of the school or a grid, searched by name as one types
 * (the grids on the server, the first 50 when nothing is typed).
 */
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
  const withGrids = kinds.includes('grid');
  const units = useUnits(schoolId, value && withGrids ? [value] : []);
  const { text, setText, found, searching } = useGridSearch(schoolId, withGrids);
  const typed = text.trim().toLowerCase();
  const departments = kinds.includes('org')
    ? units.departments.filter((d) => !typed || d.name.toLowerCase().includes(typed))
    : [];
  const grids = withGrids ? (found.data?.items ?? []) : [];
  const chosenGrid =
    withGrids && !typed && value && units.kindOf(value) === 'grid' && !grids.some((g) => g.id === value)
      ? [{ value, label: units.nameOf(value) ?? '…' }]
      : [];
  const gridOptions = [...grids.map((g) => ({ value: g.id, label: g.name })), ...chosenGrid];
  const options = [
    ...(departments.length
      ? [
          {
            label: t('unit.departments'),
            title: 'org',
            options: departments.map((d) => ({ value: d.id, label: d.name })),
          },
        ]
      : []),
    ...(gridOptions.length ? [{ label: t('unit.grids'), title: 'grid', options: gridOptions }] : []),
  ];
  return (
    <Select<string>
      id={id}
      data-testid={testId}
      value={value}
      onChange={onChange}
      options={options}
      loading={units.loading || (withGrids && (found.isLoading || searching))}
      placeholder={placeholder}
      allowClear={allowClear}
      style={style}
      popupMatchSelectWidth={false}
      showSearch={{ filterOption: false, searchValue: text, onSearch: setText }}
      onBlur={() => setText('')}
      notFoundContent={searching ? t('gridPick.searching') : undefined}
    />
  );
}
