import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileFormatError } from '../../../src/core/errors.ts';
import { loadRunNetwork } from '../../../src/runs/load-network.ts';

const PRETRAINED = join(import.meta.dirname, '../../../agents/pretrained/CartPole-v1');

/** A copy of the pretrained CartPole agent's config and network files, to break. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'qlens-load-'));
  for (const f of ['config.json', 'model.json', 'weights.bin']) cpSync(join(PRETRAINED, f), join(dir, f));
  return dir;
}

describe('loadRunNetwork', () => {
  it('loads a run directory’s saved network', async () => {
    const { network, source, label } = await loadRunNetwork(copy());
    expect(source).toBe('final');
    expect(label).toBe('final'); // no summary.json in the copy
    expect(network.act(new Float32Array([0, 0, 0.05, 0]))).toBeTypeOf('number');
  });

  it('labels the saved network as summary.json names it, and a broken summary only loses the label', async () => {
    const dir = copy();
    cpSync(join(PRETRAINED, 'summary.json'), join(dir, 'summary.json'));
    expect((await loadRunNetwork(dir)).label).toBe('best eval (step 42000, mean return 500)');
    writeFileSync(join(dir, 'summary.json'), '{ not json');
    expect((await loadRunNetwork(dir)).label).toBe('final');
  });

  it('refuses a weights path that leaves the run directory, naming model.json', async () => {
    for (const path of ['../../../../etc/passwd', '/etc/passwd', '..', 'sub/weights.bin']) {
      const dir = copy();
      const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
      model.weightsManifest[0].paths = [path];
      writeFileSync(join(dir, 'model.json'), JSON.stringify(model));
      const load = loadRunNetwork(dir);
      await expect(load).rejects.toThrow(FileFormatError);
      await expect(loadRunNetwork(dir)).rejects.toThrow(`${join(dir, 'model.json')}`);
      await expect(loadRunNetwork(dir)).rejects.toThrow('must be a file name in the directory of model.json');
    }
  });

  it('names the missing weights file', async () => {
    const dir = copy();
    rmSync(join(dir, 'weights.bin'));
    await expect(loadRunNetwork(dir)).rejects.toThrow(`${join(dir, 'weights.bin')}: is missing (model.json names it as its weights file)`);
  });
});

describe('loadRunNetwork on a run with nothing saved yet', () => {
  it('says there is no saved network, not that there is nothing to resume', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qlens-empty-'));
    cpSync(join(PRETRAINED, 'config.json'), join(dir, 'config.json'));
    await expect(loadRunNetwork(dir)).rejects.toThrow(`${dir}: no saved network (no model.json and no checkpoint yet)`);
  });
});
