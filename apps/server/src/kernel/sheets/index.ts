export * from './xlsx.js';
export * from './importer.js';
export {
  ImportsService,
  importErrors,
  mapHeaders,
  type SchoolLookup,
  type ImportRow,
} from './imports.service.js';
export { importsRoutes } from './imports.routes.js';
export { imports } from './imports.tables.js';
