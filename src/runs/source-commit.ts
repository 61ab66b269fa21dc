/**
 * Which qlens source trained a run: the git commit of the qlens checkout this code runs from (not
 * of the folder the command was typed in), and whether its tracked files had uncommitted changes.
 * Recorded in config.json when a run starts, so a model card published later, from anywhere,
 * names the code that trained the agent.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceCommit {
  /** Full 40-hex commit id. */
  commit: string;
  /** Tracked files differed from the commit (untracked files are not counted). */
  dirty: boolean;
}

const QLENS_ROOT = join(import.meta.dirname, '..', '..');

/** The commit of the qlens checkout, or undefined when qlens is not run from its own git checkout (an npm install). */
export function qlensSourceCommit(): SourceCommit | undefined {
  const git = (args: string[]) => execFileSync('git', args, { cwd: QLENS_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
  try {
    const [top, commit] = git(['rev-parse', '--show-toplevel', 'HEAD']).trim().split('\n');
    // qlens installed inside someone else's repository (node_modules) would otherwise report that repository's commit.
    if (top === undefined || realpathSync(top) !== realpathSync(QLENS_ROOT) || !/^[0-9a-f]{40}$/.test(commit ?? '')) return undefined;
    const dirty = git(['status', '--porcelain', '--untracked-files=no']).trim() !== '';
    return { commit: commit!, dirty };
  } catch {
    return undefined; // no git, or not a checkout
  }
}
