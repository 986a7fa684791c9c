import type { OrgKind } from './orgs.tables.js';

/** Which kinds of organisation may sit under which: the shape of the tree in DOMAIN.md. */
export const ALLOWED_CHILDREN: Record<OrgKind, readonly OrgKind[]> = {
  region: ['region', 'education_bureau', 'police_station', 'stability_office', 'school'],
  education_bureau: ['department'],
  police_station: ['department'],
  stability_office: ['department'],
  school: ['campus', 'college', 'department', 'class'],
  campus: ['college', 'department', 'class'],
  college: ['department', 'class'],
  department: ['department', 'class'],
  class: [],
};

export function canHoldChild(parent: OrgKind, child: OrgKind): boolean {
  return ALLOWED_CHILDREN[parent].includes(child);
}

export function childPath(parentPath: string, id: string): string {
  return `${parentPath}${id}/`;
}

/** The link kind each authority kind may hold over schools. */
export function linkKindFor(kind: OrgKind): 'jurisdiction' | 'supervision' | null {
  if (kind === 'police_station') return 'jurisdiction';
  if (kind === 'education_bureau' || kind === 'stability_office') return 'supervision';
  return null;
}
