export {
  grids,
  gridBindings,
  gridMembers,
  GRID_LEVELS,
  MEMBER_POSITIONS,
  type GridLevel,
} from './grids.tables.js';
export { GridsService } from './grids.service.js';
export { CampusMapService, type OpenWorkPort, type OpenWorkItem } from './grids.map.js';
export { gridsRoutes } from './grids.routes.js';
export { GRID_EVENTS } from './grids.events.js';
export { COVERAGE_JOB, coverageJobPayload } from './grids.coverage.js';
export { gridMembersImporter } from './grids.sheets.js';
export {
  positionsOf as gridPositionsOf,
  insertGrids,
  insertBindings,
  upsertMembers,
  coveringGrid,
  gridOfSchool,
  answeringGrid,
} from './grids.repository.js';
export { gridPath } from './grids.model.js';
