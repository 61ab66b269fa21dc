/** `export --out` and `importance --csv` never write over a file qlens reads back from a run or a tree folder. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputFile } from '../../../src/cli/output-file.ts';

const root = mkdtempSync(join(tmpdir(), 'qlens-out-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const folder = (name: string, files: string[]) => {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const f of files) writeFileSync(join(dir, f), '{}');
  return dir;
};

describe('checkOutputFile', () => {
  it("refuses a run's own files and those of a tree folder mimic wrote, naming them", () => {
    const run = folder('run', ['config.json', 'tree.json', 'model.json', 'experience.bin']);
    expect(() => checkOutputFile(join(run, 'tree.json'))).toThrow(`cannot use ${join(run, 'tree.json')}: it is the run's own tree.json, which qlens reads back; write to another file`);
    expect(() => checkOutputFile(join(run, 'experience.bin'))).toThrow("the run's own experience.bin");
    // Not there yet, but the dashboard and every command would read it as the run's fidelity report.
    expect(() => checkOutputFile(join(run, 'fidelity.json'))).toThrow("the run's own fidelity.json");
    const grown = folder('grown', ['tree.json', 'fidelity.json']);
    expect(() => checkOutputFile(join(grown, 'fidelity.json'))).toThrow('it is the fidelity.json qlens mimic wrote there');
    // A checkpoint's files are verified against its manifest (--resume, --checkpoint).
    const checkpoint = folder('checkpoint', ['manifest.json', 'tree.json', 'model.json', 'weights.bin']);
    expect(() => checkOutputFile(join(checkpoint, 'tree.json'))).toThrow(`cannot use ${join(checkpoint, 'tree.json')}: it is the checkpoint's own tree.json`);
    expect(() => checkOutputFile(join(checkpoint, 'report.html'))).not.toThrow();
  });

  it('writes anywhere else: other files in a run, and files that only share a name with a run file', () => {
    const run = join(root, 'run');
    expect(() => checkOutputFile(join(run, 'report.html'))).not.toThrow();
    const exports = folder('exports', ['tree.json']); // an earlier `export --out exports/tree.json`
    expect(() => checkOutputFile(join(exports, 'tree.json'))).not.toThrow();
  });
});
