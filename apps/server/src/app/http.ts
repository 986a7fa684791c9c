import fs from 'node:fs';
import { constants as zlibConstants } from 'node:zlib';
import path from 'node:path';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditRoutes } from '../kernel/audit/audit.routes.js';
import { errors } from '../kernel/errors.js';
import { filesRoutes } from '../kernel/files/files.routes.js';
import { errorBodySchema, installErrorHandler, type ZodApp } from '../kernel/http/http.js';
import { healthRoutes, readyRoutes } from '../kernel/http/ready.routes.js';
import { metricsRoutes } from '../kernel/metrics/index.js';
import { jobsRoutes } from '../kernel/jobs/index.js';
import { isUnsafeMethod, sameOrigin } from '../kernel/http/security.js';
import { cleanText, findBadText } from '../kernel/http/text.js';
import type { Kernel } from '../kernel/kernel.js';
import { realtimeRoutes } from '../kernel/realtime/realtime.routes.js';
import {
  enforcePasswordChange,
  identityRoutes,
  requestInfo,
  SESSION_COOKIE,
} from '../modules/identity/index.js';
import { orgsRoutes } from '../modules/orgs/index.js';
import { placesRoutes } from '../modules/places/index.js';
import { peopleRoutes } from '../modules/people/index.js';
import { gridsRoutes } from '../modules/grids/index.js';
import { importsRoutes } from '../kernel/sheets/index.js';
import { alarmsRoutes, drillsRoutes } from '../modules/alarms/index.js';
import { notifyCentreRoutes, notifyRoutes } from '../kernel/notify/index.js';
import { open311Routes, requestsRoutes } from '../modules/requests/index.js';
import { tasksRoutes } from '../modules/tasks/index.js';
import { hazardsRoutes } from '../modules/hazards/index.js';
import { capFeedRoutes, capRoutes } from '../modules/cap/index.js';
import { warningsRoutes } from '../modules/warnings/index.js';
import { demoAccounts } from '../demo/accounts.js';
import type { Config } from './config.js';
import type { Services } from './runtime.js';
import { REPO_ROOT } from './paths.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** reachable without a session (sign-in, health, public intake) */
    public?: boolean;
    /** drop control characters from the body instead of refusing it (the SOS must get through) */
    cleanText?: boolean;
  }
}

export const VERSION = '0.1.0';

export async function buildHttp(k: Kernel, s: Services, config: Config): Promise<ZodApp> {
  // Typed as Fastify's logger so the instance type is the plain one route modules expect.
  const loggerInstance: FastifyBaseLogger = k.log;
  const app = Fastify({
    loggerInstance,
    trustProxy: k.config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);
  // Every route documents the one error shape, so generated clients can type failures.
  app.addHook('onRoute', (route) => {
    if (!route.schema || route.websocket) return;
    route.schema.response = {
      '4XX': errorBodySchema,
      '5XX': errorBodySchema,
      ...(route.schema.response as object),
    };
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        // The WebSocket of this very host only; older Safari does not count ws: as 'self'.
        connectSrc: ["'self'", (req) => ownWebSocketOrigins(req.headers.host)],
        upgradeInsecureRequests: null,
      },
    },
    hsts: k.config.COOKIE_SECURE ? undefined : false,
  });
  // The console's map bundle is ~1 MB of JavaScript and lists are JSON: compressed they are a
  // third of that on a school's network or a phone. Brotli at a moderate level keeps CPU low.
  await app.register(fastifyCompress, {
    threshold: 1024,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, {
    limits: { fileSize: k.config.UPLOAD_MAX_BYTES, files: 1, fields: 10 },
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'anxiao API', version: VERSION, description: '安校 — campus safety platform API' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: true });

  // Who is calling: the session cookie, if any, becomes req.actor.
  app.decorateRequest('actor', null);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req) => {
    if (!isApiRequest(req)) return;
    const session = await s.auth.authenticate(req.cookies[SESSION_COOKIE], requestInfo(req));
    if (session) {
      req.actor = session.actor;
      req.csrfToken = session.csrfToken;
    }
    // Sessions first, input second: without one, a known route answers 401 whatever was sent.
    if (!req.actor && req.routeOptions.url && !req.routeOptions.config?.public && !req.ws)
      throw errors.unauthenticated();
    checkCsrf(req);
    enforcePasswordChange(req);
  });
  // Text the database cannot store is refused here, once, before any route sees it; routes that
  // must never refuse (the SOS) get it cleaned instead.
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config?.cleanText) {
      req.body = cleanText(req.body);
      return;
    }
    for (const [part, value] of [
      ['params', req.params],
      ['querystring', req.query],
      ['body', req.body],
    ] as const) {
      const bad = findBadText(value);
      if (bad) throw errors.badText({ issues: [{ path: `${part}${bad.path}`, message: bad.problem }] });
    }
  });

  metricsRoutes(app, k.metrics, k.config.METRICS_TOKEN);
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness and what this node runs on',
        response: {
          200: z.object({
            status: z.literal('ok'),
            version: z.string(),
            database: z.enum(['pglite', 'postgres']),
            bus: z.enum(['memory', 'nats']),
            demo: z.boolean(),
            roles: z.array(z.string()),
          }),
        },
      },
    },
    async () => {
      return {
        status: 'ok' as const,
        version: VERSION,
        database: k.dbKind,
        bus: k.bus.kind,
        demo: k.config.demo,
        roles: k.config.ANXIAO_ROLES,
      };
    },
  );

  readyRoutes(app, k);
  healthRoutes(app, k);
  jobsRoutes(app, k.jobs);
  identityRoutes(app, k, s.auth, s.users, config.modules.identity, () => demoAccounts(k.db));
  orgsRoutes(app, s.orgs);
  placesRoutes(app, s.places);
  peopleRoutes(app, s.people);
  gridsRoutes(app, s.grids, s.map);
  importsRoutes(app, s.imports);
  await alarmsRoutes(app, s.alarms);
  drillsRoutes(app, s.drills);
  requestsRoutes(app, s.requests, config.modules.requests);
  await open311Routes(app, s.requests);
  tasksRoutes(app, s.tasks);
  hazardsRoutes(app, s.hazards);
  capRoutes(app, s.cap);
  capFeedRoutes(app, k, s.cap);
  notifyRoutes(app, k.notify.inbox);
  await notifyCentreRoutes(app, k.notify);
  warningsRoutes(app, s.warnings);
  auditRoutes(app, k.db);
  filesRoutes(app, k.files);
  realtimeRoutes(app, k.realtime);

  await serveWebApps(app, k.config.WEB_DIST_DIR ?? REPO_ROOT);
  return app;
}

/** The admin console at / and the phone pages at /m/, each a single-page app. */
async function serveWebApps(app: ZodApp, root: string): Promise<void> {
  const admin = path.join(root, 'apps/admin/dist');
  const mobile = path.join(root, 'apps/mobile/dist');
  const haveAdmin = fs.existsSync(path.join(admin, 'index.html'));
  const haveMobile = fs.existsSync(path.join(mobile, 'index.html'));
  // The build writes brotli and gzip copies beside the files (scripts/compress-dist.mjs): sent as
  // they are when the browser accepts them (Vary: Accept-Encoding), the plain file otherwise.
  const caching = { cacheControl: false, setHeaders: setAssetCaching, preCompressed: true } as const;
  if (haveAdmin)
    await app.register(fastifyStatic, {
      root: admin,
      prefix: '/',
      wildcard: false,
      index: 'index.html',
      ...caching,
    });
  if (haveMobile) {
    await app.register(fastifyStatic, {
      root: mobile,
      prefix: '/m/',
      decorateReply: !haveAdmin,
      wildcard: false,
      index: 'index.html',
      ...caching,
    });
  }
  // Deep links (/users, /m/report) load the app shell; the app's router takes over.
  app.setNotFoundHandler((req, reply) => {
    const wantsPage =
      req.method === 'GET' && !isApiRequest(req) && (req.headers.accept ?? '').includes('text/html');
    if (wantsPage) {
      const pathname = req.url.split('?')[0]!;
      const shell = (root: string) =>
        reply
          .type('text/html')
          .header('cache-control', NO_CACHE)
          .send(fs.createReadStream(path.join(root, 'index.html')));
      if ((pathname === '/m' || pathname.startsWith('/m/')) && haveMobile) return shell(mobile);
      if (haveAdmin) return shell(admin);
    }
    throw errors.notFound({ url: req.url.split('?')[0] });
  });
}

const NO_CACHE = 'no-cache';
/**
 * Vite's output under assets/: the name ends in a content hash (`index-DWYbUFrP.js`), and so do its
 * precompressed copies (`index-DWYbUFrP.js.br`).
 */
const HASHED_ASSET = /[\\/]assets[\\/][^\\/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+(\.br|\.gz)?$/;

/**
 * A file whose name carries its content hash never changes: cached for a year without asking
 * again. Everything else (index.html, which names the current hashes) is revalidated each time.
 */
function setAssetCaching(reply: FastifyReply, filePath: string): void {
  reply.header(
    'cache-control',
    HASHED_ASSET.test(filePath) ? 'public, max-age=31536000, immutable' : NO_CACHE,
  );
}

/** ws:// and wss:// of the host the page was served from (nothing for a malformed Host). */
export function ownWebSocketOrigins(host: string | undefined): string {
  if (!host || !/^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host)) return '';
  return `ws://${host} wss://${host}`;
}

/**
 * Whether a request is for the API: by the route it matched (the router decodes the path, so
 * /%61pi/… matches /api/… while the raw URL does not), else by the decoded path.
 */
function isApiRequest(req: FastifyRequest): boolean {
  const route = req.routeOptions.url;
  if (route) return route.startsWith('/api/');
  let pathname = req.url.split('?')[0]!;
  try {
    pathname = decodeURIComponent(pathname);
  } catch {
    return true;
  }
  return path.posix.normalize(pathname.replace(/\/+/g, '/')).startsWith('/api/');
}

/** CSRF: a change needs the session's token in a header, which another site's page cannot read. */
function checkCsrf(req: FastifyRequest): void {
  if (!isUnsafeMethod(req.method)) return;
  if (req.routeOptions.config?.public) {
    if (!sameOrigin(req)) throw errors.csrf();
    return;
  }
  if (!req.actor) throw errors.unauthenticated();
  if (req.headers['x-csrf-token'] !== req.csrfToken) throw errors.csrf();
}
