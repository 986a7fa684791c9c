import type { ActorCache, CachedSession } from './access/index.js';
import type { AppConfig } from './config.js';
import type { Clock } from './clock.js';
import type { FieldCrypto } from './crypto.js';
import type { Db, Tx } from './db.js';
import type { ConsumerRunner, EventBus, EventRelay } from './events/index.js';
import type { FilesService } from './files/files.service.js';
import type { JobRunner } from './jobs/index.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics/index.js';
import type { NotificationCentre } from './notify/index.js';
import type { RealtimeHub } from './realtime/hub.js';

/** The shared services every module receives at composition. */
export interface Kernel {
  config: AppConfig;
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  log: Logger;
  bus: EventBus;
  relay: EventRelay;
  consumers: ConsumerRunner;
  jobs: JobRunner;
  realtime: RealtimeHub;
  /** sessions resolved lately (identity fills it; revocations on the bus empty it on every node) */
  actors: ActorCache<CachedSession>;
  files: FilesService;
  crypto: FieldCrypto;
  /** Prometheus metrics of this process (served at /metrics) */
  metrics: Metrics;
  /** the notification centre: notify, acknowledge, states, the inbox (decision 0019) */
  notify: NotificationCentre;
  /** Run fn in one transaction; once it commits, events it wrote go out at once. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}
