import { ConfigError } from '../config.js';
import type { Db } from '../db.js';
import type { FilesConfig } from './files.config.js';
import { PostgresStore } from './store.postgres.js';
import { S3Store, type S3Settings } from './store.s3.js';
import { LocalDiskStore, type FileStore, type StoreKind } from './store.js';

/**
 * The store new uploads go to, and every store a row may name (rows keep the store that holds
 * their bytes, so files not yet moved by `anxiao files migrate` are still read where they are).
 */
export interface FileStores {
  readonly current: FileStore;
  of(kind: StoreKind): FileStore;
  close(): void;
}

export interface StoreSetting {
  db: Db;
  filesDir: string;
  databaseUrl: string | undefined;
}

/** The configured store: FILES_STORE, else postgres when DATABASE_URL is set, else local. */
export const currentStoreKind = (cfg: FilesConfig, databaseUrl: string | undefined): StoreKind =>
  cfg.FILES_STORE ?? (databaseUrl ? 'postgres' : 'local');

/** The S3 settings, or every problem with them at once (for the operator to fix in one go). */
export function s3Settings(cfg: FilesConfig): S3Settings {
  const missing = (
    ['FILES_S3_BUCKET', 'FILES_S3_ACCESS_KEY_ID', 'FILES_S3_SECRET_ACCESS_KEY'] as const
  ).filter((k) => !cfg[k]);
  if (missing.length)
    throw new ConfigError(missing.map((k) => `${k}: required when files are kept in S3 (FILES_STORE=s3)`));
  return {
    endpoint: cfg.FILES_S3_ENDPOINT,
    region: cfg.FILES_S3_REGION,
    bucket: cfg.FILES_S3_BUCKET!,
    accessKeyId: cfg.FILES_S3_ACCESS_KEY_ID!,
    secretAccessKey: cfg.FILES_S3_SECRET_ACCESS_KEY!,
    forcePathStyle: cfg.FILES_S3_FORCE_PATH_STYLE,
  };
}

/** Check at start-up what only shows once a store is used: an S3 store without its settings. */
export function checkFileStoreConfig(cfg: FilesConfig, databaseUrl: string | undefined): void {
  if (currentStoreKind(cfg, databaseUrl) === 's3') s3Settings(cfg);
}

/** Stores are made when first needed: an install that never used S3 needs no S3 settings. */
export function openFileStores(cfg: FilesConfig, s: StoreSetting, kind?: StoreKind): FileStores {
  const made = new Map<StoreKind, FileStore>();
  const of = (k: StoreKind): FileStore => {
    let store = made.get(k);
    if (!store) {
      store =
        k === 'local'
          ? new LocalDiskStore(s.filesDir)
          : k === 'postgres'
            ? new PostgresStore(s.db)
            : new S3Store(s3Settings(cfg));
      made.set(k, store);
    }
    return store;
  };
  const current = of(kind ?? currentStoreKind(cfg, s.databaseUrl));
  return {
    current,
    of,
    close() {
      for (const store of made.values()) if (store instanceof S3Store) store.close();
    },
  };
}
