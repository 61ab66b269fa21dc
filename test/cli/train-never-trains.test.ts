/**
 * A run no longer than learningStarts never updates its network (it only fills the replay buffer):
 * `qlens train` says so before it starts, once for a --seeds sweep, and says nothing when the run
 * does train.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { qlensInProcess as qlens } from './qlens-in-process.ts'; // as the executable runs it, without a process per command

const SMALL = ['train', '--env', 'CartPole-v1', '--preset', 'cleanrl', '--no-mimic', '--no-progress', '--set', 'hidden=16', '--set', 'evalFreq=0'];
const WARNING = 'warning: --steps 300 is not above learningStarts = 10000 (random play that fills the replay buffer before the first update): the network will never train. Give --steps above 10000, or --set learningStarts=<n> below 300 (SB3\'s default is 100)\n';

describe('qlens train shorter than learningStarts', () => {
  it('warns once, before training, that the network will never train', async () => {
    const r = await qlens([...SMALL, '--steps', '300', '--seeds', '1,2', '--out', mkdtempSync(join(tmpdir(), 'qlens-never-'))]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(WARNING);
  });

  it('says nothing when the run trains', async () => {
    const r = await qlens([...SMALL, '--steps', '300', '--set', 'learningStarts=100', '--out', mkdtempSync(join(tmpdir(), 'qlens-trains-'))]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
