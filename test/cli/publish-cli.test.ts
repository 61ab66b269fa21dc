/**
 * `qlens publish` as a user runs it: it never silently replaces an agent folder, its card lists
 * exactly the files it wrote, and the card says where its figures come from.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GifReader } from 'omggif';
import { beforeAll, describe, expect, it } from 'vitest';
import { listEnvs } from '../../envs/index.ts';
import { resolveDqnConfig } from '../../src/dqn/config.ts';
import { TrainingRun } from '../../src/runs/training-run.ts';
// In-process (run-cli.ts), as the executable runs it; the test publishing from another folder spawns it.
import { qlensInProcess as qlens } from './qlens-in-process.ts';
import { QLENS_BIN } from './qlens-process.ts';

const PRETRAINED = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1');

/** A tiny finished run trained without the mimic: no tree.json, fidelity.json or experience.bin. */
let run: string;

beforeAll(async () => {
  const config = resolveDqnConfig({ env: 'CartPole-v1', seed: 3, totalTimesteps: 1000, learningStarts: 200, hidden: [16], evalFreq: 0, checkpointFreq: 500 }, listEnvs());
  run = (await (await TrainingRun.start(config, { runsDir: mkdtempSync(join(tmpdir(), 'qlens-publish-cli-')), preset: 'test' })).run()).dir;
});

/** Every file in `dir` with its bytes, for "nothing changed" checks. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f)).toString('base64')]));
}

/** A copy of the shipped CartPole agent's files (the tests never write to agents/pretrained). */
function shippedCopy(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'qlens-publish-shipped-')), 'CartPole-v1');
  mkdirSync(dir);
  for (const f of readdirSync(PRETRAINED)) if (statSync(join(PRETRAINED, f)).isFile()) writeFileSync(join(dir, f), readFileSync(join(PRETRAINED, f)));
  return dir;
}

describe('qlens publish (process)', () => {
  it('checks --episodes and the files before writing, then writes a measured model card', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qlens-publish-')), 'agent');
    const bad = await qlens(['publish', '--run', run, '--out', out, '--episodes', 'abc']);
    expect(bad).toMatchObject({ code: 1, stderr: 'error: Invalid --episodes: "abc" (allowed: an integer in [1, 100000])\n' });
    expect(existsSync(out)).toBe(false);
    const ok = await qlens(['publish', '--run', run, '--out', out, '--episodes', '2']);
    expect(ok.code).toBe(0);
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect(card).toMatchObject({ format: 'qlens-model-card', env: 'CartPole-v1', evaluation: { episodes: 2 } });
    expect(Number.isFinite(card.meanReturn)).toBe(true);
    // The card's command reproduces the run: its settings against the defaults (its preset 'test' is no file).
    expect(card.command).toBe('qlens train --env CartPole-v1 --preset cleanrl --seed 3 --steps 1000 --set learningStarts=200 --set hidden=16 --set evalFreq=0 --set checkpointFreq=500 --no-mimic');
    expect(readFileSync(join(out, 'MODEL_CARD.md'), 'utf8')).toContain(`Trained by \`${card.command}\``);
    // Run as written, it trains the same network (without --preset, train took CartPole-v1's preset).
    const again = mkdtempSync(join(tmpdir(), 'qlens-publish-again-'));
    expect((await qlens([...card.command.split(' ').slice(1), '--out', again, '--no-progress'])).code).toBe(0);
    expect(readFileSync(join(again, readdirSync(again)[0]!, 'weights.bin'))).toEqual(readFileSync(join(run, 'weights.bin')));
    expect(readFileSync(join(out, 'weights.bin'))).toEqual(readFileSync(join(run, 'weights.bin')));
    // A broken experience file is named, not shipped.
    const broken = mkdtempSync(join(tmpdir(), 'qlens-publish-run-'));
    for (const f of readdirSync(run)) if (!statSync(join(run, f)).isDirectory()) writeFileSync(join(broken, f), readFileSync(join(run, f)));
    const shipped = join(import.meta.dirname, '../../agents/pretrained/CartPole-v1/experience.bin');
    writeFileSync(join(broken, 'experience.bin'), readFileSync(shipped).subarray(0, 200));
    const r = await qlens(['publish', '--run', broken, '--out', join(out, '..', 'other'), '--episodes', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: ${join(broken, 'experience.bin').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    expect(existsSync(join(out, '..', 'other', 'model-card.json'))).toBe(false);
  });

  it('refuses an --out folder that already holds files, writing nothing, and replaces it with --force', async () => {
    const out = shippedCopy();
    writeFileSync(join(out, 'notes.txt'), 'not an agent file');
    const before = snapshot(out);
    const refused = await qlens(['publish', '--run', run, '--out', out, '--episodes', '2']);
    expect(refused).toMatchObject({ code: 1, stdout: '', stderr: `error: --out ${out} already holds files: choose a new or empty folder, or replace it with --force\n` });
    expect(snapshot(out)).toEqual(before);

    // An empty folder is no agent: it is written without --force.
    const empty = mkdtempSync(join(tmpdir(), 'qlens-publish-empty-'));
    expect((await qlens(['publish', '--run', run, '--out', empty, '--episodes', '2'])).code).toBe(0);

    const forced = await qlens(['publish', '--run', run, '--out', out, '--episodes', '2', '--force']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect(card.seed).toBe(3);
    expect(readFileSync(join(out, 'weights.bin'))).toEqual(readFileSync(join(run, 'weights.bin')));
    // The old agent's tree, fidelity and experience describe another network: they go; files publish does not write stay.
    expect(readdirSync(out).sort()).toEqual([...card.files, 'notes.txt'].sort());
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('not an agent file');
  });

  it('refuses an interrupted run, pointing to --resume, and writes nothing', async () => {
    const runs = mkdtempSync(join(tmpdir(), 'qlens-publish-interrupted-'));
    const config = resolveDqnConfig({ env: 'CartPole-v1', seed: 3, totalTimesteps: 1000, learningStarts: 200, hidden: [16], evalFreq: 0, checkpointFreq: 0 }, listEnvs());
    const first = await TrainingRun.start(config, { runsDir: runs, preset: 'test' });
    const partial = await first.run({ onEvent: (e) => e.step >= 400 && first.stop() });
    expect(partial.reason).toBe('interrupted');
    const out = join(runs, 'agent');
    const r = await qlens(['publish', '--run', partial.dir, '--out', out, '--episodes', '2']);
    expect(r).toMatchObject({ code: 1, stderr: `error: ${partial.dir}: the run was interrupted at step ${partial.step}: finish it with \`qlens train --resume ${partial.dir}\` first, then publish it\n` });
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an --out that is a file or the run itself, naming it', async () => {
    const itself = await qlens(['publish', '--run', run, '--out', run, '--episodes', '2', '--force']);
    expect(itself).toMatchObject({ code: 1, stderr: `error: --out ${run} is the run itself: choose another folder\n` });
    const file = join(mkdtempSync(join(tmpdir(), 'qlens-publish-file-')), 'agent');
    writeFileSync(file, 'x');
    const r = await qlens(['publish', '--run', run, '--out', file, '--episodes', '2', '--force']);
    expect(r).toMatchObject({ code: 1, stderr: `error: --out ${file} is a file, not a folder: choose a new or empty folder\n` });
    expect(readFileSync(file, 'utf8')).toBe('x');
  });

  it('lists exactly the files it wrote in the card of a --no-mimic run', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qlens-publish-nomimic-')), 'agent');
    const r = await qlens(['publish', '--run', run, '--out', out, '--episodes', '2']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = readdirSync(out).sort();
    expect(written).toEqual(['MODEL_CARD.md', 'config.json', 'metrics.jsonl', 'model-card.json', 'model.json', 'replay.gif', 'summary.json', 'weights.bin']);
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect([...card.files].sort()).toEqual(written);
    const filesLine = readFileSync(join(out, 'MODEL_CARD.md'), 'utf8').split('\n').find((l) => l.startsWith('Files: '))!;
    const named = [...filesLine.matchAll(/`([^`]+\.[a-z]+)`/g)].map((m) => m[1]).filter((f) => !f.includes(' '));
    expect(named.sort()).toEqual(written);
    for (const absent of ['tree.json', 'fidelity.json', 'experience.bin']) expect(filesLine).not.toContain(absent);
  });

  it('shows one greedy episode at the top of the card, as a GIF qlens record would make, unless --no-gif', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qlens-publish-gif-')), 'agent');
    const r = await qlens(['publish', '--run', PRETRAINED, '--out', out, '--episodes', '2']);
    expect(r.code, r.stderr).toBe(0);
    const card = readFileSync(join(out, 'MODEL_CARD.md'), 'utf8').split('\n');
    expect(card[2]).toBe("![CartPole-v1: one greedy episode of this agent, seed 0, each step's action and the tree's pick under it](replay.gif)");
    // The network plays seed 0 to its time limit (500 steps, the card's cap too): 501 frames, 400 px wide.
    const gif = new GifReader(readFileSync(join(out, 'replay.gif')));
    expect([gif.numFrames(), gif.width]).toEqual([501, 400]);
    const plain = join(mkdtempSync(join(tmpdir(), 'qlens-publish-nogif-')), 'agent');
    const without = await qlens(['publish', '--run', PRETRAINED, '--out', plain, '--episodes', '2', '--no-gif']);
    expect(without.code, without.stderr).toBe(0);
    expect(readdirSync(plain)).not.toContain('replay.gif');
    expect(readFileSync(join(plain, 'MODEL_CARD.md'), 'utf8')).not.toContain('replay.gif');
  }, 60_000);

  it('says which episodes its figures come from and that fidelity.json reports its own held-out set', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qlens-publish-provenance-')), 'agent');
    const r = await qlens(['publish', '--run', PRETRAINED, '--out', out, '--episodes', '2', '--no-gif']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect(card.tree).toMatchObject({ heldOutEpisodes: 20 });
    const text = readFileSync(join(out, 'MODEL_CARD.md'), 'utf8');
    expect(text).toContain(
      `The figures above are measured by \`qlens publish\`: returns over 2 greedy episodes from seed ${card.evaluation.seed}, ` +
        `tree fidelity over the ${card.tree.heldOutStates} states of 20 separate greedy episodes derived from the same seed; ` +
        "`fidelity.json` and the dashboard report the tree on the run's own held-out set, so their figures differ slightly.",
    );
    // The full agent ships every file, and its card names them all.
    const filesLine = text.split('\n').find((l) => l.startsWith('Files: '))!;
    for (const f of readdirSync(out)) expect(filesLine).toContain(`\`${f}\``);
    expect(readdirSync(out).sort()).toEqual([...card.files].sort());
  });

  it('leaves out experience.bin with --no-experience, and its card does not list it', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'qlens-publish-no-experience-')), 'agent');
    const r = await qlens(['publish', '--run', PRETRAINED, '--out', out, '--episodes', '2', '--no-experience', '--no-gif']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(PRETRAINED, 'experience.bin'))).toBe(true);
    expect(existsSync(join(out, 'experience.bin'))).toBe(false);
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect(card.files).not.toContain('experience.bin');
    expect(card.files).toContain('tree.json');
    expect(readdirSync(out).sort()).toEqual([...card.files].sort());
  });

  it("names the commit the run was trained with, not the git HEAD of the folder publish runs in; a run that did not record one says so", async () => {
    // The qlens checkout's commit when the run started (others may have committed since: it is HEAD or an ancestor of it).
    const config = JSON.parse(readFileSync(join(run, 'config.json'), 'utf8'));
    expect(config.source).toMatchObject({ commit: expect.stringMatching(/^[0-9a-f]{40}$/), dirty: expect.any(Boolean) });
    const head: string = config.source.commit;
    execFileSync('git', ['merge-base', '--is-ancestor', head, 'HEAD'], { cwd: import.meta.dirname });
    // Publish from inside another git repository, as a user publishing from their own project would.
    const elsewhere = mkdtempSync(join(tmpdir(), 'qlens-publish-elsewhere-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: elsewhere, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'other project');
    const other = git('rev-parse', 'HEAD');
    const out = join(elsewhere, 'agent');
    const r = spawnSync(process.execPath, [QLENS_BIN, 'publish', '--run', run, '--out', out, '--episodes', '2'], { cwd: elsewhere, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect(card.commit).toBe(head);
    expect(card.commit).not.toBe(other);
    expect(readFileSync(join(out, 'MODEL_CARD.md'), 'utf8')).toContain(`at commit \`${head.slice(0, 12)}\`${config.source.dirty ? ' with uncommitted changes' : ''}, `);

    // A run from before the commit was recorded: unknown, not the publisher's HEAD.
    const old = mkdtempSync(join(tmpdir(), 'qlens-publish-old-run-'));
    for (const f of readdirSync(run)) if (!statSync(join(run, f)).isDirectory()) writeFileSync(join(old, f), readFileSync(join(run, f)));
    const { source: _, ...legacy } = config;
    writeFileSync(join(old, 'config.json'), JSON.stringify(legacy));
    const oldOut = join(elsewhere, 'old-agent');
    const o = await qlens(['publish', '--run', old, '--out', oldOut, '--episodes', '2']);
    expect(o.stderr).toBe('');
    expect(JSON.parse(readFileSync(join(oldOut, 'model-card.json'), 'utf8')).commit).toBeNull();
    expect(readFileSync(join(oldOut, 'MODEL_CARD.md'), 'utf8')).toContain(' at an unknown qlens commit (the run did not record one), ');
  });

  it('refuses a fidelity.json that is not a fidelity report, naming it, before making --out', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'qlens-publish-bad-fidelity-'));
    for (const f of readdirSync(run)) if (!statSync(join(run, f)).isDirectory()) writeFileSync(join(broken, f), readFileSync(join(run, f)));
    const path = join(broken, 'fidelity.json');
    const out = join(mkdtempSync(join(tmpdir(), 'qlens-publish-bad-fidelity-out-')), 'agent');
    writeFileSync(path, '{"format": "qlens-fidelity", "version": 1, "report": {"samples": "many"}}');
    const invalid = await qlens(['publish', '--run', broken, '--out', out, '--episodes', '2']);
    expect(invalid).toMatchObject({ code: 1, stdout: '' });
    expect(invalid.stderr).toMatch(new RegExp(`^error: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: report\\.samples: .+\n$`));
    writeFileSync(path, '{"format": "qlens-fidelity", "vers');
    const truncated = await qlens(['publish', '--run', broken, '--out', out, '--episodes', '2']);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toMatch(new RegExp(`^error: ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON .+\n$`));
    expect(existsSync(out)).toBe(false);
  });
});
