import { TreeSelect } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useOrgs } from '../../api/orgs';
import type { OrgKind } from '../../api/types';
import { buildOrgForest, type OrgNode } from '../../lib/orgTree';

interface Option {
  value: string;
  title: string;
  selectable: boolean;
  children: Option[];
}

function findNode(nodes: OrgNode[], id: string): OrgNode | undefined {
  for (const node of nodes) {
    if (node.org.id === id) return node;
    const found = findNode(node.children, id);
    if (found) return found;
  }
  return undefined;
}

/** The subtree as options; a branch with nothing to pick in it is left out. */
function toOption(node: OrgNode, selectable: readonly OrgKind[]): Option | null {
  const children = node.children
    .map((child) => toOption(child, selectable))
    .filter((o): o is Option => o !== null);
  const pickable = selectable.includes(node.org.kind);
  if (!pickable && children.length === 0) return null;
  return { value: node.org.id, title: node.org.name, selectable: pickable, children };
}

interface SchoolOrgSelectProps {
  /** set by Form.Item, so that its label names this control */
  id?: string;
  schoolId: string | undefined;
  /** the kinds that may be picked; others show only as the way to them */
  selectable: readonly OrgKind[];
  value?: string;
  onChange?: (value: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  className?: string;
}

/** Picks an organisation inside one school: a class, a college, a department… */
export function SchoolOrgSelect({
  id,
  schoolId,
  selectable,
  value,
  onChange,
  placeholder,
  allowClear,
  style,
  className,
}: SchoolOrgSelectProps) {
  const { data: orgs = [], isLoading } = useOrgs();
  const treeData = useMemo(() => {
    if (!schoolId) return [];
    const school = findNode(buildOrgForest(orgs), schoolId);
    const root = school ? toOption(school, selectable) : null;
    if (!root) return [];
    // The school itself is shown only when it can be picked; otherwise its children are the top.
    return root.selectable ? [root] : root.children;
  }, [orgs, schoolId, selectable]);
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
      popupMatchSelectWidth={false}
      style={style}
      className={className}
    />
  );
}
