/**
 * Which qlens code trained which steps of a resumed run. config.json's `source` names the code a
 * run started with; a `train --resume` from another checkout (a later commit, uncommitted changes,
 * an npm install) trains the steps after its checkpoint with other code, which a model card must
 * say rather than credit the whole agent to the first commit.
 */
import type { RunConfigFile } from './run-files.ts';
import type { SourceCommit } from './source-commit.ts';

export type ResumeSource = NonNullable<RunConfigFile['resumedSources']>[number];

/**
 * config.json's `resumedSources` after a resume at `atStep` by `source` (undefined: not a qlens
 * checkout). The same array when nothing changed, so callers can skip the write; a second resume
 * from the same checkpoint replaces the first, which trained nothing.
 */
export function withResumeSource(file: Pick<RunConfigFile, 'source' | 'resumedSources'>, atStep: number, source: SourceCommit | undefined): RunConfigFile['resumedSources'] {
  const now: ResumeSource = { atStep, commit: source?.commit ?? null, dirty: source?.dirty ?? false };
  const recorded = file.resumedSources ?? [];
  const kept = recorded.at(-1)?.atStep === atStep ? recorded.slice(0, -1) : recorded;
  const before = kept.at(-1) ?? { commit: file.source?.commit ?? null, dirty: file.source?.dirty ?? false };
  const next = before.commit === now.commit && before.dirty === now.dirty ? kept : [...kept, now];
  if (next.length === recorded.length && next.every((r, i) => sameSource(r, recorded[i]!))) return file.resumedSources;
  return next.length > 0 ? next : undefined;
}

const sameSource = (a: ResumeSource, b: ResumeSource) => a.atStep === b.atStep && a.commit === b.commit && a.dirty === b.dirty;
