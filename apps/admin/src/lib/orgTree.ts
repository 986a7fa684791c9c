import type { Org } from '../api/types';

export interface OrgNode {
  org: Org;
  children: OrgNode[];
}

function byOrder(a: OrgNode, b: OrgNode): number {
  return a.org.sort - b.org.sort || a.org.name.localeCompare(b.org.name, 'zh-CN');
}

/**
 * The organisation list as a forest. A user sees only their part of the tree, so an org whose
 * parent is out of sight becomes a root.
 */
export function buildOrgForest(orgs: readonly Org[]): OrgNode[] {
  const nodes = new Map<string, OrgNode>(orgs.map((org) => [org.id, { org, children: [] }]));
  const roots: OrgNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parentId ? nodes.get(node.org.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sortDeep = (list: OrgNode[]): OrgNode[] => {
    list.sort(byOrder);
    for (const node of list) sortDeep(node.children);
    return list;
  };
  return sortDeep(roots);
}
