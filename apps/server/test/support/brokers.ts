import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './process.js';

export interface PrivateBroker {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** stop it and remove its files */
  dispose(): Promise<void>;
}

/**
 * A NATS server with JetStream of the test's own (the machine's shared one is left alone), keeping
 * its streams in a directory of its own across restarts, as a production server does.
 */
export async function privateNats(): Promise<PrivateBroker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-nats-'));
  const port = await freePort();
  return broker(
    port,
    `nats://127.0.0.1:${port}`,
    () => spawn('/usr/sbin/nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir]),
    dir,
  );
}

/** A Mosquitto of the test's own; `persistence: false` is the package's default configuration. */
export async function privateMosquitto(opts: { persistence: boolean }): Promise<PrivateBroker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-mqtt-'));
  // Started as root, mosquitto drops to its own user, which must be able to write its sessions here.
  fs.chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  const lines = [`listener ${port} 127.0.0.1`, 'allow_anonymous true'];
  if (opts.persistence) lines.push('persistence true', `persistence_location ${dir}/`, 'autosave_interval 1');
  fs.writeFileSync(conf, `${lines.join('\n')}\n`);
  return broker(port, `mqtt://127.0.0.1:${port}`, () => spawn('mosquitto', ['-c', conf]), dir);
}

async function broker(
  port: number,
  url: string,
  spawnIt: () => ChildProcess,
  dir: string,
): Promise<PrivateBroker> {
  let proc: ChildProcess | null = null;
  let log = '';
  const start = async () => {
    const p = spawnIt();
    proc = p;
    p.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    p.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    const end = Date.now() + 15_000;
    while (!(await canConnect(port))) {
      if (p.exitCode !== null) throw new Error(`broker exited (${p.exitCode}):\n${log}`);
      if (Date.now() > end) throw new Error(`broker did not listen on ${port}:\n${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  };
  await start();
  return {
    url,
    port,
    start,
    stop,
    async dispose() {
      await stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}
