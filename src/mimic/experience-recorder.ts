/**
 * Records every state the agent visits while training (`experience.bin`): the data set of
 * Experience Training (Liu et al. 2018), labelled later by the final network. Float32 rows behind a
 * small JSON header line, so any tool can read it; `--from experience.bin` uses it.
 */
import { join } from 'node:path';
import { FileFormatError } from '../core/errors.ts';
import { readFileNamed } from '../core/read-file.ts';
import { writeFileAtomic } from '../runs/atomic.ts';
import type { Checkpoint, CheckpointContent } from '../runs/checkpoint-store.ts';
import type { RunPlugin } from '../runs/training-run.ts';
import type { StateSet } from './collect.ts';

export const EXPERIENCE_FILE = 'experience.bin';

export class ExperienceRecorder implements RunPlugin {
  private data: Float32Array;
  private n = 0;

  constructor(
    private readonly obsDim: number,
    private readonly featureNames: readonly string[],
    initialRows = 16_384,
  ) {
    this.data = new Float32Array(initialRows * obsDim);
  }

  readonly hooks = {
    onStep: (_step: number, obs: Float32Array) => {
      if ((this.n + 1) * this.obsDim > this.data.length) {
        const grown = new Float32Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
      this.data.set(obs, this.n * this.obsDim);
      this.n += 1;
    },
  };

  get states(): StateSet {
    return { obs: this.data.subarray(0, this.n * this.obsDim), n: this.n, obsDim: this.obsDim };
  }

  checkpointFiles(): Record<string, CheckpointContent> {
    return { [EXPERIENCE_FILE]: encodeExperience(this.states, this.featureNames) };
  }

  restore(cp: Checkpoint): void {
    if (!cp.has(EXPERIENCE_FILE)) return;
    const set = decodeExperience(cp.read(EXPERIENCE_FILE), `${cp.dir}/${EXPERIENCE_FILE}`, this.featureNames);
    this.data = new Float32Array(Math.max(set.n * 2, 16_384) * this.obsDim);
    this.data.set(set.obs);
    this.n = set.n;
  }

  finish(dir: string): void {
    writeFileAtomic(join(dir, EXPERIENCE_FILE), encodeExperience(this.states, this.featureNames));
  }
}

/** One JSON header line (`format`, `version`, `rows`, `featureNames`), then rows × features float32 LE. */
export function encodeExperience(set: StateSet, featureNames: readonly string[]): Uint8Array {
  const header = Buffer.from(`${JSON.stringify({ format: 'qlens-experience', version: 1, rows: set.n, featureNames })}\n`, 'utf8');
  const body = new Uint8Array(set.obs.buffer, set.obs.byteOffset, set.n * set.obsDim * 4);
  const out = new Uint8Array(header.length + body.length);
  out.set(header);
  out.set(body, header.length);
  return out;
}

export function decodeExperience(bytes: Uint8Array, file: string, featureNames: readonly string[]): StateSet {
  const newline = bytes.indexOf(10);
  let header: { format?: unknown; version?: unknown; rows?: unknown; featureNames?: unknown };
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(0, Math.max(newline, 0))).toString('utf8'));
  } catch {
    throw new FileFormatError(file, 'not a qlens-experience file (no JSON header line)');
  }
  if (header.format !== 'qlens-experience') throw new FileFormatError(file, `not a qlens-experience file (found ${JSON.stringify(header.format ?? null)})`);
  if (header.version !== 1) throw new FileFormatError(file, `qlens-experience version ${JSON.stringify(header.version)} is not supported (expected 1)`);
  if (JSON.stringify(header.featureNames) !== JSON.stringify(featureNames)) {
    throw new FileFormatError(file, `recorded for features ${JSON.stringify(header.featureNames)}, not ${featureNames.join(', ')}`);
  }
  const rows = header.rows;
  const d = featureNames.length;
  const body = bytes.subarray(newline + 1);
  if (!Number.isInteger(rows) || body.length !== (rows as number) * d * 4) throw new FileFormatError(file, `holds ${body.length} data bytes, the header says ${String(rows)} rows of ${d}`);
  // Copy into a fresh, aligned buffer (a Node Buffer's slice is a view into a shared pool).
  const aligned = new Uint8Array(body.length);
  aligned.set(body);
  const obs = new Float32Array(aligned.buffer);
  for (let i = 0; i < obs.length; i++) if (!Number.isFinite(obs[i]!)) throw new FileFormatError(file, `row ${Math.floor(i / d) + 1} holds a non-finite value`);
  return { obs, n: rows as number, obsDim: d };
}

export function readExperienceFile(path: string, featureNames: readonly string[]): StateSet {
  return decodeExperience(readFileNamed(path), path, featureNames);
}
