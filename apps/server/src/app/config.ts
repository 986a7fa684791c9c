import { loadConfig } from '../kernel/config.js';
import { filesConfig } from '../kernel/files/files.config.js';
import { checkFileStoreConfig } from '../kernel/files/stores.js';
import { alarmsConfig } from '../modules/alarms/index.js';
import { identityConfig } from '../modules/identity/index.js';
import { requestsConfig } from '../modules/requests/index.js';
import { demoConfig } from '../demo/demo.config.js';

/** Every module's settings, validated together with the kernel's at start-up. */
export const CONFIG_FRAGMENTS = {
  identity: identityConfig,
  alarms: alarmsConfig,
  requests: requestsConfig,
  files: filesConfig,
  demo: demoConfig,
};

export type Config = ReturnType<typeof loadAppConfig>;

export function loadAppConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(env, CONFIG_FRAGMENTS);
  checkFileStoreConfig(config.modules.files, config.DATABASE_URL);
  return config;
}
