import { Select, Typography } from 'antd';
import type { CSSProperties } from 'react';
import { GRID_PICK_PAGE, useGridNames, useGridSearch } from '../api/grids';
import { useT } from '../i18n/I18nProvider';
import styles from './GridSelect.module.css';

type Value = string | string[];

interface GridSelectProps<V extends Value> {
  id?: string;
  schoolId: string | undefined;
  value?: V;
  onChange?: (value: V | undefined) => void;
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  'aria-label'?: string;
  'data-testid'?: string;
}

const asList = (v: Value | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Picks one grid (or several) of the grids the user sees, searched on the server as one types:
 * the first 50 when nothing is typed, never the whole list. A chosen grid keeps its name.
 */
export function GridSelect<V extends Value = string>({
  id,
  schoolId,
  value,
  onChange,
  multiple,
  placeholder,
  allowClear,
  style,
  'aria-label': ariaLabel,
  'data-testid': testId,
}: GridSelectProps<V>) {
  const t = useT();
  const { text, setText, found, searching } = useGridSearch(schoolId);
  const chosen = asList(value);
  const names = useGridNames(chosen);
  const items = found.data?.items ?? [];
  const shown = new Set(items.map((g) => g.id));
  const options = [
    ...items.map((g) => ({ value: g.id, label: g.name })),
    // chosen grids outside the first page, so the box still shows their names (while typing, the
    // select keeps the labels it has seen)
    ...(text
      ? []
      : chosen.filter((g) => !shown.has(g)).map((g) => ({ value: g, label: names.get(g) ?? '…' }))),
  ];
  const more = (found.data?.total ?? 0) > GRID_PICK_PAGE;
  return (
    <Select<V>
      id={id}
      aria-label={ariaLabel}
      data-testid={testId}
      mode={multiple ? 'multiple' : undefined}
      value={value}
      onChange={(v) => onChange?.(v)}
      options={options}
      loading={found.isLoading || searching}
      placeholder={placeholder}
      allowClear={allowClear}
      style={style}
      popupMatchSelectWidth={false}
      showSearch={{ filterOption: false, searchValue: text, onSearch: setText }}
      onBlur={() => setText('')}
      // a grid picked among the matches: the next search starts afresh (as an unsearched select does)
      onSelect={() => setText('')}
      notFoundContent={searching ? t('gridPick.searching') : t('gridPick.none')}
      popupRender={(menu) => (
        <>
          {menu}
          {more && (
            <Typography.Text type="secondary" className={styles.more}>
              {t('gridPick.more', { n: found.data?.total ?? 0 })}
            </Typography.Text>
          )}
        </>
      )}
    />
  );
}
