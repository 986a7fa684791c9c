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
    // Without an error body a proxy or gateway answered instead of the API: no message to show.
    throw await failure(response);
  },
  onError: () => new ApiError(0, 'network', ''),
};

export const api = createApiClient();
api.use(sessionAndErrors);

/** The body of a successful answer (the middleware has thrown for every other). */
export async function bodyOf<T>(call: Promise<{ data?: T }>): Promise<T> {
  return (await call).data as T;
}

async function failure(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  if (isErrorBody(body))
    return new ApiError(response.status, body.error.code, body.error.message, body.error.details);
  return new ApiError(response.status, 'http', '');
}

function withQuery(path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The file name the server gave in Content-Disposition (RFC 5987 form first). */
function fileNameOf(response: Response, fallback: string): string {
  const cd = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(cd);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="([^"]+)"/i.exec(cd);
  return plain?.[1] ?? fallback;
}

/**
 * Download a file the API produces (an xlsx export, a template) and hand it to the browser as a
 * download. Failures become ApiError like every other call.
 */
export async function downloadFile(
  path: string,
  query?: Record<string, string | number | boolean | undefined>,
  fallbackName = 'download',
): Promise<void> {
  let response: Response;
  try {
    response = await fetch(withQuery(path, query), { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) throw await failure(response);
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameOf(response, fallbackName);
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** POST a multipart form (a file upload) with the session's CSRF token; the JSON answer. */
export async function postForm<T>(path: string, form: FormData): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
    });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}
