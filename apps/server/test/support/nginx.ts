import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './process.js';

/** Debian puts it in /usr/sbin, which a user's PATH may leave out. */
const NGINX = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';
const TEMPLATE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../deploy/nginx.conf');

/**
 * Debian's nginx as a child process, configured from the shipped deploy/nginx.conf: the lines
 * marked `template` get this run's port, temporary folders and upstream nodes.
 */
export async function startNginx(upstreams: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-nginx-'));
  const port = await freePort();
  const servers = upstreams.map(
    (u) => `    server ${u.replace(/^https?:\/\//, '')} max_fails=1 fail_timeout=5s;`,
  );
  const conf = fs
    .readFileSync(TEMPLATE, 'utf8')
    .replace(/^pid .*# template: PID$/m, `pid ${dir}/nginx.pid;`)
    .replace(
      /^(\s*)(\w+_temp_path) .*# template: TEMP$/gm,
      (_, sp: string, k: string) => `${sp}${k} ${dir}/${k};`,
    )
    .replace(/^\s*listen .*# template: LISTEN$/m, `    listen 127.0.0.1:${port};`)
    .replace(/# template: UPSTREAMS\n(\s*server .*\n)+/, `# generated\n${servers.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'nginx.conf'), conf);
  const child: ChildProcess = spawn(
    NGINX,
    ['-p', dir, '-e', 'stderr', '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited (${child.exitCode}):\n${out}\n${conf}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error(`nginx did not answer in 15 s:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGQUIT');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
