import { createRuntime } from '../app/runtime.js';
import { ConfigError } from '../kernel/config.js';
import { loadAppConfig } from '../app/config.js';
import { createLogger } from '../kernel/logger.js';
import { DEMO_PASSWORD, DEMO_USERS } from '../demo/accounts.js';
import { migrationCheck } from '../kernel/http/ready.routes.js';
import { seedDemo } from '../demo/seed.js';

/**
 * Start this process with the roles in ANXIAO_ROLES. On the embedded defaults (no DATABASE_URL)
 * it migrates and, on first start, loads the demo district.
 */
export async function serve(opts: { production?: boolean } = {}): Promise<void> {
  let config;
  try {
    config = loadAppConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const refusal = productionRefusal(config, opts);
  if (refusal) {
    console.error(refusal);
    process.exit(2);
  }
  const log = createLogger(config.LOG_LEVEL);
  const started = Date.now();
  const rt = await createRuntime({ config, log, migrate: !config.DATABASE_URL });
  // On PostgreSQL migrations are a step of their own (one node runs them, README: Upgrades).
  if (config.DATABASE_URL && (await migrationCheck(rt.kernel.db)()) === 'pending') {
    console.error(
      'The database is not migrated to this release: run `npx anxiao migrate` once (with the same DATABASE_URL), then start again.',
    );
    await rt.close();
    process.exit(2);
  }
  if (config.demo) {
    log.warn(DEMO_BANNER);
    const r = await seedDemo(rt.kernel, { onProgress: (m) => log.info(`demo seed: ${m}`) });
    if (!r.alreadySeeded) log.info({ orgs: r.orgs, users: r.users }, 'demo district loaded');
  }
  await rt.start();
  await rt.app.listen({ port: config.PORT, host: config.HOST });
  if (config.demo) {
    const lines = DEMO_USERS.map(
      (u) => `  ${u.username.padEnd(14)} ${u.role.padEnd(13)} ${u.displayName}`,
    ).join('\n');
    console.log(
      `\n安校 anxiao (demo) is running: http://localhost:${config.PORT}/  phone: /m/  API docs: /docs\n` +
        `Demo accounts (password "${DEMO_PASSWORD}"):\n${lines}\n`,
    );
  }
  log.info(
    {
      ms: Date.now() - started,
      port: config.PORT,
      roles: config.ANXIAO_ROLES,
      database: rt.kernel.dbKind,
      bus: rt.kernel.bus.kind,
    },
    'anxiao started',
  );

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'shutting down');
    rt.close().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const DEMO_BANNER =
  '\n' +
  '==================================================================\n' +
  ' DEMO MODE: demo accounts with one shared password, shown on the\n' +
  ' login page. Never for real data: set ANXIAO_DEMO=false, or start\n' +
  ' with `anxiao serve --production`, which refuses demo mode.\n' +
  '==================================================================';

/** Why `serve --production` will not start with this configuration, or null. */
export function productionRefusal(config: { demo: boolean }, opts: { production?: boolean }): string | null {
  if (!opts.production || !config.demo) return null;
  return (
    'anxiao serve --production refuses to start in demo mode (the demo shows its passwords on the ' +
    'login page). Set ANXIAO_DEMO=false and ANXIAO_SECRET_KEY, or use a data directory that no demo made.'
  );
}
