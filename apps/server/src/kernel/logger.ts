import { pino, type Logger } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { app: 'anxiao', pid: process.pid },
    redact: {
      paths: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password', '*.newPassword'],
      censor: '[redacted]',
    },
  });
}
