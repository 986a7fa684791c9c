import type { RealtimeMessage } from '@anxiao/contracts';
import { useEffect } from 'react';

const RETRY_MS = 2_000;

/**
 * Calls `onChange` whenever the server pushes an event whose type starts with one of `prefixes`,
 * and each time the socket (re)opens (something may have been missed meanwhile). The same
 * /api/realtime the console uses; the server sends only what this user may see. Reconnects after
 * network loss; the caller still reads on a timer in case the socket is silently dead.
 */
export function useRealtimeNudge(prefixes: readonly string[], onChange: () => void, enabled = true): void {
  const key = prefixes.join(',');
  useEffect(() => {
    if (!enabled || typeof WebSocket === 'undefined') return;
    const wanted = key.split(',');
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const connect = () => {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      const ws = new WebSocket(`${scheme}//${location.host}/api/realtime`);
      socket = ws;
      ws.onmessage = (e) => {
        const message = parse(e.data);
        if (message?.type === 'ready' || message?.type === 'reset') onChange();
        else if (message?.type === 'event' && wanted.some((p) => message.event.type.startsWith(p)))
          onChange();
      };
      ws.onclose = () => {
        if (socket !== ws || stopped) return;
        timer = setTimeout(connect, RETRY_MS);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      socket?.close(1000);
    };
  }, [key, onChange, enabled]);
}

function parse(data: unknown): RealtimeMessage | null {
  if (typeof data !== 'string') return null;
  try {
    const message: unknown = JSON.parse(data);
    return typeof message === 'object' && message !== null && 'type' in message
      ? (message as RealtimeMessage)
      : null;
  } catch {
    return null;
  }
}
