/**
 * `model.json` opens in plain tfjs: `tf.loadLayersModel` reads the topology and weights.bin as a
 * tfjs program would (an IOHandler doing what `file://` does in tfjs-node), and the loaded model
 * answers the same Q-values as our network, dueling or not.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { createQNetwork } from '../../../src/dqn/network.ts';
import type { NetworkSpec } from '../../../src/dqn/network-types.ts';
import { encodeWeights, modelJson } from '../../../src/runs/network-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'qlens-topology-'));
beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** tfjs-node's `file://` loader, for the browser-free tfjs package: model.json, then its manifest's weight files beside it. */
function fileHandler(modelPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelPath, 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(json, async (manifest) => {
        const specs = manifest.flatMap((group) => group.weights);
        const buffers = manifest.flatMap((group) => group.paths.map((p) => new Uint8Array(readFileSync(join(modelPath, '..', p))).buffer));
        return [specs, tf.io.concatenateArrayBuffers(buffers)];
      });
    },
  };
}

describe.each([
  ['dueling', { obsDim: 5, nActions: 3, hidden: [16, 8], dueling: true }],
  ['deeper dueling', { obsDim: 2, nActions: 4, hidden: [6, 5, 3], dueling: true }],
  ['plain', { obsDim: 4, nActions: 2, hidden: [12], dueling: false }],
] as [string, NetworkSpec][])('a %s network', (label, spec) => {
  it('loads with tf.loadLayersModel and gives our Q-values within 1e-5', async () => {
    const net = await createQNetwork(spec, { rng: new Rng(7) });
    const weights = net.getWeights();
    const sub = join(dir, label.replace(/\W+/g, '-'));
    mkdirSync(sub);
    writeFileSync(join(sub, 'model.json'), JSON.stringify(modelJson(spec, weights)));
    writeFileSync(join(sub, 'weights.bin'), encodeWeights(weights));

    const model = await tf.loadLayersModel(fileHandler(join(sub, 'model.json')));
    const rng = new Rng(11);
    const n = 64;
    const states = new Float32Array(n * spec.obsDim).map(() => rng.uniform(-3, 3));
    const ours = net.qBatch(states, n);
    const theirs = tf.tidy(() => (model.predict(tf.tensor2d(states, [n, spec.obsDim])) as tf.Tensor).dataSync() as Float32Array);
    expect(theirs.length).toBe(ours.length);
    const worst = ours.reduce((m, q, i) => Math.max(m, Math.abs(q - theirs[i]!)), 0);
    expect(worst).toBeLessThan(1e-5);
    model.dispose();
    net.dispose();
  });
});
