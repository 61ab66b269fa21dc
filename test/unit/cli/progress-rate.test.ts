import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrainProgress } from '../../../src/cli/progress.ts';
import { resolveMimicConfig } from '../../../src/mimic/config.ts';

describe('TrainProgress steps/s on plain lines (no terminal)', () => {
  const tty = process.stdout.isTTY;
  afterEach(() => {
    vi.restoreAllMocks();
    process.stdout.isTTY = tty;
  });

  it('shows a rate from the second line, one progress interval in, however short the interval', () => {
    process.stdout.isTTY = false;
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    // Two seconds of setup (backend, kernel) before the first event are not training speed.
    const p = new TrainProgress(4000, 0, true);
    now += 2000;
    const episode = (step: number, episode: number) => p.onEvent({ type: 'episode', step, episode, return: 10, length: 10, epsilon: 1 } as never);
    episode(32, 1);
    expect(lines[0]).toMatch(/^step 32\/4000 .* - steps\/s {2}ETA -\n$/); // nothing measured yet
    now += 50; // 50 ms for the next 378 steps: a fast start, before learning
    episode(410, 2);
    expect(lines[1]).toMatch(/^step 410\/4000 {2}episodes 2 {2}return\(100\) 10\.0 {2}7560 steps\/s {2}ETA 1s\n$/);
    now += 950;
    episode(810, 3);
    expect(lines[2]).toMatch(/ 778 steps\/s {2}ETA 5s\n$/); // (810 - 32) steps over 1 s; 3,190 left
  });
});

describe('the README on the progress bar', () => {
  it('says the tree figures come with the first fidelity check, at the default interval, since a short run never reaches one', () => {
    const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
    const every = resolveMimicConfig({}).fidelityFreq;
    expect(readme).toContain(`the online tree's size and agreement from its first fidelity check (every ${every.toLocaleString('en-US')} steps; shorter runs get the final tree's in the closing lines)`);
    const lines: string[] = [];
    process.stdout.isTTY = false;
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    const p = new TrainProgress(4 * every, 0, true);
    p.onEvent({ type: 'episode', step: every - 10, episode: 1, return: 10, length: 10, epsilon: 1 } as never);
    expect(lines.at(-1)).not.toContain('tree');
    p.onEvent({ type: 'mimic', step: every, phase: 'online', samples: 900, leaves: 7, depth: 3, heldOut: 100, rmse: 0.5, mae: 0.4, agreement: 0.9, qRange: 10 });
    p.onEvent({ type: 'episode', step: 2 * every, episode: 2, return: 10, length: 10, epsilon: 1 } as never);
    expect(lines.at(-1)).toContain('tree 7 leaves, agreement 90.0%');
  });
});
