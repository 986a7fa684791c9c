import type { RealtimeEvent, RealtimeMessage } from '@anxiao/contracts';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting';

export interface RealtimeHandlers {
  onEvent: (event: RealtimeEvent) => void;
  /**
   * The socket is (again) open and the server has said where it stands. What must never be missed
   * (an alarm ringing) is read afresh here rather than trusted to the replay alone.
   */
  onConnected: () => void;
  /** The server could not replay what was missed: every cached read may be stale. */
  onReset: () => void;
  /**
   * The server closed the socket because the session ended (sign-out, disabled, password reset)
   * or the user's roles changed: who the user is and may see must be read again.
   */
  onSessionChanged: () => void;
}

const MIN_DELAY_MS = 1_000;
// Kept short: after a server restart every console should be back within seconds of the server
// (a failed try against a server that is down costs it nothing), and the jitter below still
// spreads them out.
const MAX_DELAY_MS = 4_000;
const RECENT_LIMIT = 50;
// Close codes the server uses: 4401 session ended, 4409 roles changed (reconnect re-scopes).
const SESSION_CLOSE_CODES = new Set([4401, 4409]);

function parseMessage(data: unknown): RealtimeMessage | null {
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

/**
 * One WebSocket to /api/realtime that survives network loss: it reconnects with growing delays
 * and resumes after the last sequence number seen, so the server replays what was missed.
 */
export class RealtimeClient {
  private socket: WebSocket | null = null;
  private lastSeq: number | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private status: ConnectionStatus = 'connecting';
  private recent: readonly RealtimeEvent[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly handlers: RealtimeHandlers) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socket?.close(1000);
    this.socket = null;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getStatus = (): ConnectionStatus => this.status;

  /** The latest events, newest first. */
  getRecent = (): readonly RealtimeEvent[] => this.recent;

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private setStatus(status: ConnectionStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.notify();
  }

  private connect(): void {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = this.lastSeq === null ? '' : `?after=${this.lastSeq}`;
    const socket = new WebSocket(`${scheme}//${location.host}/api/realtime${query}`);
    this.socket = socket;
    socket.onmessage = (e) => this.receive(e.data);
    socket.onclose = (e) => {
      if (this.socket !== socket) return;
      this.socket = null;
      if (SESSION_CLOSE_CODES.has(e.code)) this.handlers.onSessionChanged();
      if (!this.stopped) this.scheduleReconnect();
    };
  }

  private receive(data: unknown): void {
    const message = parseMessage(data);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.lastSeq = message.lastSeq;
        this.attempt = 0;
        this.setStatus('connected');
        this.handlers.onConnected();
        break;
      case 'event':
        this.lastSeq = Math.max(this.lastSeq ?? 0, message.event.seq);
        this.recent = [message.event, ...this.recent].slice(0, RECENT_LIMIT);
        this.handlers.onEvent(message.event);
        this.notify();
        break;
      case 'reset':
        this.handlers.onReset();
        break;
    }
  }

  private scheduleReconnect(): void {
    this.setStatus('reconnecting');
    const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** this.attempt);
    this.attempt += 1;
    // Jitter spreads out the consoles that all lost the same server at the same moment.
    const delay = base * (0.8 + Math.random() * 0.4);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }
}
