import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadAppConfig } from '../app/config.js';
import { openDatabase } from '../kernel/db.js';
import { migrateFiles } from '../kernel/files/files.migrate.js';
import { openFileStores } from '../kernel/files/stores.js';
import { STORE_KINDS, type StoreKind } from '../kernel/files/store.js';

const MiB = 1024 * 1024;

/** `anxiao files …`: where uploaded files are kept. */
export function filesCommand(program: Command): void {
  const files = program.command('files').description('uploaded files and where they are kept');
  files
    .command('migrate')
    .description(
      'move every file into one store (local, postgres or s3), checking each copy; safe to stop and run again',
    )
    .requiredOption('--to <store>', STORE_KINDS.join('|'), (v: string) => {
      if (!(STORE_KINDS as readonly string[]).includes(v))
        throw new InvalidArgumentError(`one of ${STORE_KINDS.join(', ')}`);
      return v as StoreKind;
    })
    .action(async (o: { to: StoreKind }) => {
      const config = loadAppConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase({ url: config.DATABASE_URL, pgliteDir: `${config.dataDir}/db` });
      const stores = openFileStores(
        config.modules.files,
        { db: database.db, filesDir: config.filesDir, databaseUrl: config.DATABASE_URL },
        o.to,
      );
      try {
        if (!config.DATABASE_URL) await database.migrate();
        const r = await migrateFiles(database.db, stores, o.to, (p) => {
          const line = `${p.done}/${p.total} files, ${(p.bytes / MiB).toFixed(1)} MB moved${p.failed ? `, ${p.failed} failed` : ''}`;
          if (p.problem) console.error(`\n${p.key}: ${p.problem}`);
          if (process.stdout.isTTY) process.stdout.write(`\r${line}    `);
          else console.log(`${line} (${p.key})`);
        });
        if (process.stdout.isTTY) process.stdout.write('\n');
        console.log(`moved ${r.moved} files to ${o.to}; ${r.failed.length} could not be moved`);
        if (r.failed.length) process.exitCode = 1;
        if (config.modules.files.FILES_STORE !== o.to)
          console.log(`set FILES_STORE=${o.to} so that new uploads go there too`);
      } finally {
        stores.close();
        await database.close();
      }
    });
}
