export { ArchiveError, type BackupHeader, type BackupManifest } from './archive.js';
export { createBackup, RELEASE, type BackupOptions, type BackupResult } from './backup.js';
export { restoreBackup, RestoreRefused, verifyBackup, type RestoreOptions } from './restore.js';
export { appliedMigration, journal, migrateUpTo, tablesInOrder } from './schema.js';
