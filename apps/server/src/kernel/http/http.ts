import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { hasZodFastifySchemaValidationErrors, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../access/index.js';
import { isDatabaseUnavailable } from '../db.js';
import { AppError, errors } from '../errors.js';
import { pickLang, tr, type Lang } from '../i18n.js';
import { dbErrorToAppError, pgErrorOf } from './db-errors.js';

export type ZodApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export const LANG_COOKIE = 'anxiao_lang';

declare module 'fastify' {
  interface FastifyRequest {
    /** set by the authentication hook when a valid session cookie came with the request */
    actor: Actor | null;
    /** the session's CSRF token, for the CSRF check */
    csrfToken: string | null;
  }
}

/** The signed-in actor, or 401. Every non-public route starts with this. */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw errors.unauthenticated();
  return req.actor;
}

export function langOf(req: FastifyRequest): Lang {
  return req.actor?.lang ?? pickLang(req.cookies?.[LANG_COOKIE], req.headers['accept-language']);
}

export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('stable dotted code, e.g. auth.invalid_credentials'),
      message: z.string().describe("in the caller's language"),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

const MULTIPART_MESSAGES =
  /^(Unexpected end of (form|multipart data)|Malformed part header|Multipart: Boundary not found|Boundary not found)/;

function isMalformedMultipart(err: unknown): boolean {
  return err instanceof Error && MULTIPART_MESSAGES.test(err.message);
}

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** how long a client should wait before retrying while the database is unreachable */
export const RETRY_AFTER_SECONDS = 5;

/**
 * What an error that is not an AppError means to the caller, when it is the caller's (a framework
 * 4xx, a malformed multipart body, input the database refused) or the database's absence (503);
 * null for a real fault. Open311's handler asks the same question.
 */
export function knownError(err: unknown): AppError | null {
  const status = (err as { statusCode?: number }).statusCode;
  if (status === 429) return errors.rateLimited();
  if (status === 413) return errors.payloadTooLarge();
  if (status === 415 || (err as { code?: string }).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return errors.unsupportedType();
  if (status && status >= 400 && status < 500)
    return errors.badRequest(status, { reason: (err as Error).message });
  // A body that ends early or has no boundary: busboy's errors carry no status.
  if (isMalformedMultipart(err)) return errors.validation({ reason: (err as Error).message });
  const fromDb = dbErrorToAppError(err);
  if (fromDb) return fromDb;
  if (isDatabaseUnavailable(err)) return errors.unavailable();
  return null;
}

/** One error handler: AppErrors as they are, validation as 400 with the fields, the rest 500. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, req, reply) => {
    const lang = langOf(req);
    const send = (e: AppError) => {
      const body: ErrorBody = { error: { code: e.code, message: tr(e.text, lang) } };
      if (e.details !== undefined) body.error.details = e.details;
      return reply.status(e.status).send(body);
    };
    if (err instanceof AppError) return send(err);
    if (hasZodFastifySchemaValidationErrors(err)) {
      return send(
        errors.validation({
          issues: err.validation.map((v) => ({
            path: `${err.validationContext ?? ''}${v.instancePath}`,
            message: v.message ?? '',
          })),
        }),
      );
    }
    const known = knownError(err);
    if (known) {
      if (known.status === 503) void reply.header('retry-after', RETRY_AFTER_SECONDS);
      req.log[known.status === 503 ? 'warn' : 'info']({ err, pgCode: pgErrorOf(err)?.code }, known.code);
      return send(known);
    }
    req.log.error({ err }, 'unhandled error');
    return send(errors.internal());
  });
}
