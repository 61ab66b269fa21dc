/**
 * Checkpoints of a run: `checkpoints/<step>/` directories, each holding named files plus a
 * `manifest.json` with every file's size and SHA-256.
 *
 * A checkpoint is assembled in `checkpoints/.tmp-<step>-<pid>/` and renamed into place only when
 * complete, so a process killed mid-write (even by SIGKILL) leaves the previous checkpoint as the
 * newest complete one. Leftover temp directories are ignored and cleaned by the next save. Loading
 * verifies the manifest, so a corrupted or foreign checkpoint is reported with the file at fault.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { FileFormatError, jsonErrorText, NotFoundError } from '../core/errors.ts';
import { fsyncDir, writeFileAtomic } from './atomic.ts';
import { parseTaggedJson, readJsonFile } from './json-file.ts';

/** Every checkpoint folder holds one: the files, their sizes and SHA-256. */
export const CHECKPOINT_MANIFEST = 'manifest.json';
const manifestSchema = z.object({
  format: z.literal('qlens-checkpoint'),
  version: z.literal(1),
  step: z.number().int().nonnegative(),
  files: z.array(z.object({ name: z.string(), bytes: z.number().int().nonnegative(), sha256: z.string().length(64) })),
});
export type CheckpointManifest = z.output<typeof manifestSchema>;

/** File contents: bytes, text, or a value saved as pretty JSON. */
export type CheckpointContent = Uint8Array | string | { [key: string]: unknown } | unknown[];

/** Test-only fault injection: pause between files so a test can SIGKILL a writer mid-checkpoint. */
const faultDelayMs = Number(process.env.QLENS_FAULT_CHECKPOINT_DELAY_MS ?? 0);

function toBytes(content: CheckpointContent): Uint8Array {
  if (content instanceof Uint8Array) return content;
  if (typeof content === 'string') return Buffer.from(content, 'utf8');
  return Buffer.from(`${JSON.stringify(content, null, 2)}\n`, 'utf8');
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function checkpointsDir(runDir: string): string {
  return join(runDir, 'checkpoints');
}

/** Writes a complete checkpoint for `step` and keeps the newest `keep` ones. Returns its directory. */
export function saveCheckpoint(runDir: string, step: number, files: Record<string, CheckpointContent>, keep = 3): string {
  const root = checkpointsDir(runDir);
  mkdirSync(root, { recursive: true });
  const tmp = join(root, `.tmp-${step}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  const entries: CheckpointManifest['files'] = [];
  for (const [name, content] of Object.entries(files)) {
    const bytes = toBytes(content);
    writeFileAtomic(join(tmp, name), bytes);
    entries.push({ name, bytes: bytes.length, sha256: sha256(bytes) });
    if (faultDelayMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, faultDelayMs);
  }
  const manifest: CheckpointManifest = { format: 'qlens-checkpoint', version: 1, step, files: entries };
  writeFileAtomic(join(tmp, CHECKPOINT_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  const final = join(root, String(step));
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  fsyncDir(root);
  pruneCheckpoints(root, keep);
  return final;
}

/** Steps of the complete checkpoints of a run, newest first. */
export function listCheckpoints(runDir: string): number[] {
  const root = checkpointsDir(runDir);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && statSync(join(root, name)).isDirectory())
    .map(Number)
    .sort((a, b) => b - a);
}

function pruneCheckpoints(root: string, keep: number): void {
  for (const name of readdirSync(root)) {
    if (name.startsWith('.tmp-')) {
      const pid = Number(name.split('-').pop());
      if (pid !== process.pid) rmSync(join(root, name), { recursive: true, force: true });
    }
  }
  const steps = readdirSync(root).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => b - a);
  for (const step of steps.slice(keep)) rmSync(join(root, String(step)), { recursive: true, force: true });
}

/** A verified checkpoint: every file listed in the manifest exists with its recorded hash. */
export class Checkpoint {
  private constructor(
    readonly dir: string,
    readonly manifest: CheckpointManifest,
  ) {}

  get step(): number {
    return this.manifest.step;
  }

  has(name: string): boolean {
    return this.manifest.files.some((f) => f.name === name);
  }

  /** Raw bytes of a file (already verified against the manifest). */
  read(name: string): Buffer {
    const path = join(this.dir, name);
    if (!this.has(name)) throw new FileFormatError(path, 'missing from this checkpoint');
    return readFileSync(path);
  }

  readJson(name: string): unknown {
    const path = join(this.dir, name);
    try {
      return JSON.parse(this.read(name).toString('utf8'));
    } catch (err) {
      if (err instanceof FileFormatError) throw err;
      throw new FileFormatError(path, `not valid JSON (${jsonErrorText(err)})`);
    }
  }

  /** Opens and verifies the checkpoint in `dir`. */
  static open(dir: string): Checkpoint {
    const manifestPath = join(dir, CHECKPOINT_MANIFEST);
    const manifest = parseTaggedJson(manifestPath, readJsonFile(manifestPath), 'qlens-checkpoint', 1, manifestSchema);
    for (const file of manifest.files) {
      const path = join(dir, file.name);
      if (!existsSync(path)) throw new FileFormatError(path, 'listed in the checkpoint manifest but missing');
      const bytes = readFileSync(path);
      if (bytes.length !== file.bytes || sha256(bytes) !== file.sha256) {
        throw new FileFormatError(path, `corrupted (size or checksum differs from ${CHECKPOINT_MANIFEST})`);
      }
    }
    return new Checkpoint(dir, manifest);
  }
}

/** The newest complete checkpoint of a run (or the one at `step`), verified. */
export function openCheckpoint(runDir: string, step?: number): Checkpoint {
  const steps = listCheckpoints(runDir);
  if (steps.length === 0) throw new NotFoundError(`${runDir}: no checkpoint to resume from (checkpoints/ is empty)`);
  const chosen = step ?? steps[0]!;
  if (!steps.includes(chosen)) throw new NotFoundError(`${runDir}: no checkpoint at step ${chosen} (have: ${steps.join(', ')})`);
  return Checkpoint.open(join(checkpointsDir(runDir), String(chosen)));
}
