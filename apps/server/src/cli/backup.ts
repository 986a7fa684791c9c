import path from 'node:path';
import type { Command } from 'commander';
import { loadAppConfig } from '../app/config.js';
import type { Config } from '../app/config.js';
import { resolveSecretKey } from '../kernel/crypto.js';
import { openDatabase, type Database } from '../kernel/db.js';
import { openFileStores, type FileStores } from '../kernel/files/stores.js';
import { createBackup, restoreBackup, verifyBackup } from '../kernel/backup/index.js';

/** `anxiao backup` and `anxiao restore` (docs/decisions/0017-backup-format.md). */
export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('write one consistent archive of the database and the stored files')
    .option('--out <file>', 'the archive to write', `anxiao-backup-${stamp()}.tar.gz`)
    .action(async (o: { out: string }) => {
      const config = loadAppConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase({
        url: config.DATABASE_URL,
        pgliteDir: path.join(config.dataDir, 'db'),
      });
      const stores = fileStores(config, database);
      try {
        const r = await createBackup({
          database,
          stores,
          out: o.out,
          secretKey: resolveSecretKey(config.ANXIAO_SECRET_KEY, config.dataDir),
          onProgress: (line) => console.log(line),
        });
        if (r.manifest.missing.length)
          console.log(
            `${r.manifest.missing.length} files were listed without their bytes in the store (see above)`,
          );
      } finally {
        stores.close();
        await database.close();
      }
    });

  program
    .command('restore')
    .description('put an archive back into an empty installation (refused when the database holds data)')
    .argument('<file>', 'an archive written by `anxiao backup`')
    .option('--check', 'only read the archive through and check it; change nothing')
    .action(async (file: string, o: { check?: boolean }) => {
      if (o.check) {
        await verifyBackup(file, (line) => console.log(line));
        return;
      }
      const config = loadAppConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase({
        url: config.DATABASE_URL,
        pgliteDir: path.join(config.dataDir, 'db'),
      });
      const stores = fileStores(config, database);
      try {
        await restoreBackup({
          database,
          store: stores.current,
          file,
          secretKey: resolveSecretKey(config.ANXIAO_SECRET_KEY, config.dataDir),
          onProgress: (line) => console.log(line),
        });
      } finally {
        stores.close();
        await database.close();
      }
    });
}

/** The stores the server uses (the same choice: FILES_STORE, else by database). */
function fileStores(config: Config, database: Database): FileStores {
  return openFileStores(config.modules.files, {
    db: database.db,
    filesDir: config.filesDir,
    databaseUrl: config.DATABASE_URL,
  });
}

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}
