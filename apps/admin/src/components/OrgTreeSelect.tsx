import { TreeSelect } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useOrgs } from '../api/orgs';
import { buildOrgForest, type OrgNode } from '../lib/orgTree';

interface OrgOption {
  value: string;
  title: string;
  children: OrgOption[];
}

function toOptions(nodes: OrgNode[]): OrgOption[] {
  return nodes.map(({ org, children }) => ({
    value: org.id,
    title: org.name,
    children: toOptions(children),
  }));
}

interface OrgTreeSelectProps {
  /** set by Form.Item, so that its label names this control */
  id?: string;
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
}

/** Picks one organisation from the tree the user can see; fits both forms and filter bars. */
export function OrgTreeSelect({ id, value, onChange, placeholder, allowClear, style }: OrgTreeSelectProps) {
  const { data: orgs = [], isLoading } = useOrgs();
  const treeData = useMemo(() => toOptions(buildOrgForest(orgs)), [orgs]);
  return (
    <TreeSelect<string>
      id={id}
      value={value}
      onChange={onChange}
      treeData={treeData}
      loading={isLoading}
      placeholder={placeholder}
      allowClear={allowClear}
      showSearch={{ treeNodeFilterProp: 'title' }}
      treeDefaultExpandAll
      style={style}
    />
  );
}
