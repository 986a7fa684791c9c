export * from './xlsx.js';
export { readFirstSheet, TooManyRows, type ReadSheet } from './xlsx-read.js';
export { DEFAULT_LIMITS, SheetTooLarge, SheetUnreadable, type SheetLimits } from './zip.js';
export * from './importer.js';
export {
  ImportsService,
  importErrors,
  IMPORT_FILES_SWEEP_JOB,
  IMPORT_JOB,
  type SchoolLookup,
  type ImportRow,
} from './imports.service.js';
export { mapHeaders } from './imports.check.js';
export { importsRoutes } from './imports.routes.js';
export { imports } from './imports.tables.js';
