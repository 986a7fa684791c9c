import createClient, { type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema.js';

export type { paths, components } from './schema.js';

/** The typed client of the anxiao API, generated from the committed openapi.json. */
export function createApiClient(opts: ClientOptions = {}) {
  return createClient<paths>({ credentials: 'same-origin', ...opts });
}

export type ApiClient = ReturnType<typeof createApiClient>;
