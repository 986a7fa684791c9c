import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canConnect } from '../brokers.js';
import { freePort } from '../process.js';

/**
 * A real SMTP server for the e-mail adapter's tests: Debian's aiosmtpd (package python3-aiosmtpd,
 * installed by .ci/run) with the recording handler beside this file. Each accepted message is kept
 * as N.eml and N.json (what Python's e-mail parser reads from it).
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Debian's interpreter: python3-aiosmtpd is installed for it, not for another python3 on the PATH.
const PYTHON = fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export interface StoredMail {
  mailFrom: string;
  rcptTos: string[];
  from: string;
  to: string;
  subject: string;
  headers: Record<string, string>;
  text: string | null;
  html: string | null;
  raw: string;
}

export interface LocalSmtp {
  host: string;
  port: number;
  /** with `starttls`: the PEM of the server's self-signed certificate (its own CA) */
  caFile?: string;
  messages(): StoredMail[];
  stop(): Promise<void>;
}

/**
 * `starttls`: the server offers STARTTLS with a certificate made here for 127.0.0.1 (openssl, a key
 * for this test only) and, as aiosmtpd does by default then, refuses mail before the upgrade.
 */
export async function startAiosmtpd(opts: { starttls?: boolean } = {}): Promise<LocalSmtp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-smtp-'));
  const mail = path.join(dir, 'mail');
  fs.mkdirSync(mail);
  const port = await freePort();
  const tls: string[] = [];
  let caFile: string | undefined;
  if (opts.starttls) {
    caFile = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      // prettier-ignore
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', caFile, '-days', '1',
        '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'],
      { stdio: 'ignore', input: '' },
    );
    tls.push('--tlscert', caFile, '--tlskey', key);
  }
  const child: ChildProcess = spawn(
    PYTHON,
    ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${port}`, ...tls, '-c', 'smtp_recorder.Recorder', mail],
    {
      env: { ...process.env, PYTHONPATH: HERE, PYTHONDONTWRITEBYTECODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const end = Date.now() + 15_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) throw new Error(`aiosmtpd exited (${child.exitCode}):\n${log}`);
    if (Date.now() > end) {
      child.kill('SIGTERM');
      throw new Error(`aiosmtpd did not listen on ${port}:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host: '127.0.0.1',
    port,
    ...(caFile ? { caFile } : {}),
    messages() {
      return fs
        .readdirSync(mail)
        .filter((f) => f.endsWith('.json'))
        .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
        .map((f) => ({
          ...(JSON.parse(fs.readFileSync(path.join(mail, f), 'utf8')) as Omit<StoredMail, 'raw'>),
          raw: fs.readFileSync(path.join(mail, f.replace(/\.json$/, '.eml')), 'latin1'),
        }));
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
