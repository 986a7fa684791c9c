import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { errors } from '../errors.js';
import type { ZodApp } from '../http/http.js';
import type { Metrics } from './metrics.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const PROXY_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/**
 * Who may read /metrics. With METRICS_TOKEN set: whoever sends `Authorization: Bearer <token>`.
 * Without it: only a scraper on this machine, talking to the process directly — the socket's peer
 * is loopback and no proxy header is present, because a balancer on the same machine also
 * connects from loopback (and a client could forge X-Forwarded-For: 127.0.0.1).
 */
export function mayScrape(req: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const m = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return false;
    const digest = (s: string) => createHash('sha256').update(s).digest();
    return timingSafeEqual(digest(m[1]!), digest(token));
  }
  if (PROXY_HEADERS.some((h) => req.headers[h] !== undefined)) return false;
  return LOOPBACK.has(req.socket.remoteAddress ?? '');
}

/** Times every response by its route pattern, and serves the Prometheus text at /metrics. */
export function metricsRoutes(app: ZodApp, metrics: Metrics, token: string | undefined): void {
  app.addHook('onResponse', async (req, reply) => {
    metrics.observeHttp(req.method, req.routeOptions.url, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (!mayScrape(req, token)) throw errors.forbidden();
    const text = await metrics.text();
    return reply.type(metrics.contentType).header('cache-control', 'no-store').send(text);
  });
}
