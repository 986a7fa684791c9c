import { z } from 'zod';
import path from 'node:path';
import { systemClock, type Clock } from '../kernel/clock.js';
import { FieldCrypto, resolveSecretKey } from '../kernel/crypto.js';
import { openDatabase, type Database } from '../kernel/db.js';
import { ConsumerRunner, EventRelay, MemoryBus, NatsBus, type EventBus } from '../kernel/events/index.js';
import { FilesService } from '../kernel/files/files.service.js';
import { SWEEP_FILES_JOB } from '../kernel/files/files.lifecycle.js';
import { openFileStores } from '../kernel/files/stores.js';
import { JobRunner } from '../kernel/jobs/index.js';
import {
  buildChannels,
  defineNotifyJobs,
  DIGEST_JOB,
  NotificationCentre,
  type ChannelAdapter,
} from '../kernel/notify/index.js';
import type { Kernel } from '../kernel/kernel.js';
import { createLogger, type Logger } from '../kernel/logger.js';
import { Metrics } from '../kernel/metrics/index.js';
import { RealtimeHub } from '../kernel/realtime/hub.js';
import { AuthService, listenForRevocations, UsersService, USER_EVENTS } from '../modules/identity/index.js';
import { ActorCache, type CachedSession } from '../kernel/access/index.js';
import {
  AlarmsService,
  DeviceMqtt,
  DrillsService,
  ESCALATE_JOB,
  INCIDENT_EVENTS,
} from '../modules/alarms/index.js';
import { ORG_EVENTS, OrgsService, findOrgById, pathOf } from '../modules/orgs/index.js';
import { IMPORT_FILES_SWEEP_JOB, ImportsService } from '../kernel/sheets/index.js';
import { equipmentImporter, PLACE_EVENTS, PlacesService, roomsImporter } from '../modules/places/index.js';
import {
  dormImporter,
  PEOPLE_EVENTS,
  PeopleService,
  staffImporter,
  studentsImporter,
} from '../modules/people/index.js';
import {
  CampusMapService,
  GRID_EVENTS,
  gridMembersImporter,
  gridPositionsOf,
  GridsService,
  COVERAGE_JOB,
  coverageJobPayload,
} from '../modules/grids/index.js';
import { CLOCK_JOB, CLOCK_STEPS, REQUEST_EVENTS, RequestsService } from '../modules/requests/index.js';
import { GENERATE_JOB, OVERDUE_JOB, TASK_EVENTS, TasksService } from '../modules/tasks/index.js';
import { DEADLINE_JOB, HAZARD_EVENTS, HazardsService, SUPERVISE_JOB } from '../modules/hazards/index.js';
import { CAP_POLL_JOB, CAP_POLL_ONE_JOB, CapService } from '../modules/cap/index.js';
import { DELIVER_JOB, REMIND_JOB, WarningsService } from '../modules/warnings/index.js';
import { DemoDeviceSimulator } from '../demo/devices.js';
import type { Config } from './config.js';
import { buildHttp } from './http.js';
import { openWorkPort } from './open-work.js';
import { jobQueues } from './queues.js';
import type { ZodApp } from '../kernel/http/http.js';

/**
 * The actor cache: a session's roles and scopes are read again after a minute at the latest, when
 * no event announced the change (revocations and role changes drop entries at once).
 */
const ACTOR_CACHE_TTL_MS = 60_000;
const ACTOR_CACHE_ENTRIES = 20_000;

export interface RuntimeOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  /** an already open database (tests share one per file) */
  database?: Database;
  /** run migrations at start (embedded start does; production runs `anxiao migrate`) */
  migrate?: boolean;
  /**
   * Test only: these channel adapters instead of the configured providers' (the db tests register
   * adapters whose far end they control; production never passes this).
   */
  channels?: ChannelAdapter[];
}

/** Providers are called with a time limit, so a hung provider fails over instead of holding a job. */
const PROVIDER_TIMEOUT_MS = 15_000;

export interface Services {
  auth: AuthService;
  users: UsersService;
  orgs: OrgsService;
  places: PlacesService;
  people: PeopleService;
  grids: GridsService;
  map: CampusMapService;
  imports: ImportsService;
  alarms: AlarmsService;
  drills: DrillsService;
  requests: RequestsService;
  tasks: TasksService;
  hazards: HazardsService;
  cap: CapService;
  warnings: WarningsService;
}

export interface Runtime {
  kernel: Kernel;
  services: Services;
  app: ZodApp;
  database: Database;
  /** device ingest over MQTT, when MQTT_URL is set (worker role) */
  deviceMqtt: DeviceMqtt | null;
  /** the demo's simulated alarm devices: demo mode only (ANXIAO_DEMO_DEVICES), worker role */
  demoDevices: DemoDeviceSimulator | null;
  /** start background loops for this process's roles */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function createRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const ownDatabase = !opts.database;
  const database =
    opts.database ??
    (await openDatabase({ url: config.DATABASE_URL, pgliteDir: path.join(config.dataDir, 'db') }));
  if (opts.migrate) await database.migrate();
  const db = database.db;

  const bus: EventBus = config.NATS_URL ? new NatsBus(config.NATS_URL, log, db) : new MemoryBus();
  const relay = new EventRelay(db, bus, clock, log, config.EVENTS_POLL_MS);
  const consumers = new ConsumerRunner(db, clock, log, config.EVENTS_POLL_MS);
  const jobs = new JobRunner(db, clock, log, config.JOBS_POLL_MS, jobQueues(config.JOBS_CONCURRENCY));
  const realtime = new RealtimeHub(db, bus, log);
  const files = new FilesService(
    db,
    openFileStores(config.modules.files, {
      db,
      filesDir: config.filesDir,
      databaseUrl: config.DATABASE_URL,
    }),
    clock,
    config.UPLOAD_MAX_BYTES,
    (id) => pathOf(db, id),
    config.modules.files,
  );
  const crypto = new FieldCrypto(resolveSecretKey(config.ANXIAO_SECRET_KEY, config.dataDir));
  const metrics = new Metrics({
    db,
    dbKind: database.kind,
    clock,
    queues: () => jobs.stats(),
    websockets: () => realtime.size,
    pool: () => database.pool(),
  });
  realtime.onPush = (e) => metrics.observePush(e);

  const kernel: Kernel = {
    config,
    db,
    dbKind: database.kind,
    clock,
    log,
    bus,
    relay,
    consumers,
    jobs,
    realtime,
    actors: new ActorCache<CachedSession>({
      maxEntries: ACTOR_CACHE_ENTRIES,
      ttlMs: ACTOR_CACHE_TTL_MS,
      now: () => clock.now().getTime(),
    }),
    files,
    crypto,
    metrics,
    notify: new NotificationCentre({
      db,
      clock,
      log,
      jobs,
      cfg: config.modules.notify,
      adapters:
        opts.channels ??
        buildChannels(config.modules.channels, {
          fetch: (input, init) =>
            fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(PROVIDER_TIMEOUT_MS) }),
        }),
    }),
    async transaction(fn) {
      const out = await db.transaction(fn);
      void relay.nudge();
      return out;
    },
  };

  const alarms = new AlarmsService(kernel, config.modules.alarms);
  const tasks = new TasksService(kernel);
  const services: Services = {
    auth: new AuthService(kernel, config.modules.identity, gridPositionsOf),
    users: new UsersService(kernel),
    orgs: new OrgsService(kernel),
    places: new PlacesService(kernel),
    people: new PeopleService(kernel),
    grids: new GridsService(kernel),
    map: new CampusMapService(kernel, openWorkPort(kernel.db)),
    imports: new ImportsService(kernel, findOrgById),
    alarms,
    drills: new DrillsService(kernel, alarms),
    requests: new RequestsService(kernel, alarms),
    tasks,
    hazards: new HazardsService(kernel, tasks, config.modules.requests.REQUESTS_PDF_FONT),
    cap: new CapService(kernel, config.modules.cap),
    warnings: new WarningsService(kernel),
  };
  services.imports.register(roomsImporter);
  services.imports.register(equipmentImporter);
  services.imports.register(studentsImporter(crypto));
  services.imports.register(staffImporter);
  services.imports.register(dormImporter);
  services.imports.register(gridMembersImporter);

  // Who may receive which event over the realtime channel.
  for (const t of Object.values(ORG_EVENTS)) realtime.declare(t, 'org.read');
  for (const t of Object.values(USER_EVENTS)) realtime.declare(t, 'user.read');
  for (const t of Object.values(PLACE_EVENTS)) realtime.declare(t, 'place.read');
  for (const t of Object.values(PEOPLE_EVENTS)) realtime.declare(t, 'people.read');
  for (const t of Object.values(GRID_EVENTS)) realtime.declare(t, 'grid.read');
  for (const t of Object.values(INCIDENT_EVENTS)) realtime.declare(t, 'alarm.read');
  for (const t of Object.values(REQUEST_EVENTS)) realtime.declare(t, 'request.read');
  for (const t of Object.values(TASK_EVENTS)) realtime.declare(t, 'task.read');
  for (const t of Object.values(HAZARD_EVENTS)) realtime.declare(t, 'hazard.read');
  realtime.checkSessionsWith((actor) => services.auth.keepAlive(actor));
  // Sign-outs, disabled accounts and new roles from any process reach this one's cache and sockets.
  listenForRevocations(kernel);
  // Bus messages from other processes wake this process's consumers at once.
  bus.subscribe(() => void consumers.nudge());

  defineNotifyJobs(jobs, kernel.notify);
  jobs.define('identity.purge_sessions', z.object({}), () => services.auth.purgeSessions());
  jobs.define(SWEEP_FILES_JOB, z.object({}), async () => {
    await files.sweepPending();
  });
  jobs.define(
    ESCALATE_JOB,
    z.object({ incidentId: z.uuid(), n: z.number().int().min(0), from: z.number().int().min(0).optional() }),
    (p) => services.alarms.escalate(p.incidentId, p.n, p.from),
  );
  jobs.define(
    CLOCK_JOB,
    z.object({ requestId: z.uuid(), step: z.enum(CLOCK_STEPS), gen: z.number().int().min(0) }),
    (p) => services.requests.clock(p.requestId, p.step, p.gen),
  );
  jobs.define(GENERATE_JOB, z.object({}), async () => {
    await services.tasks.generate();
  });
  jobs.define(OVERDUE_JOB, z.object({ instanceId: z.uuid() }), (p) => services.tasks.overdue(p.instanceId));
  jobs.define(DEADLINE_JOB, z.object({ hazardId: z.uuid(), deadline: z.string() }), (p) =>
    services.hazards.deadlinePassed(p.hazardId, p.deadline),
  );
  jobs.define(SUPERVISE_JOB, z.object({ hazardId: z.uuid(), deadline: z.string() }), (p) =>
    services.hazards.superviseLate(p.hazardId, p.deadline),
  );
  // The stored coverage reports follow the changes of their school (decision 0018).
  consumers.register(services.grids.rollup.consumer());
  // Calls, SMS and messages about an incident show on its timeline as the centre reports them.
  consumers.register(services.alarms.deliveriesConsumer());
  jobs.define(COVERAGE_JOB, coverageJobPayload, (p) => services.grids.rollup.refreshStale(p.schoolId));
  // Warnings: the hand-out to every recipient in chunks, the reminders, and CAP alerts into drafts.
  jobs.define(DELIVER_JOB, z.object({ warningId: z.uuid() }), (p) => services.warnings.deliver(p.warningId));
  jobs.define(REMIND_JOB, z.object({ warningId: z.uuid(), n: z.number().int().min(1) }), (p) =>
    services.warnings.autoRemind(p.warningId, p.n),
  );
  consumers.register(services.warnings.capConsumer());
  jobs.define('alarms.watch_devices', z.object({}), async () => {
    await services.alarms.watchDevices();
  });
  // CAP: warnings and public alarms written into the feed; subscribed feeds read on an interval.
  consumers.register(services.cap.publisher.consumer());
  jobs.define(CAP_POLL_JOB, z.object({}), async () => {
    await services.cap.pollDue();
  });
  jobs.define(CAP_POLL_ONE_JOB, z.object({ subscriptionId: z.uuid() }), async (p) => {
    await services.cap.intake.poll(p.subscriptionId);
  });

  const app = await buildHttp(kernel, services, config);
  const alarmsCfg = config.modules.alarms;
  const deviceMqtt =
    alarmsCfg.MQTT_URL && config.ANXIAO_ROLES.includes('worker')
      ? new DeviceMqtt(alarmsCfg.MQTT_URL, services.alarms, log, alarmsCfg.MQTT_CLIENT_ID)
      : null;

  const demoDevices =
    config.demo && config.modules.demo.ANXIAO_DEMO_DEVICES && config.ANXIAO_ROLES.includes('worker')
      ? new DemoDeviceSimulator(kernel, services.alarms)
      : null;

  let started = false;
  return {
    kernel,
    services,
    app,
    database,
    deviceMqtt,
    demoDevices,
    async start() {
      started = true;
      await bus.start();
      relay.start();
      if (config.ANXIAO_ROLES.includes('realtime') || config.ANXIAO_ROLES.includes('api')) realtime.start();
      if (config.ANXIAO_ROLES.includes('worker')) {
        await jobs.schedule('identity.purge_sessions', 'identity.purge_sessions', '17 * * * *', {});
        // Uploads no record took (a form abandoned, a write refused) go after a day.
        await jobs.schedule(SWEEP_FILES_JOB, SWEEP_FILES_JOB, '41 * * * *', {});
        await jobs.schedule('alarms.watch_devices', 'alarms.watch_devices', '* * * * *', {});
        // Each subscription is read when its interval (CAP_POLL_MINUTES) has passed.
        await jobs.schedule(CAP_POLL_JOB, CAP_POLL_JOB, '* * * * *', {});
        // Uploaded import sheets (national IDs in clear) are not kept past their retention.
        await jobs.schedule(IMPORT_FILES_SWEEP_JOB, IMPORT_FILES_SWEEP_JOB, '23 * * * *', {});
        // Every ten minutes: a new day's (week's, month's) tasks appear within ten minutes of it.
        await jobs.schedule(GENERATE_JOB, GENERATE_JOB, '*/10 * * * *', {});
        // The daily digest of normal notifications still unread (decision 0019).
        await jobs.schedule(DIGEST_JOB, DIGEST_JOB, config.modules.notify.NOTIFY_DIGEST_CRON, {});
        // …and once at start, so a new day's tasks (or a fresh demo's) do not wait for the tick.
        await jobs.enqueue(db, GENERATE_JOB, {}, { singletonKey: 'start' });
        consumers.start();
        jobs.start();
        deviceMqtt?.start();
        await demoDevices?.start();
      }
    },
    async close() {
      await app.close();
      if (started) {
        await deviceMqtt?.close();
        await demoDevices?.stop();
        await realtime.close();
        await jobs.stop();
        await consumers.stop();
        await relay.stop();
        await bus.close();
      }
      files.stores.close();
      if (ownDatabase) await database.close();
    },
  };
}
