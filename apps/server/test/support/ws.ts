import WebSocket from 'ws';

export interface WsMessage {
  type: string;
  lastSeq?: number;
  event?: { id: string; seq: number; type: string; payload: Record<string, unknown>; orgId: string | null };
}

/** A realtime client as the console uses it: collects messages, waits for the ones a test needs. */
export class WsClient {
  readonly messages: WsMessage[] = [];
  closeCode: number | null = null;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse((data as Buffer).toString('utf8')) as WsMessage);
      for (const w of this.waiters.splice(0)) w();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static connect(baseUrl: string, cookie: string, after?: number, origin?: string): Promise<WsClient> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/realtime${after === undefined ? '' : `?after=${after}`}`;
    const socket = new WebSocket(url, { headers: { cookie, ...(origin ? { origin } : {}) } });
    const c = new WsClient(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(c));
      socket.once('error', reject);
    });
  }

  events(type?: string) {
    return this.messages
      .filter((m) => m.type === 'event' && (!type || m.event!.type === type))
      .map((m) => m.event!);
  }

  get lastSeq(): number {
    return Math.max(0, ...this.messages.map((m) => m.event?.seq ?? m.lastSeq ?? 0));
  }

  async waitFor(pred: (c: WsClient) => boolean, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!pred(this)) {
      if (Date.now() > end) throw new Error(`timed out; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 200);
      });
    }
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((r) => {
      this.socket.once('close', () => r());
      this.socket.close();
    });
  }
}
