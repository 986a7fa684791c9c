import { z } from 'zod';
import { decimal } from '../http/schemas.js';
import type { ZodApp } from '../http/http.js';
import { sameOrigin } from '../http/security.js';
import type { RealtimeHub } from './hub.js';

export function realtimeRoutes(app: ZodApp, hub: RealtimeHub): void {
  app.get(
    '/api/realtime',
    {
      websocket: true,
      schema: {
        tags: ['realtime'],
        summary: 'WebSocket: events the caller may see; ?after=<seq> resumes after the last one received',
        querystring: z.object({ after: decimal(z.number().int().min(0)).optional() }),
      },
    },
    (socket, req) => {
      // Browsers send cookies on cross-site WebSocket handshakes: only our own pages may connect.
      if (!sameOrigin(req)) return socket.close(4403, 'origin not allowed');
      if (!req.actor) return socket.close(4401, 'sign in first');
      void hub.attach(socket, req.actor, req.query.after ?? null);
    },
  );
}
