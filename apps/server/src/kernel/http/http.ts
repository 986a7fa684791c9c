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
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 429) return send(errors.rateLimited());
    if (status === 413) return send(errors.payloadTooLarge());
    if (status === 415 || (err as { code?: string }).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return send(errors.unsupportedType());
    }
    if (status && status >= 400 && status < 500) {
      req.log.info({ err }, 'client error');
      return send(errors.badRequest(status, { reason: (err as Error).message }));
    }
    // A body that ends early or has no boundary: busboy's errors carry no status.
    if (isMalformedMultipart(err)) return send(errors.validation({ reason: (err as Error).message }));
    const fromDb = dbErrorToAppError(err);
    if (fromDb) {
      req.log.info({ pgCode: pgErrorOf(err)?.code, details: fromDb.details }, 'database refused input');
      return send(fromDb);
    }
    req.log.error({ err }, 'unhandled error');
    return send(errors.internal());
  });
}
