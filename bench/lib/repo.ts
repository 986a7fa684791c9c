import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/**
 * head: `git clone` of the committed HEAD, what a new user gets.
 * worktree: the working tree as it is now, including uncommitted and untracked (not ignored) files.
 */
export type SourceMode = 'head' | 'worktree';

export function sourceModeFromEnv(value: string | undefined): SourceMode {
  if (value === undefined || value === '' || value === 'head') return 'head';
  if (value === 'worktree') return 'worktree';
  throw new Error(`BENCH_SOURCE must be "head" or "worktree", not "${value}"`);
}

export interface CopyResult {
  /** Short commit id, with "+changes" when the copy includes uncommitted work. */
  revision: string;
  files: number;
}

// Never copied even if a .gitignore forgot them: they would make the copy not fresh.
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'data']);

/** Put a fresh copy of the repository at `repoRoot` into `dest` (which must not exist). */
export async function freshCopy(repoRoot: string, dest: string, mode: SourceMode): Promise<CopyResult> {
  const git = (...args: string[]) =>
    exec('git', ['-C', repoRoot, ...args], { maxBuffer: 64 * 2 ** 20, timeout: 120_000 });
  const head = (await git('rev-parse', '--short', 'HEAD')).stdout.trim();
  if (mode === 'head') {
    await exec('git', ['clone', '--quiet', repoRoot, dest], { timeout: 300_000 });
    const { stdout } = await exec('git', ['-C', dest, 'ls-files', '-z'], { maxBuffer: 64 * 2 ** 20 });
    return { revision: head, files: stdout.split('\0').filter(Boolean).length };
  }
  const { stdout } = await git('ls-files', '-z', '--cached', '--others', '--exclude-standard');
  let files = 0;
  for (const rel of new Set(stdout.split('\0').filter(Boolean))) {
    if (rel.split('/').some((part) => SKIPPED_DIRS.has(part))) continue;
    const from = path.join(repoRoot, rel);
    const to = path.join(dest, rel);
    let stat;
    try {
      stat = fs.lstatSync(from);
    } catch {
      continue; // tracked but deleted in the working tree
    }
    if (stat.isDirectory()) continue; // a submodule's gitlink
    fs.mkdirSync(path.dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else fs.copyFileSync(from, to);
    files++;
  }
  const dirty = (await git('status', '--porcelain')).stdout.trim() !== '';
  return { revision: dirty ? `${head}+changes` : head, files };
}
