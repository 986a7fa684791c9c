import type { FastifyRequest } from 'fastify';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isUnsafeMethod(method: string): boolean {
  return !SAFE.has(method);
}

/**
 * True when the request comes from a page of this server (or from a non-browser client, which
 * sends no Origin). Used for sign-in and the WebSocket handshake, where no CSRF token exists yet.
 */
export function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
