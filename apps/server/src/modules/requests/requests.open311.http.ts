import type { FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.js';
import { knownError, RETRY_AFTER_SECONDS } from '../../kernel/http/http.js';
import { isoDateTime } from '../../kernel/http/schemas.js';
import { open311Body, open311Errors, type Open311Format } from './requests.open311.js';

/**
 * The HTTP plumbing of Open311: its errors (the spec's array of {code, description}, in the format
 * the path's extension asks for, whatever failed: our checks, the schema, the framework), its
 * optional-parameter rule and the answer in either format.
 */

export const PREFIX = '/open311/v2';
/** Open311 bodies are forms of a few fields; nothing legitimate comes near this. */
export const OPEN311_BODY_LIMIT = 64 * 1024;

export class Open311Error extends Error {
  readonly messages: string[];
  constructor(
    public readonly status: number,
    message: string | string[],
  ) {
    super([message].flat().join('; '));
    this.messages = [message].flat();
  }
}

/** The spec: a parameter sent empty is the same as one not sent. */
export const blank = <T extends z.ZodType>(t: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), t.optional());
export const optionalDate = blank(isoDateTime());
export const optionalText = (max: number) => blank(z.string().max(max));

/** The format a call asked for, from its path: errors answer in it even when the params failed. */
export function formatOf(req: FastifyRequest): Open311Format {
  const path = req.url.split('?')[0] ?? '';
  return path.endsWith('.xml') ? 'xml' : 'json';
}

export function sendOpen311(
  reply: FastifyReply,
  fmt: Open311Format,
  root: string,
  value: Parameters<typeof open311Body>[2],
  status = 200,
) {
  const out = open311Body(fmt, root, value);
  return reply.status(status).header('content-type', out.contentType).send(out.body);
}

/** What the framework says before a handler runs, in words a client can act on. */
const FRAMEWORK_TEXT: Record<number, string> = {
  413: `the body is larger than ${OPEN311_BODY_LIMIT / 1024} KB`,
  415: 'send application/x-www-form-urlencoded',
  429: 'too many requests',
};

/** A house error, named by its field where it has one (attribute[ITEM] is required). */
function appErrorMessages(err: AppError): string[] {
  const details = (err.details ?? {}) as Record<string, unknown>;
  const fields = details['fields'] as { code: string; reason: string }[] | undefined;
  if (err.code === 'requests.bad_attribute' && fields?.length)
    return fields.map((f) => `attribute[${f.code}] ${f.reason}`);
  const named = Object.entries(details)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
    .map(([k, v]) => `${k} ${String(v)}`);
  return [named.length ? `${err.text.en} (${named.join(', ')})` : err.text.en];
}

export function open311ErrorHandler(err: Error, req: FastifyRequest, reply: FastifyReply) {
  let status = 500;
  let messages = ['internal error'];
  const statusCode = (err as { statusCode?: number }).statusCode;
  if (err instanceof Open311Error) [status, messages] = [err.status, err.messages];
  else if (err instanceof AppError) {
    [status, messages] = [err.status, appErrorMessages(err)];
    if (status >= 500) req.log.error({ err }, 'open311');
  } else if (hasZodFastifySchemaValidationErrors(err))
    [status, messages] = [
      400,
      err.validation.map((v) => `${v.instancePath.slice(1).replaceAll('/', '.') || 'request'}: ${v.message}`),
    ];
  else if (statusCode !== undefined && statusCode >= 400 && statusCode < 500)
    // Every framework 4xx keeps its status: an empty or malformed body, one too large, a wrong type.
    [status, messages] = [statusCode, [FRAMEWORK_TEXT[statusCode] ?? err.message]];
  else {
    const known = knownError(err);
    if (known) {
      [status, messages] = [known.status, appErrorMessages(known)];
      if (status === 503) void reply.header('retry-after', RETRY_AFTER_SECONDS);
    } else req.log.error({ err }, 'open311');
  }
  const out = open311Errors(formatOf(req), status, messages);
  return reply.status(status).header('content-type', out.contentType).send(out.body);
}
