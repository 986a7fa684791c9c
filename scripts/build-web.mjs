#!/usr/bin/env node
// Builds the console and the phone pages only when their sources changed (npm start). Each build
// leaves a stamp in its dist/: a hash over the app's own files, the shared packages, the lockfile,
// the root configuration and these build scripts. A stamp that matches means the build is current;
// anything else (no build, another source, a changed dependency) builds again.
// Usage: node scripts/build-web.mjs [--force]
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const APPS = ['apps/admin', 'apps/mobile'];
const STAMP = '.build-stamp';
/** What every web build reads besides its own folder. */
const SHARED = [
  'packages',
  'package-lock.json',
  'package.json',
  'tsconfig.base.json',
  'scripts/build-web.mjs',
  'scripts/compress-dist.mjs',
];
const SKIP = new Set(['node_modules', 'dist', '.git']);

/** Every file under `rel` (a file or a folder), sorted, skipping builds and installed packages. */
function files(root, rel) {
  const full = path.join(root, rel);
  if (!fs.existsSync(full)) return [];
  if (fs.statSync(full).isFile()) return [rel];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .filter((e) => !SKIP.has(e.name) && !e.name.endsWith('.tsbuildinfo'))
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((e) => (e.isDirectory() || e.isFile() ? files(root, path.join(rel, e.name)) : []));
}

/** The hash of an app's sources: each file's path and content. */
export function sourceHash(root, app) {
  const hash = crypto.createHash('sha256');
  for (const rel of [...files(root, app), ...SHARED.flatMap((s) => files(root, s))]) {
    hash.update(rel.split(path.sep).join('/'));
    hash.update('\0');
    hash.update(fs.readFileSync(path.join(root, rel)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Whether the app's build is there and made from these very sources. */
export function isCurrent(root, app, hash = sourceHash(root, app)) {
  const dist = path.join(root, app, 'dist');
  if (!fs.existsSync(path.join(dist, 'index.html'))) return false;
  try {
    return fs.readFileSync(path.join(dist, STAMP), 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

/** Marks the app's build as made from sources with this hash. */
export function writeStamp(root, app, hash) {
  fs.writeFileSync(path.join(root, app, 'dist', STAMP), `${hash}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  for (const app of APPS) {
    const hash = sourceHash(ROOT, app);
    if (!force && isCurrent(ROOT, app, hash)) {
      console.log(`${app}: sources unchanged since its build, not rebuilt`);
      continue;
    }
    const run = spawnSync('npm', ['run', 'build', '-w', app], { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
    writeStamp(ROOT, app, hash);
  }
}
