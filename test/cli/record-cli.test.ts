/**
 * `qlens record`: a pretrained agent's episode as a GIF, decoded back (omggif) and checked frame by
 * frame against the episode the dashboard's rollout plays with the same seed.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { make } from '../../envs/index.ts';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { loadRunTree } from '../../src/runs/load-tree.ts';
import type { RolloutPolicy } from '../../src/server/dto.ts';
import { playEpisode } from '../../src/server/rollout.ts';
import { decodeGif, type ShownFrame } from '../decode-gif.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts';

const AGENT = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
const work = mkdtempSync(join(tmpdir(), 'qlens-record-'));

/** The episode `qlens record` should have drawn: the rollout route's, same seed and cap. */
async function expectedEpisode(policy: RolloutPolicy, seed: number, maxSteps: number) {
  const { network, config, label } = await loadRunNetwork(AGENT);
  const tree = loadRunTree(AGENT);
  return playEpisode({ network, tree: { q: tree, leaves: tree.summary.leaves, depth: tree.summary.depth } }, make('CartPole-v1'), config.envSpec, { seed, maxSteps, weights: label, policy });
}

type DecodedFrame = ShownFrame;

const decode = (path: string) => decodeGif(readFileSync(path));

/** Pixels darker than mid-grey in rows [top, bottom): the cart and pole, or a caption's letters. */
function darkPixels(frame: DecodedFrame, width: number, top: number, bottom: number): number {
  let n = 0;
  for (let i = top * width * 4; i < bottom * width * 4; i += 4) if (frame.pixels[i]! + frame.pixels[i + 1]! + frame.pixels[i + 2]! < 3 * 128) n++;
  return n;
}

describe('qlens record', () => {
  let gif: ReturnType<typeof decode>;
  let stdout: string;

  beforeAll(async () => {
    const r = await qlens(['record', '--run', AGENT, '--out', join(work, 'cartpole.gif'), '--seed', '4', '--max-steps', '40', '--fps', '20', '--width', '300']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    stdout = r.stdout;
    gif = decode(join(work, 'cartpole.gif'));
  }, 60_000);

  it('writes every state of the episode as a frame, at the width and speed asked', async () => {
    const episode = await expectedEpisode('network', 4, 40);
    expect(episode.steps).toHaveLength(40);
    expect(gif.frames).toHaveLength(41); // the start state, then the state after each step
    expect(gif.width).toBe(300);
    // CartPole draws 600×400: scaled to 300 wide, plus the caption strip.
    expect(gif.height).toBeGreaterThan(200);
    expect(gif.frames.slice(0, -1).every((f) => f.delay === 5)).toBe(true); // 20 frames/s = 5 hundredths of a second
    expect(gif.frames.at(-1)!.delay).toBe(200); // the final frame's caption stays 2 s before the GIF loops
    expect(stdout).toContain(`wrote ${join(work, 'cartpole.gif')} (41 frames, 300×`);
    expect(stdout).toMatch(/ KiB, 20 frames\/s\)\n/);
    expect(stdout).toContain(`CartPole-v1, seed 4: the network (${episode.weights}) played 40 steps, return 40 (stopped at the 40-step cap); the tree would have acted otherwise at ${episode.tree!.disagreements} of 40 steps`);
  });

  it('paints the cart and pole and a caption under every frame, and the frames move', () => {
    const frameBottom = 200; // the frame's 600×400 at half size
    for (const frame of [gif.frames[0]!, gif.frames[40]!]) {
      expect(darkPixels(frame, gif.width, 0, frameBottom)).toBeGreaterThan(100); // the black cart
      expect(darkPixels(frame, gif.width, frameBottom, gif.height)).toBeGreaterThan(50); // the caption's text
    }
    const changed = gif.frames[0]!.pixels.some((v, i) => v !== gif.frames[40]!.pixels[i]);
    expect(changed).toBe(true);
    // After the first, each frame holds only the box around what changed (the cart, the pole, the caption's step).
    for (const later of gif.frames.slice(1)) expect(later.box.width * later.box.height).toBeLessThan(gif.width * gif.height);
  });

  it('lets the tree act, saying where the network would not have', async () => {
    const out = join(work, 'tree.gif');
    const r = await qlens(['record', '--run', AGENT, '--policy', 'tree', '--out', out, '--max-steps', '30', '--width', '200']);
    expect(r.code, r.stderr).toBe(0);
    const episode = await expectedEpisode('tree', 0, 30);
    expect(r.stdout).toContain(`CartPole-v1, seed 0: the tree (${episode.tree!.leaves} leaves) played 30 steps, return 30 (stopped at the 30-step cap); the network would have acted otherwise at ${episode.tree!.disagreements} of 30 steps`);
    expect(decode(out).frames).toHaveLength(31);
  }, 60_000);

  it('refuses bad flags by name, with what is allowed, and writes nothing', async () => {
    const cases: [string[], string][] = [
      [['--policy', 'forest'], 'error: Invalid --policy: "forest" (allowed: network, tree)\n'],
      [['--fps', '0'], '--fps'],
      // GIF delays are whole hundredths of a second, and browsers play delays under 2 of them at 10.
      [['--fps', '60'], 'error: Invalid --fps: "60" (allowed: an integer in [1, 50])'],
      [['--width', '100'], 'error: Invalid --width: "100" (allowed: an integer in [200, 4096])'],
      [['--max-steps', '-3'], '--max-steps'],
      [['--checkpoint', 'last'], 'has no checkpoint'],
    ];
    for (const [flags, message] of cases) {
      const out = join(work, 'refused.gif');
      const r = await qlens(['record', '--run', AGENT, '--out', out, ...flags]);
      expect(r.code, flags.join(' ')).toBe(1);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
      expect(() => readFileSync(out)).toThrow();
    }
  });

  it('writes into a folder given as --out, says what frame rate the GIF plays at, and refuses another extension', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'qlens-record-out-'));
    const r = await qlens(['record', '--run', AGENT, '--out', folder, '--max-steps', '3', '--width', '200', '--fps', '30']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(folder)).toEqual(['qlens-CartPole-v1-seed0-network.gif']);
    expect(r.stdout).toMatch(/ KiB, 33\.33 frames\/s\)\n/); // 3 hundredths of a second a frame
    expect(r.stdout).toContain('played 3 steps');
    const mp4 = await qlens(['record', '--run', AGENT, '--out', join(folder, 'agent.mp4')]);
    expect(mp4).toMatchObject({ code: 1, stdout: '', stderr: `error: Invalid --out: ${join(folder, 'agent.mp4')} (qlens record writes an animated GIF: give a .gif file, or a folder to write qlens-CartPole-v1-seed0-network.gif in)\n` });
  }, 60_000);

  it('takes the folder `qlens mimic --out` wrote as --tree', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'qlens-record-tree-'));
    copyFileSync(join(AGENT, 'tree.json'), join(folder, 'tree.json'));
    const r = await qlens(['record', '--run', AGENT, '--tree', folder, '--policy', 'tree', '--max-steps', '5', '--out', join(folder, 'a.gif')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('the tree (170 leaves) played 5 steps');
  }, 60_000);

  it('names a folder that is not a run', async () => {
    const r = await qlens(['record', '--run', work]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: .*${work.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
