/** `qlens train --resume` says where it goes on from, so a resumed run is not mistaken for a restart. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

describe('qlens train --resume', () => {
  it('prints the checkpoint step it resumes from, of what total, and that --steps raised it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-resume-note-'));
    const first = await qlens(['train', '--env', 'CartPole-v1', '--steps', '600', '--set', 'learningStarts=200', '--set', 'hidden=16', '--set', 'evalFreq=0', '--no-mimic', '--no-progress', '--out', out]);
    expect(first.code).toBe(0);
    const dir = join(out, readdirSync(out)[0]!);
    const resumed = await qlens(['train', '--resume', dir, '--steps', '900', '--no-progress']);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout.split('\n').slice(0, 2)).toEqual([`run: ${dir}`, `resuming ${dir} from its checkpoint at step 600 of 900 (--steps raised the total from 600)`]);
  });
});
