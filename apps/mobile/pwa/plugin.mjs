// Makes the phone pages an installable app that opens without a network (docs/decisions/0020):
// writes the web app manifest and its icons, and the service worker (pwa/sw.js) with the list of
// files this build made and a version taken from their names, so each build is a new worker.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shieldIcon } from './icons.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ICON_SIZES = [192, 512];
/** Not kept on the phone: source maps and the precompressed copies (the server picks those). */
const SKIP = /\.(map|br|gz)$/;

function manifest(base) {
  return {
    name: '安校',
    short_name: '安校',
    description: '校园安全：一键报警、报事、今日任务、随手拍',
    lang: 'zh-CN',
    start_url: base,
    scope: base,
    id: base,
    display: 'standalone',
    orientation: 'portrait',
    background_color: '#f5f6f8',
    theme_color: '#1677ff',
    icons: ICON_SIZES.map((size) => ({
      src: `${base}icons/icon-${size}.png`,
      sizes: `${size}x${size}`,
      type: 'image/png',
      purpose: 'any maskable',
    })),
  };
}

/** @returns {import('vite').Plugin} */
export function phoneApp() {
  let base = '/';
  return {
    name: 'anxiao-phone-app',
    apply: 'build',
    // After Vite's own plugins, so the bundle already holds index.html.
    enforce: 'post',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml() {
      return [
        { tag: 'link', attrs: { rel: 'manifest', href: `${base}manifest.webmanifest` }, injectTo: 'head' },
        {
          tag: 'link',
          attrs: { rel: 'apple-touch-icon', href: `${base}icons/icon-192.png` },
          injectTo: 'head',
        },
      ];
    },
    generateBundle(_options, bundle) {
      for (const size of ICON_SIZES)
        this.emitFile({ type: 'asset', fileName: `icons/icon-${size}.png`, source: shieldIcon(size) });
      this.emitFile({
        type: 'asset',
        fileName: 'manifest.webmanifest',
        source: JSON.stringify(manifest(base), null, 2),
      });
      const files = Object.keys(bundle)
        .filter((name) => !SKIP.test(name))
        .concat(
          ICON_SIZES.map((size) => `icons/icon-${size}.png`),
          'manifest.webmanifest',
          'index.html',
        )
        .filter((name, i, all) => all.indexOf(name) === i)
        .sort();
      // index.html changes with every change of a hashed name; the icons and manifest with this file.
      const hash = crypto.createHash('sha256');
      for (const name of files) {
        const item = bundle[name];
        hash.update(name);
        if (item?.type === 'asset') hash.update(item.source);
      }
      hash.update(fs.readFileSync(path.join(HERE, 'sw.js')));
      hash.update(fs.readFileSync(path.join(HERE, 'icons.mjs')));
      const version = hash.digest('hex').slice(0, 12);
      const worker = fs
        .readFileSync(path.join(HERE, 'sw.js'), 'utf8')
        .replace('__BASE__', JSON.stringify(base))
        .replace('__VERSION__', JSON.stringify(version))
        .replace('__PRECACHE__', JSON.stringify(files.map((name) => base + name)));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: worker });
    },
  };
}
