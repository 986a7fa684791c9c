import fs from 'node:fs';
import { msSince } from './harness.js';
import { describeExit, logTail, spawnGroup, stopGroup, type RunOptions } from './process.js';
import { sleep } from './wait.js';

const GNU_TIME = '/usr/bin/time';
/** How often the output is read for markers. */
const POLL_MS = 50;
/** How often the process tree's memory is read (every n-th output poll). */
const RSS_EVERY = 4;

/** A marker seen in a command's output, with when it was first seen. */
export interface Mark {
  label: string;
  /** ms since the command was started */
  ms: number;
}

export interface MeasuredRun {
  /** Wall time from spawn to exit of the whole command. */
  ms: number;
  /**
   * Peak resident set of the largest process of the command's tree, KiB: GNU time's %M (the
   * kernel's maxrss over the waited-for tree), else the highest VmHWM seen while polling /proc.
   */
  peakRssKiB: number;
  peakSource: string;
  /** Per process (by pid), the highest VmHWM seen while polling /proc, largest first. */
  processPeaks: { pid: number; label: string; hwmKiB: number }[];
  /** `markers` matches in the output, in order, consecutive repeats collapsed. */
  marks: Mark[];
  /** What the command wrote (stdout and stderr). */
  output: string;
}

export interface MeasureOptions extends RunOptions {
  /** Output markers to time (global regex); e.g. the phases of a progress line. */
  markers?: RegExp;
  /** Names a process of the tree for `processPeaks`. */
  labelOf?: (argv: string[], comm: string) => string;
}

/**
 * Run a command to completion (as runToCompletion does) while measuring its wall time, peak
 * memory and when each output marker first appears. Throws with the log's end on failure.
 */
export async function runMeasured(
  command: string,
  args: string[],
  opts: MeasureOptions,
): Promise<MeasuredRun> {
  const useTime = fs.existsSync(GNU_TIME);
  const timeFile = `${opts.logFile}.time`;
  fs.rmSync(timeFile, { force: true });
  const from = fs.existsSync(opts.logFile) ? fs.statSync(opts.logFile).size : 0;
  const start = performance.now();
  const group = useTime
    ? spawnGroup(GNU_TIME, ['-f', '%M', '-o', timeFile, command, ...args], opts)
    : spawnGroup(command, args, opts);

  const peaks = new Map<number, { label: string; hwmKiB: number }>();
  const marks: Mark[] = [];
  let scanned = 0;
  let output = '';
  let polls = 0;
  const poll = (final = false) => {
    if (final || polls++ % RSS_EVERY === 0) {
      for (const pid of processTree(group.pid)) {
        if (pid === group.pid && useTime) continue;
        const info = readStatus(pid);
        if (!info) continue;
        const seen = peaks.get(pid);
        if (!seen || info.hwmKiB > seen.hwmKiB)
          peaks.set(pid, { label: opts.labelOf?.(info.argv, info.comm) ?? info.comm, hwmKiB: info.hwmKiB });
      }
    }
    output = readFrom(opts.logFile, from);
    if (!opts.markers) return;
    const ms = msSince(start);
    const re = new RegExp(
      opts.markers.source,
      opts.markers.flags.includes('g') ? opts.markers.flags : `${opts.markers.flags}g`,
    );
    re.lastIndex = scanned;
    for (let m = re.exec(output); m; m = re.exec(output)) {
      scanned = re.lastIndex;
      if (marks.at(-1)?.label !== m[0]) marks.push({ label: m[0], ms });
    }
  };

  let timedOut = false;
  const deadline = start + opts.timeoutMs;
  while (!group.exit) {
    poll();
    if (performance.now() > deadline) {
      timedOut = true;
      break;
    }
    await Promise.race([group.exited, sleep(POLL_MS)]);
  }
  const ms = msSince(start);
  poll(true);
  await stopGroup(group, 5_000);
  output = readFrom(opts.logFile, from);
  if (timedOut)
    throw new Error(
      `\`${group.command}\` did not finish within ${opts.timeoutMs / 1000} s\n${logTail(opts.logFile)}`,
    );
  if (group.exit?.code !== 0)
    throw new Error(
      `\`${group.command}\` failed (${group.exit ? describeExit(group.exit) : 'no exit status'})\n${logTail(opts.logFile)}`,
    );

  const processPeaks = [...peaks.entries()]
    .map(([pid, p]) => ({ pid, ...p }))
    .sort((a, b) => b.hwmKiB - a.hwmKiB);
  const polled = processPeaks[0]?.hwmKiB ?? 0;
  let peakRssKiB = polled;
  let peakSource = `highest VmHWM polled every ${POLL_MS} ms`;
  if (useTime) {
    const lines = fs.readFileSync(timeFile, 'utf8').trim().split('\n');
    const kib = Number(/(\d+)\s*$/.exec(lines.at(-1) ?? '')?.[1]);
    if (Number.isFinite(kib) && kib > 0) {
      peakRssKiB = kib;
      peakSource = 'GNU time %M: maxrss of the largest process';
    }
    fs.rmSync(timeFile, { force: true });
  }
  return { ms, peakRssKiB, peakSource, processPeaks, marks, output };
}

function readFrom(file: string, offset: number): string {
  try {
    return fs.readFileSync(file).subarray(offset).toString('utf8');
  } catch {
    return '';
  }
}

/** `root` and its descendants, from /proc/<pid>/task/<tid>/children (cheaper than scanning /proc). */
function processTree(root: number): number[] {
  const out: number[] = [];
  const queue = [root];
  while (queue.length) {
    const pid = queue.shift()!;
    out.push(pid);
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const child of fs.readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' '))
          if (child.trim()) queue.push(Number(child));
      } catch {
        // The task ended meanwhile.
      }
    }
  }
  return out;
}

function readStatus(pid: number): { comm: string; argv: string[]; hwmKiB: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    if (!hwm) return undefined;
    return {
      comm: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '',
      argv: fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean),
      hwmKiB: Number(hwm[1]),
    };
  } catch {
    return undefined;
  }
}

/**
 * "startup 1.9 · read 1.2 · check 0.4 · summary & exit 0.2 s": the time from each mark to the
 * next, named by `names` (marks without a name count towards the segment before them); segments
 * under 50 ms are left out.
 */
export function describeSegments(run: MeasuredRun, names: Record<string, string>, first = 'startup'): string {
  const segments: { name: string; ms: number }[] = [{ name: first, ms: 0 }];
  let at = 0;
  for (const mark of run.marks) {
    segments.at(-1)!.ms += mark.ms - at;
    at = mark.ms;
    const name = names[mark.label];
    if (name !== undefined) segments.push({ name, ms: 0 });
  }
  const last = segments.at(-1)!;
  last.ms += run.ms - at;
  last.name += ' & exit';
  return `${segments
    .filter((s) => s.ms >= 50)
    .map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)}`)
    .join(' · ')} s`;
}
