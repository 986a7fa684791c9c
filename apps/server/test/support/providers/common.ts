import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Plumbing shared by the providers' contract servers: a listening HTTP server on loopback, and the
 * queue of receipt callbacks each server posts after a send (held and released on a test's word).
 */

export interface RawRequest {
  method: string;
  /** the path and the raw query string exactly as they arrived */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export type Answer = { status: number; body: unknown };

export async function listen(handle: (req: RawRequest) => Promise<Answer> | Answer) {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        let answer: Answer;
        try {
          answer = await handle({
            method: req.method ?? 'GET',
            url: req.url ?? '/',
            headers: req.headers,
            body: Buffer.concat(chunks),
          });
        } catch (err) {
          answer = { status: 500, body: { error: String(err) } };
        }
        res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(answer.body));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One receipt callback the provider posted (or holds), and what our side answered. */
export interface ReceiptDelivery {
  url: string;
  body: unknown[];
  status?: number;
  answer?: unknown;
  error?: string;
}

/**
 * Receipt callbacks in order. Sent at once unless held; held ones go out on release(), or never
 * (a receipt that does not come, for the failover after the receipt window).
 */
export class ReceiptQueue {
  private held = false;
  private readonly waiting: ReceiptDelivery[] = [];
  /** every callback posted, with our side's answer */
  readonly posted: ReceiptDelivery[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** how long after the send's answer a callback goes out (real ones take seconds) */
  delayMs = 0;

  hold(): void {
    this.held = true;
  }

  get pending(): number {
    return this.waiting.length;
  }

  /** the bodies of the held callbacks, as they would be posted (a test forges one from them) */
  peek(): unknown[][] {
    return this.waiting.map((d) => d.body);
  }

  /** post every held callback now and send the next ones at once again */
  async release(): Promise<ReceiptDelivery[]> {
    this.held = false;
    const out = this.waiting.splice(0);
    await Promise.all(out.map((d) => this.post(d)));
    return out;
  }

  /** forget the held callbacks: they are never sent */
  drop(): number {
    return this.waiting.splice(0).length;
  }

  enqueue(url: string | undefined, body: unknown[]): void {
    if (!url) return;
    const d: ReceiptDelivery = { url, body };
    if (this.held) {
      this.waiting.push(d);
      return;
    }
    // posted just after the send's answer, as the providers do (asynchronously)
    const p = new Promise<void>((resolve) => setTimeout(resolve, this.delayMs)).then(() => this.post(d));
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  /** wait until the callbacks already on their way have been answered */
  async settled(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }

  private async post(d: ReceiptDelivery): Promise<void> {
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(d.body),
      });
      d.status = res.status;
      const text = await res.text();
      try {
        d.answer = JSON.parse(text);
      } catch {
        d.answer = text;
      }
    } catch (err) {
      d.error = String(err);
    }
    this.posted.push(d);
  }
}

/** "2017-01-01 00:00:00" in China Standard Time, the form both providers write times in */
export function chinaTimeString(d: Date): string {
  return new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export const randomDigits = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    i === 0 ? 1 + Math.floor(Math.random() * 9) : Math.floor(Math.random() * 10),
  ).join('');
