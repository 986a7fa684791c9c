import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testRuntime, type TestRuntime } from '../support/runtime.js';

const REPO = path.resolve(import.meta.dirname, '../../../..');
const COMPRESS = path.join(REPO, 'scripts/compress-dist.mjs');

/** A bundle-like file: text that compresses well, as JavaScript does. */
const bundle = Array.from({ length: 4000 }, (_, i) => `export const v${i} = "安校 ${i % 37}";`).join('\n');

describe('the web builds sent precompressed (issue 15, item 9)', () => {
  let rt: TestRuntime;
  let root: string;
  const asset = '/m/assets/index-HZSGEaix.js';
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-dist-'));
    const dist = path.join(root, 'apps/mobile/dist');
    fs.mkdirSync(path.join(dist, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>安校</title>');
    fs.writeFileSync(path.join(dist, 'assets/index-HZSGEaix.js'), bundle);
    fs.writeFileSync(path.join(dist, 'assets/logo-Ab3dEf9h.png'), Buffer.alloc(2000, 7));
    // The build's own step, as `npm run build` runs it.
    execFileSync(process.execPath, [COMPRESS, dist]);
    rt = await testRuntime({ env: { WEB_DIST_DIR: root } });
  });
  afterAll(async () => {
    await rt.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  const get = (url: string, acceptEncoding?: string) =>
    rt.app.inject({
      method: 'GET',
      url,
      headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
    });

  it('writes brotli and gzip copies beside the text files, not beside images', () => {
    const assets = fs.readdirSync(path.join(root, 'apps/mobile/dist/assets')).sort();
    expect(assets).toEqual([
      'index-HZSGEaix.js',
      'index-HZSGEaix.js.br',
      'index-HZSGEaix.js.gz',
      'logo-Ab3dEf9h.png',
    ]);
  });

  it('sends the brotli copy to a browser that takes brotli: its length, and bytes that open to the file', async () => {
    const res = await get(asset, 'gzip, deflate, br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.rawPayload.length).toBeLessThan(Buffer.byteLength(bundle) / 5);
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(bundle);
  });

  it('sends the gzip copy when brotli is not accepted, and the file itself when nothing is', async () => {
    const gz = await get(asset, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(Number(gz.headers['content-length'])).toBe(gz.rawPayload.length);
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(bundle);

    const plain = await get(asset);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.rawPayload.toString()).toBe(bundle);
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(bundle));
  });

  it('sends a file without copies as it is', async () => {
    const res = await get('/m/assets/logo-Ab3dEf9h.png', 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.rawPayload.length).toBe(2000);
  });
});

interface BuildWeb {
  sourceHash(root: string, app: string): string;
  isCurrent(root: string, app: string, hash?: string): boolean;
  writeStamp(root: string, app: string, hash: string): void;
}

describe('npm start skips a web build whose sources have not changed', () => {
  let root: string;
  let web: BuildWeb;
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  beforeAll(async () => {
    web = (await import(pathToFileURL(path.join(REPO, 'scripts/build-web.mjs')).href)) as BuildWeb;
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-stamp-'));
    write('apps/mobile/src/main.tsx', 'render()');
    write('apps/mobile/vite.config.ts', 'export default {}');
    write('packages/contracts/src/index.ts', 'export {}');
    write('package-lock.json', '{"lockfileVersion":3}');
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A build as Vite and the stamp leave it. */
  const build = () => {
    write('apps/mobile/dist/index.html', '<!doctype html>');
    web.writeStamp(root, 'apps/mobile', web.sourceHash(root, 'apps/mobile'));
  };

  it('builds when there is no build, skips once built, and rebuilds after any source changes', () => {
    expect(web.isCurrent(root, 'apps/mobile')).toBe(false);
    build();
    expect(web.isCurrent(root, 'apps/mobile')).toBe(true);
    // The build's own output is no source.
    write('apps/mobile/dist/assets/index-HZSGEaix.js', 'x');
    expect(web.isCurrent(root, 'apps/mobile')).toBe(true);

    write('apps/mobile/src/main.tsx', 'render(<App />)');
    expect(web.isCurrent(root, 'apps/mobile')).toBe(false);
    build();
    write('packages/contracts/src/index.ts', 'export const x = 1;');
    expect(web.isCurrent(root, 'apps/mobile')).toBe(false);
    build();
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}');
    expect(web.isCurrent(root, 'apps/mobile')).toBe(false);
    build();
    write('apps/mobile/vite.config.ts', 'export default { base: "/m/" }');
    expect(web.isCurrent(root, 'apps/mobile')).toBe(false);
  });
});
