import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the IM providers' contract servers share: a local HTTP server answering JSON, and the
 * providers' documented examples (test/fixtures/providers/<name>.json) they answer with.
 */

export interface JsonRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** the body as sent (signatures are checked over what arrived) */
  raw: string;
}

export interface JsonAnswer {
  status?: number;
  body: unknown;
}

export interface JsonServer {
  base: string;
  close(): Promise<void>;
}

export async function startJsonServer(handle: (req: JsonRequest) => JsonAnswer): Promise<JsonServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://local');
      let answer: JsonAnswer;
      try {
        answer = handle({
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
      } catch (err) {
        answer = { status: 500, body: { error: String(err) } };
      }
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/providers');

/** A provider's documented examples (test/fixtures/providers/<name>.json), typed by the caller. */
export function fixture<T>(name: 'wecom' | 'dingtalk' | 'feishu'): T {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8')) as T;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** A JSON object body, or null when the body is not one. */
export function jsonObject(raw: string): JsonObject | null {
  try {
    const v = JSON.parse(raw) as Json;
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** The value at a path in a JSON value (at(body, 'text', 'content')), or undefined. */
export function at(value: Json | undefined, ...keys: string[]): Json | undefined {
  let v = value;
  for (const k of keys) {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    v = v[k];
  }
  return v;
}

/** The string at a path, or undefined. */
export function str(value: Json | undefined, ...keys: string[]): string | undefined {
  const v = at(value, ...keys);
  return typeof v === 'string' ? v : undefined;
}
