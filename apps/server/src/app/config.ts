import { loadConfig } from '../kernel/config.js';
import { filesConfig } from '../kernel/files/files.config.js';
import { checkFileStoreConfig } from '../kernel/files/stores.js';
import { alarmsConfig } from '../modules/alarms/index.js';
import { capConfig } from '../modules/cap/index.js';
import { identityConfig } from '../modules/identity/index.js';
import { requestsConfig } from '../modules/requests/index.js';
import { demoConfig } from '../demo/demo.config.js';
import { channelsConfig, notifyConfig } from '../kernel/notify/index.js';

/** Every module's settings, validated together with the kernel's at start-up. */
export const CONFIG_FRAGMENTS = {
  identity: identityConfig,
  alarms: alarmsConfig,
  requests: requestsConfig,
  files: filesConfig,
  cap: capConfig,
  demo: demoConfig,
  notify: notifyConfig,
  channels: channelsConfig,
};

export type Config = ReturnType<typeof loadAppConfig>;

let warnedPdfFont = false;

export function loadAppConfig(env: Record<string, string | undefined> = process.env) {
  const config = loadConfig(env, CONFIG_FRAGMENTS);
  // The PDF font was the requests module's setting (REQUESTS_PDF_FONT); now it is PDF_FONT. The
  // old name still works, with a warning once per process; PDF_FONT wins when both are set.
  const legacy = config.modules.requests.REQUESTS_PDF_FONT;
  if (legacy !== undefined && !warnedPdfFont) {
    warnedPdfFont = true;
    process.emitWarning('REQUESTS_PDF_FONT is deprecated: set PDF_FONT instead', {
      type: 'DeprecationWarning',
      code: 'ANXIAO_REQUESTS_PDF_FONT',
    });
  }
  const font = config.PDF_FONT ?? legacy;
  checkFileStoreConfig(config.modules.files, config.DATABASE_URL);
  return {
    ...config,
    PDF_FONT: font,
    // Where the font is read under its old name (the QR sheets, the notices), the same one.
    modules: { ...config.modules, requests: { ...config.modules.requests, REQUESTS_PDF_FONT: font } },
  };
}
