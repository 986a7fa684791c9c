import type { IncomingMessage } from 'node:http';
import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Query parameters and path segments that are credentials: an Open311 key, private links. */
const SECRET_PARAMS = /([?&](?:api_key|token|key|secret|password)=)[^&#]*/gi;
const SECRET_SEGMENTS = /(\/(?:track|tokens)\/)[^/?#.]+/g;

/** A URL as it may be written to the log: credentials in its query or path replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, '$1[redacted]').replace(SECRET_SEGMENTS, '$1[redacted]');
}

interface LoggedRequest extends IncomingMessage {
  hostname?: string;
  ip?: string;
  socket: IncomingMessage['socket'];
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'anxiao', pid: process.pid },
      redact: {
        paths: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password', '*.newPassword'],
        censor: '[redacted]',
      },
      // Fastify's own request serializer, with the URL redacted (it wins over Fastify's default).
      serializers: {
        req: (req: LoggedRequest) => ({
          method: req.method,
          url: redactUrl(req.url ?? ''),
          host: req.hostname ?? req.headers?.host,
          remoteAddress: req.ip ?? req.socket?.remoteAddress,
          remotePort: req.socket?.remotePort,
        }),
      },
    },
    destination,
  );
}
