import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { listEnvs, make } from '../../../envs/index.ts';
import { DataError } from '../../../src/core/errors.ts';
import { resolveDqnConfig } from '../../../src/dqn/config.ts';
import { LinearModelUTree } from '../../../src/lmut/index.ts';
import { OnlineTree } from '../../../src/mimic/online-tree.ts';
import { createOnlineMimic, onlineMimicFromRun } from '../../../src/mimic/plugin.ts';
import { readRunConfig } from '../../../src/runs/run-files.ts';
import { TrainingRun } from '../../../src/runs/training-run.ts';
import { ACTIONS, type Batch, cartpoleStream, FEATURES } from '../lmut/fixtures.ts';

// Online settings (fading) and a budget the stream fills, so splits and recycling both happen.
const OPTIONS = { gracePeriod: 100, memorySize: 300, minSamplesSplit: 20, maxLeaves: 24, fadingFactor: 0.95, seed: 3 };
const newTree = () => new LinearModelUTree(4, 2, OPTIONS, { featureNames: FEATURES, actionNames: ACTIONS });
const CHUNK = 128;

function* chunks(b: Batch): Generator<[Float32Array, Float32Array, number]> {
  for (let s = 0; s < b.n; s += CHUNK) {
    const m = Math.min(CHUNK, b.n - s);
    // A fresh copy per call, as the mimic's reused buffer would not be: the thread must copy.
    yield [b.obs.slice(s * 4, (s + m) * 4), b.q.slice(s * 2, (s + m) * 2), m];
  }
}

/** Polls (bounded) until `tree` has moved to its thread; any use of the tree lets it move. */
async function untilInThread(tree: OnlineTree, probe: Batch): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!tree.inThread && Date.now() < deadline) {
    await sleep(20);
    tree.compare(probe.obs, probe.q, probe.n);
  }
  expect(tree.inThread).toBe(true);
}

describe('the online tree in a thread of its own', () => {
  const open: OnlineTree[] = [];
  afterEach(() => open.splice(0).forEach((t) => t.close()));

  it('learns the same tree, bit for bit, as in the trainer’s thread, whenever it moves', async () => {
    const here = new OnlineTree(newTree(), false);
    const there = new OnlineTree(newTree(), true);
    open.push(there);
    const stream = cartpoleStream(12_000, 5);
    const heldOut = cartpoleStream(500, 99);
    const batches = [...chunks(stream)];
    const first = batches.slice(0, 20);
    for (const [o, q, n] of first) {
      here.learn(o.slice(), q.slice(), n);
      there.learn(o, q, n);
    }
    await untilInThread(there, heldOut);
    for (const [o, q, n] of batches.slice(20)) {
      here.learn(o.slice(), q.slice(), n);
      there.learn(o, q, n);
    }
    expect(there.compare(heldOut.obs, heldOut.q, heldOut.n)).toEqual(here.compare(heldOut.obs, heldOut.q, heldOut.n));
    const full = there.toJSONText('full');
    expect(full).toBe(here.toJSONText('full'));
    expect(there.toJSONText('model')).toBe(here.toJSONText('model'));
    expect(LinearModelUTree.fromJSON(full).summary.leaves).toBe(24); // the budget filled: the test covered splits
  });

  it('refuses a bad batch at the call, in the tree’s own words, and learns on unchanged', async () => {
    const here = new OnlineTree(newTree(), false);
    const there = new OnlineTree(newTree(), true);
    open.push(there);
    const stream = cartpoleStream(4000, 8);
    const [[o, q, n], ...rest] = [...chunks(stream)];
    here.learn(o.slice(), q.slice(), n);
    there.learn(o, q, n);
    await untilInThread(there, stream);
    const bad = rest[0]![1].slice();
    bad[7] = Number.NaN;
    const refusal = (t: OnlineTree) => {
      try {
        t.learn(rest[0]![0].slice(), bad.slice(), rest[0]![2]);
      } catch (e) {
        return e;
      }
      return null;
    };
    const inThread = refusal(there);
    expect(inThread).toBeInstanceOf(DataError);
    expect((inThread as Error).message).toBe((refusal(here) as Error).message);
    for (const [o2, q2, n2] of rest) {
      here.learn(o2.slice(), q2.slice(), n2);
      there.learn(o2, q2, n2);
    }
    expect(there.toJSONText('full')).toBe(here.toJSONText('full'));
  });
});

describe('a training run whose tree learns in a thread', () => {
  it('writes the same trees, checkpoints and fidelity curve as one that learns in-process', async () => {
    const runsDir = mkdtempSync(join(tmpdir(), 'qlens-thread-run-'));
    const config = () => resolveDqnConfig({ env: 'CartPole-v1', totalTimesteps: 15_000, evalFreq: 0, checkpointFreq: 5000, saveReplay: true, seed: 4 }, listEnvs());
    const MIMIC = { finalActivePlayStates: 0, fidelityFreq: 2500 };
    const files = async (thread: boolean) => {
      const mimic = createOnlineMimic(MIMIC, make('CartPole-v1').spec, config(), thread);
      const run = await TrainingRun.start(config(), { runsDir, preset: 'cleanrl', plugins: [mimic] });
      await run.run();
      const read = (...p: string[]) => readFileSync(join(run.dir, ...p), 'utf8');
      const checkpoints = readdirSync(join(run.dir, 'checkpoints')).sort();
      return {
        tree: read('tree.json'),
        online: read('tree-online.json'),
        checkpointTrees: checkpoints.map((c) => read('checkpoints', c, 'tree.json')),
        mimicEvents: read('metrics.jsonl').split('\n').filter((l) => l.includes('"type":"mimic"')),
      };
    };
    const here = await files(false);
    const there = await files(true);
    expect(here.mimicEvents.length).toBe(7); // every 2,500 steps, and the final one
    expect(here.checkpointTrees.length).toBe(3);
    expect(there).toEqual(here);
    // Stopped (Ctrl-C) past step 6,000 and resumed, the tree in a thread both times: the same final files.
    const run = await TrainingRun.start(config(), { runsDir, preset: 'cleanrl', plugins: [createOnlineMimic(MIMIC, make('CartPole-v1').spec, config(), true)] });
    let asked = false;
    const partial = await run.run({
      onEvent: (e) => {
        if (!asked && e.type === 'train' && e.step > 6000) {
          asked = true;
          run.stop();
        }
      },
    });
    expect(partial.reason).toBe('interrupted');
    await (await TrainingRun.resume(partial.dir, { plugins: [onlineMimicFromRun(readRunConfig(partial.dir), true)!] })).run();
    expect(readFileSync(join(partial.dir, 'tree.json'), 'utf8')).toBe(here.tree);
    expect(readFileSync(join(partial.dir, 'tree-online.json'), 'utf8')).toBe(here.online);
  });
});
