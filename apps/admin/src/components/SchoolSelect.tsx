import { Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useOrgs } from '../api/orgs';
import { useT } from '../i18n/I18nProvider';

const STORAGE_KEY = 'anxiao.school';

/**
 * The school a page works on. Most users have one; platform admins, police and supervisors see
 * several and pick one (remembered across pages). Undefined while loading or when the user sees
 * no school as such (a grid leader reaches grids, not the school).
 */
export function useSchool(): [string | undefined, (id: string) => void, { id: string; name: string }[]] {
  const { data: orgs = [] } = useOrgs();
  const schools = useMemo(
    () => orgs.filter((o) => o.kind === 'school').map((o) => ({ id: o.id, name: o.name })),
    [orgs],
  );
  const [chosen, setChosen] = useState<string | null>(() => localStorage.getItem(STORAGE_KEY));
  const current = schools.find((s) => s.id === chosen)?.id ?? schools[0]?.id;
  useEffect(() => {
    if (current && current !== chosen) setChosen(current);
  }, [current, chosen]);
  const choose = (id: string) => {
    localStorage.setItem(STORAGE_KEY, id);
    setChosen(id);
  };
  return [current, choose, schools];
}

/** The school picker for a page header; hidden when there is only one school to choose. */
export function SchoolSelect({
  value,
  onChange,
  schools,
}: {
  value: string | undefined;
  onChange: (id: string) => void;
  schools: { id: string; name: string }[];
}) {
  const t = useT();
  if (schools.length <= 1) return null;
  return (
    <Select
      aria-label={t('common.schoolSelect')}
      style={{ minWidth: 220 }}
      value={value}
      onChange={onChange}
      options={schools.map((s) => ({ value: s.id, label: s.name }))}
    />
  );
}
