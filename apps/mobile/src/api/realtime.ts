import type { RealtimeMessage } from '@anxiao/contracts';
import { useEffect, useRef } from 'react';

const RETRY_MS = 2_000;

interface Listener {
  prefixes: readonly string[];
  onChange: () => void;
}

/**
 * One WebSocket to /api/realtime (the console's channel; the server sends only what this user may
 * see), open while some screen listens. It reconnects after network loss; listeners are called on
 * each event of their kinds and each time the socket (re)opens, since something may have been
 * missed meanwhile. Screens still read on a timer in case the socket is silently dead.
 */
const listeners = new Set<Listener>();
let socket: WebSocket | null = null;
let timer: ReturnType<typeof setTimeout> | null = null;

function connect(): void {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(`${scheme}//${location.host}/api/realtime`);
  socket = ws;
  ws.onmessage = (e) => {
    const message = parse(e.data);
    if (!message) return;
    for (const l of [...listeners]) {
      const wanted = message.type !== 'event' || l.prefixes.some((p) => message.event.type.startsWith(p));
      if (wanted) l.onChange();
    }
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    if (listeners.size > 0)
      timer = setTimeout(() => {
        timer = null;
        connect();
      }, RETRY_MS);
  };
}

function listen(listener: Listener): () => void {
  listeners.add(listener);
  if (!socket && !timer && typeof WebSocket !== 'undefined') connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    if (timer) clearTimeout(timer);
    timer = null;
    const ws = socket;
    socket = null;
    ws?.close(1000);
  };
}

/** Calls `onChange` on each pushed event whose type starts with one of `prefixes`, and on (re)connect. */
export function useRealtimeNudge(prefixes: readonly string[], onChange: () => void, enabled = true): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  const key = prefixes.join(',');
  useEffect(() => {
    if (!enabled) return;
    return listen({ prefixes: key.split(','), onChange: () => latest.current() });
  }, [key, enabled]);
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
