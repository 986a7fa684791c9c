import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Typed configuration, read from the environment once at boot.
 * Modules contribute fragments; the whole is validated together so an operator sees every
 * problem at once instead of one per restart.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const roles = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(['api', 'worker', 'realtime'])).min(1));

export const kernelConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls):\/\//, 'must start with nats:// or tls://')
    .optional(),
  ANXIAO_ROLES: roles.default(['api', 'worker', 'realtime']),
  ANXIAO_DEMO: bool.optional(),
  ANXIAO_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters (32 bytes)')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  COOKIE_SECURE: bool.optional(),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(200 * 1024 * 1024)
    .default(15 * 1024 * 1024),
  /** hours an import's uploaded sheet is kept after a dry run that was never applied */
  IMPORTS_FILE_RETENTION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(24),
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** job queue concurrencies beside the defaults, as `heavy=2,urgent=8` (app/queues.ts names the queues) */
  JOBS_CONCURRENCY: z.string().max(200).optional(),
  EVENTS_POLL_MS: z.coerce.number().int().min(20).max(60_000).default(500),
  WEB_DIST_DIR: z.string().optional(),
  /**
   * A TrueType/OpenType/WOFF font with Chinese glyphs for every PDF (QR sheets, notices, reports);
   * Noto Sans SC (bundled) otherwise. Formerly REQUESTS_PDF_FONT, still read (app/config.ts).
   */
  PDF_FONT: z.string().min(1).optional(),
  /** bearer token Prometheus sends to /metrics; unset: only scrapes from this machine, not proxied */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
});

export type KernelConfig = z.infer<typeof kernelConfigSchema>;

export interface AppConfig extends KernelConfig {
  /** demo mode: embedded database with the demo district; passwords shown on the login page */
  demo: boolean;
  dataDir: string;
  filesDir: string;
}

/** Each module may own settings: a zod object of environment variables, under its name. */
export type ConfigFragments = Record<string, z.ZodObject>;
export type ModuleConfigs<F extends ConfigFragments> = { [K in keyof F]: z.infer<F[K]> };

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parse the environment against the kernel schema and every module fragment together, so one
 * run lists every problem. Returns the kernel settings and each module's own.
 */
export function loadConfig<F extends ConfigFragments = Record<never, z.ZodObject>>(
  env: Record<string, string | undefined> = process.env,
  fragments: F = {} as F,
): AppConfig & { modules: ModuleConfigs<F> } {
  let schema: z.ZodObject = kernelConfigSchema;
  for (const f of Object.values(fragments)) schema = schema.extend(f.shape);
  // Empty strings in the environment mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  // Split the one validated result back into the kernel's part and each module's part.
  const data = parsed.data;
  const pick = (shape: object) => Object.fromEntries(Object.keys(shape).map((key) => [key, data[key]]));
  const cfg = pick(kernelConfigSchema.shape) as KernelConfig;
  const modules = Object.fromEntries(
    Object.entries(fragments).map(([name, f]) => [name, pick(f.shape)]),
  ) as ModuleConfigs<F>;
  const dataDir = path.resolve(cfg.DATA_DIR);
  const demo = cfg.ANXIAO_DEMO ?? (!cfg.DATABASE_URL && demoDataDir(dataDir));
  const problems: string[] = [];
  if (!demo && !cfg.ANXIAO_SECRET_KEY) {
    problems.push(
      'ANXIAO_SECRET_KEY: required outside demo mode (64 hex characters; `openssl rand -hex 32`)',
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return { ...cfg, demo, dataDir, filesDir: path.join(dataDir, 'files'), modules };
}

/**
 * Without ANXIAO_DEMO, demo mode (which shows the sysadmin password on the login page) starts
 * only on a fresh data directory (no embedded database yet) or one a demo made, which holds the
 * demo's generated key (outside demo mode the key must come from ANXIAO_SECRET_KEY, so no other
 * install writes it): a real install that merely forgot the setting does not become a demo.
 */
function demoDataDir(dataDir: string): boolean {
  return (
    !fs.existsSync(path.join(dataDir, 'db', 'PG_VERSION')) || fs.existsSync(path.join(dataDir, 'secret.key'))
  );
}
