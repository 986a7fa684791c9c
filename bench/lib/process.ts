import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { registerCleanup } from './cleanup.js';
import { msSince } from './harness.js';
import { sleep } from './wait.js';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A command started as the leader of its own process group: `npm start` forks sh, tsx and node
 * below it, and only a signal to the whole group reaches all of them.
 */
export interface ProcessGroup {
  /** The leader's pid, which is also the process group id. */
  pid: number;
  /** Command line, for messages. */
  command: string;
  /** stdout and stderr of every process in the group. */
  logFile: string;
  /** Set once the leader has exited. */
  exit: ExitInfo | undefined;
  exited: Promise<ExitInfo>;
  /** Drops the exit-time SIGKILL; called by stopGroup once the group is gone. */
  release(): void;
}

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

export function spawnGroup(command: string, args: string[], opts: SpawnOptions): ProcessGroup {
  const commandLine = [command, ...args].join(' ');
  fs.appendFileSync(opts.logFile, `$ ${commandLine}   (cwd ${opts.cwd})\n`);
  // The children write straight into the file, so output survives us and costs no piping.
  const fd = fs.openSync(opts.logFile, 'a');
  let child;
  try {
    child = spawn(command, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start \`${commandLine}\` (is ${command} on PATH?)`);
  const release = registerCleanup(() => killGroupSync(pid));
  const group: ProcessGroup = {
    pid,
    command: commandLine,
    logFile: opts.logFile,
    exit: undefined,
    exited: new Promise<ExitInfo>((resolve) => {
      child.once('exit', (code, signal) => {
        group.exit = { code, signal };
        resolve(group.exit);
      });
    }),
    release,
  };
  child.on('error', (err) => fs.appendFileSync(opts.logFile, `spawn error: ${err.message}\n`));
  return group;
}

export function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

/**
 * For exit-time cleanup, where the event loop is gone: SIGKILL and block until the group is gone,
 * so that removing its directory afterwards does not race with its last writes.
 */
function killGroupSync(pgid: number, timeoutMs = 3_000): void {
  signalGroup(pgid, 'SIGKILL');
  const deadline = performance.now() + timeoutMs;
  const cell = new Int32Array(new SharedArrayBuffer(4));
  while (groupMembers(pgid).length > 0 && performance.now() < deadline) Atomics.wait(cell, 0, 0, 20);
}

export interface StopResult {
  ms: number;
  /** SIGTERM was not enough within the timeout; SIGKILL was sent. */
  killed: boolean;
}

/** SIGTERM the group and wait until no process of it is left; SIGKILL after `timeoutMs`. */
export async function stopGroup(group: ProcessGroup, timeoutMs = 30_000): Promise<StopResult> {
  const start = performance.now();
  let killed = false;
  signalGroup(group.pid, 'SIGTERM');
  while (groupMembers(group.pid).length > 0) {
    if (!killed && performance.now() - start > timeoutMs) {
      signalGroup(group.pid, 'SIGKILL');
      killed = true;
    }
    if (killed && performance.now() - start > timeoutMs + 10_000) {
      throw new Error(`process group ${group.pid} (${group.command}) survived SIGKILL`);
    }
    await sleep(25);
  }
  await group.exited;
  group.release();
  return { ms: msSince(start), killed };
}

export interface RunOptions extends SpawnOptions {
  timeoutMs: number;
}

/** Run a command to completion; throws with the end of its log if it fails or overruns. */
export async function runToCompletion(command: string, args: string[], opts: RunOptions): Promise<number> {
  const start = performance.now();
  const group = spawnGroup(command, args, opts);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), opts.timeoutMs);
  });
  const outcome = await Promise.race([group.exited, timedOut]);
  clearTimeout(timer);
  const ms = msSince(start);
  // Also reaps helpers the command may have left behind (esbuild services and the like).
  await stopGroup(group, 5_000);
  if (outcome === 'timeout') {
    throw new Error(
      `\`${group.command}\` did not finish within ${opts.timeoutMs / 1000} s\n${logTail(opts.logFile)}`,
    );
  }
  if (outcome.code !== 0) {
    throw new Error(`\`${group.command}\` failed (${describeExit(outcome)})\n${logTail(opts.logFile)}`);
  }
  return ms;
}

export function describeExit(exit: ExitInfo): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`;
}

export function logTail(file: string, lines = 25): string {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return `(no log at ${file})`;
  }
  const tail = text.trimEnd().split('\n').slice(-lines);
  return `--- last ${tail.length} lines of ${file} ---\n${tail.join('\n')}`;
}

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** The kernel's short name (what `ps -o comm` shows; npm retitles itself). */
  comm: string;
  argv: string[];
  rssKiB: number;
}

/** Live (non-zombie) processes whose process group is `pgid`, from /proc. */
export function groupMembers(pgid: number): ProcInfo[] {
  const members: ProcInfo[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProc(Number(entry));
    if (info && info.pgrp === pgid && info.state !== 'Z') members.push(info);
  }
  return members;
}

function readProc(pid: number): (ProcInfo & { pgrp: number; state: string }) | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // comm is in parentheses and may itself contain spaces or parentheses.
    const open = stat.indexOf('(');
    const close = stat.lastIndexOf(')');
    const [state = '', ppid = '0', pgrp = '0'] = stat.slice(close + 2).split(' ');
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return {
      pid,
      ppid: Number(ppid),
      pgrp: Number(pgrp),
      state,
      comm: stat.slice(open + 1, close),
      argv,
      // Kernel threads and exiting processes have no VmRSS line.
      rssKiB: rss ? Number(rss[1]) : 0,
    };
  } catch {
    // The process exited while we were reading it.
    return undefined;
  }
}
