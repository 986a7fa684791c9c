export { orgs, orgLinks, ORG_KINDS, SCHOOL_TYPES, type OrgKind } from './orgs.tables.js';
export { OrgsService } from './orgs.service.js';
export { orgsRoutes } from './orgs.routes.js';
export { ORG_EVENTS } from './orgs.events.js';
export {
  pathOf,
  linkedPaths,
  findByCode as findOrgByCode,
  findInScope as findOrgInScope,
  findById as findOrgById,
  schoolOf,
  listSubtree as listOrgSubtree,
  type OrgRow,
} from './orgs.repository.js';
export { childPath } from './orgs.model.js';
