import { CapRejected } from './cap.parse.js';

/**
 * One bounded read of a feed's document: http(s) only, no credentials, at most `maxBytes` (read as
 * a stream and cut off there, whatever Content-Length claims), at most `timeoutMs` for the whole
 * read, redirects followed by fetch within its own limit of 20.
 */
export async function fetchBounded(
  url: string,
  opts: { maxBytes: number; timeoutMs: number },
): Promise<{ text: string; url: string }> {
  checkFeedUrl(url);
  let res: Response;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    res = await fetch(url, {
      signal,
      headers: { accept: 'application/cap+xml, application/atom+xml, application/xml, text/xml;q=0.9' },
    });
  } catch (e) {
    throw new CapRejected('fetch_failed', describe(e, opts.timeoutMs));
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new CapRejected('fetch_failed', `HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > opts.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new CapRejected('too_big', `${declared} bytes, more than ${opts.maxBytes}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of (res.body ?? []) as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > opts.maxBytes) {
        // Leaving the loop early cancels the body: the rest is never read.
        throw new CapRejected('too_big', `more than ${opts.maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (e) {
    if (e instanceof CapRejected) throw e;
    throw new CapRejected('fetch_failed', describe(e, opts.timeoutMs));
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks));
  return { text, url: res.url || url };
}

function describe(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  return (err.cause?.code ?? err.cause?.message ?? err.message ?? 'unreachable').slice(0, 200);
}

/** A feed address: http or https, a host, no user name or password in it. */
export function checkFeedUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CapRejected('fetch_failed', 'not an address');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw new CapRejected('fetch_failed', 'only http and https addresses are read');
  if (u.username || u.password)
    throw new CapRejected('fetch_failed', 'an address with credentials is refused');
  if (!u.hostname) throw new CapRejected('fetch_failed', 'no host');
  return u;
}
