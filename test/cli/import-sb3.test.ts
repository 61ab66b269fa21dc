/**
 * `qlens import --sb3`: a Stable-Baselines3 DQN model.zip (fixtures written by real torch.save, see
 * test/fixtures/sb3/make-sb3-zip.py) becomes a run that plays, grows a tree and explains like a
 * qlens one. The fixture's Q-network is the pretrained CartPole agent's, so the import must
 * reproduce it exactly (the lagged q_net_target copy in the file is zeros: taking it would show).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadRunNetwork } from '../../src/runs/load-network.ts';
import { readRunConfig, readSummary } from '../../src/runs/run-files.ts';
import { readTorchStateDict } from '../../src/runs/torch-state-dict.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/sb3');
const ZIP = join(FIXTURES, 'dqn-CartPole-v1.zip');
const PRETRAINED = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
const STATES = [[0.01, 0.2, -0.03, -0.3], [0, 0, 0, 0], [-1.2, 0.5, 0.1, 1], [2, -1.5, 0.2, -2]];

describe('qlens import --sb3', () => {
  it('reads the policy state_dict torch saved, tensor by tensor', () => {
    const sd = readTorchStateDict(unzipSync(readFileSync(ZIP))['policy.pth']!, 'policy.pth');
    expect([...sd.keys()].slice(0, 6)).toEqual(['q_net.q_net.0.weight', 'q_net.q_net.0.bias', 'q_net.q_net.2.weight', 'q_net.q_net.2.bias', 'q_net.q_net.4.weight', 'q_net.q_net.4.bias']);
    expect(sd.get('q_net.q_net.0.weight')!.shape).toEqual([64, 4]);
    expect(sd.get('q_net.q_net.4.weight')!.shape).toEqual([2, 64]);
    expect(Array.from(sd.get('q_net_target.q_net.0.weight')!.values).every((v) => v === 0)).toBe(true);
  });

  it('reads views as torch holds them: strides, an offset into the storage, a 0-d tensor', () => {
    const sd = readTorchStateDict(readFileSync(join(FIXTURES, 'strided.pth')), 'strided.pth');
    expect(sd.get('transposed')).toEqual({ shape: [4, 3], values: Float32Array.from([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]) });
    expect(sd.get('slice')).toEqual({ shape: [2, 2], values: Float32Array.from([5, 6, 9, 10]) });
    expect(sd.get('scalar')).toEqual({ shape: [], values: Float32Array.from([2.5]) });
  });

  it('makes a run whose network is the saved one: same Q to the bit, and it plays CartPole to 500', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-import-'));
    const r = await qlens(['import', '--sb3', ZIP, '--env', 'CartPole-v1', '--out', out, '--json']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const { dir, hidden, steps } = JSON.parse(r.stdout);
    expect({ hidden, steps }).toEqual({ hidden: [64, 64], steps: 50000 });
    // SB3's settings from `data`, over its defaults: the run card and config say what trained it.
    expect(readRunConfig(dir)).toMatchObject({ preset: 'sb3', backend: 'imported', mimic: null, dqn: { env: 'CartPole-v1', hidden: [64, 64], learningRate: 0.0023, trainFreq: 256, gradientSteps: 128, targetUpdateInterval: 10, totalTimesteps: 50000, loss: 'huber' } });
    expect(readSummary(dir)).toMatchObject({ status: 'completed', step: 50000, model: 'imported from Stable-Baselines3 (dqn-CartPole-v1.zip)' });
    const imported = (await loadRunNetwork(dir)).network;
    const original = (await loadRunNetwork(PRETRAINED)).network;
    for (const s of STATES) expect(Array.from(imported.qValues(Float32Array.from(s)))).toEqual(Array.from(original.qValues(Float32Array.from(s))));
    const played = JSON.parse((await qlens(['eval', '--run', dir, '--episodes', '5', '--json'])).stdout);
    expect(played).toMatchObject({ meanReturn: 500, weights: 'imported from Stable-Baselines3 (dqn-CartPole-v1.zip)' });
    // Then it is a run like any: a tree grows from it and explains its decisions.
    expect((await qlens(['mimic', '--run', dir, '--episodes', '5', '--leaves', '16', '--eval-episodes', '2', '--held-out-episodes', '2'])).code).toBe(0);
    const explained = JSON.parse((await qlens(['explain', '--run', dir, '--state', STATES[0]!.join(','), '--json'])).stdout);
    expect(explained.qNetwork).toEqual(Array.from(original.qValues(Float32Array.from(STATES[0]!))));
    expect(explained.path.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses what it cannot import as the agent, naming the file and why', async () => {
    const out = mkdtempSync(join(tmpdir(), 'qlens-import-bad-'));
    const refused = async (args: string[]) => {
      const r = await qlens(['import', ...args, '--out', out]);
      expect(r.code, r.stderr).toBe(1);
      return r.stderr;
    };
    expect(await refused(['--sb3', ZIP, '--env', 'Acrobot-v1'])).toBe(`error: ${ZIP}: its Q-network takes 4 observations and scores 2 actions; Acrobot-v1 has 6 (cos_theta1, sin_theta1, cos_theta2, sin_theta2, dtheta1, dtheta2) and 3 (negative_torque, no_torque, positive_torque)\n`);
    const tanh = join(FIXTURES, 'dqn-tanh.zip');
    expect(await refused(['--sb3', tanh, '--env', 'CartPole-v1'])).toBe(`error: ${tanh}: its Q-network uses <class 'torch.nn.modules.activation.Tanh'>; only ReLU networks import (qlens's Q-network is ReLU)\n`);
    // What qlens cannot run is named by what it is, and what does import is said.
    const cnn = join(FIXTURES, 'dqn-cnn.zip');
    expect(await refused(['--sb3', cnn, '--env', 'CartPole-v1'])).toBe(`error: ${cnn}: policy.pth: its Q-network reads observations through a features extractor with weights (q_net.features_extractor.cnn.0.weight, q_net.features_extractor.cnn.0.bias, q_net.features_extractor.linear.0.weight, …): SB3's CnnPolicy or a custom features_extractor_class; only MlpPolicy imports (Linear and ReLU layers in q_net.q_net, over the flattened observation)\n`);
    const dueling = join(FIXTURES, 'dqn-dueling-head.zip');
    expect(await refused(['--sb3', dueling, '--env', 'CartPole-v1'])).toContain(`${dueling}: policy.pth: its Q-network has parts beside q_net.q_net's layers (q_net.value_stream.0.weight, q_net.value_stream.0.bias, q_net.advantage_stream.0.weight, …): a custom head, such as dueling value and advantage streams; only MlpPolicy imports`);
    const qrdqn = join(out, 'qrdqn.zip');
    const qrdqnData = JSON.parse(new TextDecoder().decode(unzipSync(readFileSync(ZIP)).data!)) as { policy_class: { __module__: string } };
    qrdqnData.policy_class.__module__ = 'sb3_contrib.qrdqn.policies';
    writeFileSync(qrdqn, zipSync({ ...unzipSync(readFileSync(ZIP)), data: new TextEncoder().encode(JSON.stringify(qrdqnData)) }, { level: 0 }));
    expect(await refused(['--sb3', qrdqn, '--env', 'CartPole-v1'])).toBe(`error: ${qrdqn}: is a model of sb3_contrib.qrdqn.policies, not a DQN (only Stable-Baselines3 DQN's MlpPolicy imports)\n`);
    const notZip = join(out, 'model.zip');
    writeFileSync(notZip, 'not a zip');
    expect(await refused(['--sb3', notZip, '--env', 'CartPole-v1'])).toBe(`error: ${notZip}: not a zip archive (an SB3 model is saved as one: model.save("dqn") writes dqn.zip)\n`);
    // A folder (an unzipped model, or rl-zoo's logs folder) was an internal error: EISDIR with no path.
    expect(await refused(['--sb3', out, '--env', 'CartPole-v1'])).toBe(`error: ${out}: is a directory (a file name is needed)\n`);
    const entries = unzipSync(readFileSync(ZIP));
    const noPolicy = join(out, 'no-policy.zip');
    writeFileSync(noPolicy, zipSync({ data: entries.data! }));
    expect(await refused(['--sb3', noPolicy, '--env', 'CartPole-v1'])).toBe(`error: ${noPolicy}: holds no policy.pth, so it is not a Stable-Baselines3 model (it holds: data)\n`);
    // A pickle that calls anything but the state_dict's own constructors is refused, never run.
    const pth = unzipSync(entries['policy.pth']!);
    const pkl = Object.keys(pth).find((n) => n.endsWith('/data.pkl'))!;
    // The same length, so the rest of the stream still parses: GLOBAL 'os system' where 'collections OrderedDict' was.
    const evil = new TextDecoder('latin1').decode(pth[pkl]!).replace('collections\nOrderedDict\n', `os\n${'system'.padEnd(20)}\n`);
    const evilZip = join(out, 'evil.zip');
    writeFileSync(evilZip, zipSync({ ...entries, 'policy.pth': zipSync({ ...pth, [pkl]: Uint8Array.from(evil, (c) => c.charCodeAt(0)) }, { level: 0 }) }, { level: 0 }));
    expect(await refused(['--sb3', evilZip, '--env', 'CartPole-v1'])).toMatch(/policy\.pth: archive\/data\.pkl: calls os\.system.*, which a state_dict of float32 tensors does not need \(refused: this reader never runs code\)/);
    expect(await refused(['--sb3', join(out, 'missing.zip'), '--env', 'CartPole-v1'])).toBe(`error: ${join(out, 'missing.zip')}: file not found\n`);
  });
});
