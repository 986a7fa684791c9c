import { useQuery } from '@tanstack/react-query';
import { Select, Spin } from 'antd';
import { useState } from 'react';
import { queryKeys } from '../../api/keys';
import { useT } from '../../i18n/I18nProvider';
import { searchUsers } from './api';
import styles from './grids.module.css';
import { useDebounced } from './useDebounced';
import { withNote } from '../../lib/words';

interface UserSelectProps {
  value?: string | null;
  onChange?: (value: string | null) => void;
  /** the user already chosen, so their name shows before any search */
  initial?: { id: string; name: string } | null;
  allowClear?: boolean;
  disabled?: boolean;
  placeholder?: string;
  /** users not to offer (e.g. those already members) */
  exclude?: readonly string[];
}

/** Pick one active account by name, user name or phone (searched on the server as the user types). */
export function UserSelect({
  value,
  onChange,
  initial,
  allowClear,
  disabled,
  placeholder,
  exclude = [],
}: UserSelectProps) {
  const t = useT();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const [picked, setPicked] = useState<{ id: string; name: string } | null>(initial ?? null);

  const users = useQuery({
    queryKey: [...queryKeys.users, 'pick', q],
    queryFn: () => searchUsers(q),
    staleTime: 30_000,
  });

  const options = (users.data ?? [])
    .filter((u) => !exclude.includes(u.id))
    .map((u) => ({
      value: u.id,
      label: withNote(t, u.displayName, u.username),
      title: u.orgName,
    }));
  if (picked && picked.id === value && !options.some((o) => o.value === picked.id))
    options.push({ value: picked.id, label: picked.name, title: '' });

  return (
    <Select<string>
      allowClear={allowClear}
      disabled={disabled}
      placeholder={placeholder ?? t('grids.userSearch')}
      value={value ?? undefined}
      options={options}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      notFoundContent={users.isFetching ? <Spin size="small" /> : t('grids.userNone')}
      optionRender={(option) => (
        <div>
          <div>{option.label}</div>
          {option.data.title && <div className={styles.optionHint}>{option.data.title}</div>}
        </div>
      )}
      onChange={(id) => {
        const chosen = options.find((o) => o.value === id);
        setPicked(id && chosen ? { id, name: chosen.label } : null);
        onChange?.(id ?? null);
      }}
    />
  );
}
