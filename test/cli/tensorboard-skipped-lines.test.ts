/**
 * `qlens tensorboard` on a metrics.jsonl with damaged lines (CLI review): it still converts every
 * good line, and says on stderr how many it skipped and where the first one is, where before it
 * left them out without a word.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readEventFile } from '../unit/runs/read-event-file.ts';
import { qlensInProcess as qlens } from './qlens-in-process.ts';

const pretrained = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');
const work = mkdtempSync(join(tmpdir(), 'qlens-tb-skipped-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the pretrained agent's log with `damage` applied to its lines; returns the run and its good line count. */
function runWith(name: string, damage: (lines: string[]) => void): { run: string; good: number } {
  const run = join(work, name);
  for (const f of ['config.json', 'summary.json', 'model.json', 'weights.bin']) cpSync(join(pretrained, f), join(run, f));
  const lines = readFileSync(join(pretrained, 'metrics.jsonl'), 'utf8').split('\n').filter(Boolean);
  const good = lines.length;
  damage(lines);
  writeFileSync(join(run, 'metrics.jsonl'), `${lines.join('\n')}\n`);
  return { run, good };
}

describe('qlens tensorboard with lines it cannot read', () => {
  it('converts the rest and reports how many it skipped and the first one’s line number', async () => {
    const { run, good } = runWith('damaged', (lines) => {
      lines.splice(9, 0, '{"type": "episode", "step": 12'); // line 10: cut short
      lines.splice(20, 0, 'not json at all'); // line 21
      lines.splice(30, 0, '{"step": 3}'); // line 31: JSON, but no event type
    });
    const out = join(work, 'tb');
    const r = await qlens(['tensorboard', '--run', run, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`warning: ${join(run, 'metrics.jsonl')}: skipped 3 lines that are not a JSON event (the first at line 10); the rest was converted\n`);
    expect(r.stdout).toContain(`values from ${good} logged events)`);
    const file = join(out, 'damaged', readdirSync(join(out, 'damaged'))[0]!);
    expect(readEventFile(readFileSync(file)).length).toBeGreaterThan(1);
  });

  it('says "line" for a single one, and nothing when every line reads', async () => {
    const one = runWith('torn', (lines) => lines.push('{"type": "epis'));
    const r = await qlens(['tensorboard', '--run', one.run, '--out', join(work, 'tb-one')]);
    expect(r.stderr).toBe(`warning: ${join(one.run, 'metrics.jsonl')}: skipped 1 line that is not a JSON event (line ${one.good + 1}); the rest was converted\n`);
    const clean = runWith('clean', () => {});
    expect(await qlens(['tensorboard', '--run', clean.run, '--out', join(work, 'tb-clean')])).toMatchObject({ code: 0, stderr: '' });
  });
});
