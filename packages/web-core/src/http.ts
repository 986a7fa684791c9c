import { createApiClient, type ApiClient } from '@anxiao/api-client';

/** A failed API call. `status` 0 means the request never got an HTTP answer. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;

/** The session's CSRF token, from the login answer or GET /api/auth/me. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

/** Every call carries the CSRF token on changes, and every failure becomes an ApiError (thrown). */
const sessionAndErrors: Parameters<ApiClient['use']>[0] = {
  onRequest({ request }) {
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
  },
  async onResponse({ response }) {
    if (response.ok) return;
    const body: unknown = await response.json().catch(() => null);
    if (isErrorBody(body)) {
      throw new ApiError(response.status, body.error.code, body.error.message, body.error.details);
    }
    // A proxy or gateway answered instead of the API: there is no message to show.
    throw new ApiError(response.status, 'http', '');
  },
  onError: () => new ApiError(0, 'network', ''),
};

export const api = createApiClient();
api.use(sessionAndErrors);

/** The body of a successful answer (the middleware has thrown for every other). */
export async function bodyOf<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}
