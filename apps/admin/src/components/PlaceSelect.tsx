import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useEffect, useState, type CSSProperties } from 'react';
import { queryKeys } from '../api/keys';
import { searchPlaces } from '../api/places';
import type { Place } from '../api/types';
import { useT } from '../i18n/I18nProvider';
import { withNote } from '../lib/words';

type PlaceKind = Place['kind'];

interface PlaceSelectProps {
  id?: string;
  schoolId: string | undefined;
  /** the kinds offered; with an empty search the first kind is listed */
  kinds: readonly PlaceKind[];
  /** label of the current value, shown before any search (an edited record's room) */
  initialLabel?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  className?: string;
}

/** Finds a building, floor or room of the school by name or code, asking the server as one types. */
export function PlaceSelect({
  id,
  schoolId,
  kinds,
  initialLabel,
  value,
  onChange,
  placeholder,
  allowClear,
  style,
  className,
}: PlaceSelectProps) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [q, setQ] = useState('');
  const [labels, setLabels] = useState<Map<string, string>>(() => new Map());

  useEffect(() => {
    const timer = setTimeout(() => setQ(search.trim()), 300);
    return () => clearTimeout(timer);
  }, [search]);

  // One kind: always that one. Several: an empty search lists the first (buildings), a search all.
  const kind = kinds.length === 1 || !q ? kinds[0] : undefined;
  const list = useQuery({
    queryKey: [...queryKeys.places, 'pick', schoolId, kind, q],
    queryFn: () => searchPlaces(schoolId!, kind, q),
    enabled: !!schoolId,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const label = (p: Place) =>
    kinds.length > 1
      ? `${t(`places.kind.${p.kind}`)} · ${withNote(t, p.name, p.code)}`
      : withNote(t, p.name, p.code);

  const options = (list.data ?? [])
    .filter((p) => kinds.includes(p.kind))
    .map((p) => ({ value: p.id, label: label(p) }));
  // The chosen place stays named while a later search lists other places.
  const current = value ? (labels.get(value) ?? initialLabel) : undefined;
  if (value && current && !options.some((o) => o.value === value)) options.unshift({ value, label: current });

  return (
    <Select<string>
      id={id}
      value={value}
      allowClear={allowClear}
      placeholder={placeholder}
      style={style}
      className={className}
      loading={list.isFetching}
      options={options}
      popupMatchSelectWidth={false}
      notFoundContent={list.isFetching ? undefined : t('places.pickNoMatch')}
      showSearch={{ filterOption: false, onSearch: setSearch, searchValue: search }}
      onChange={(next, option) => {
        if (next && option && !Array.isArray(option) && typeof option.label === 'string') {
          const text = option.label;
          setLabels((m) => new Map(m).set(next, text));
        }
        setSearch('');
        onChange?.(next);
      }}
    />
  );
}
