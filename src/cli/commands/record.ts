/**
 * `qlens record`: one greedy episode of a run's agent as an animated GIF, as rl-zoo's
 * `record_video` makes a video of an agent, without a browser (the GIF itself: ../episode-gif.ts):
 * every frame, each step's action under it and, when the run has a tree, the tree's pick, red
 * where it differs.
 */
import { basename, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.ts';
import { isFolder } from '../../core/read-file.ts';
import { loadRunNetwork } from '../../runs/load-network.ts';
import { loadRunTree } from '../../runs/load-tree.ts';
import { loadTreeIfReadable } from '../../runs/optional-tree.ts';
import { downloadName } from '../../server/dto-download.ts';
import { MAX_ROLLOUT_STEPS } from '../../core/rollout-steps.ts';
import { MAX_GIF_FPS, playedFps } from '../../../web/gif-encode.ts';
import { episodeGif, loadCanvas } from '../episode-gif.ts';
import { checkpointArg, positiveInt } from '../numbers.ts';
import { formatNumber } from '../table.ts';
import { leafCount } from '../../explain/format.ts';
import { writeOutputFile } from '../output-file.ts';
import { MAX_SEED } from '../../core/seed-range.ts';

interface RecordFlags {
  run: string;
  out?: string;
  policy: string;
  seed: string;
  maxSteps?: string;
  fps: string;
  width: string;
  checkpoint?: string;
  tree?: string;
}

const POLICIES = ['network', 'tree'] as const;
type Policy = (typeof POLICIES)[number];

export function register(program: Command): void {
  program
    .command('record')
    .description("Record one greedy episode of a run's agent as an animated GIF, each step's action (and the tree's pick) captioned under its frame")
    .requiredOption('--run <dir>', 'run directory or pretrained agent (e.g. agents/pretrained/CartPole-v1)')
    .option('--out <file.gif>', 'where to write the GIF, a .gif file or a folder (default: qlens-<run>-seed<seed>-<policy>.gif in this folder)')
    .option('--policy <who>', `who acts: ${POLICIES.join(' or ')} (the other is asked too, and captions say where they differ)`, 'network')
    .option('--seed <n>', 'seed of the episode (the dashboard replay with the same seed plays the same episode)', '0')
    .option('--max-steps <n>', `stop after this many steps (default: the env's time limit, at most ${MAX_ROLLOUT_STEPS})`)
    .option('--fps <n>', `frames per second of the GIF, at most ${MAX_GIF_FPS} (GIF delays are whole hundredths of a second: 30 plays at 33.3)`, '30')
    .option('--width <px>', `width of the GIF at most, ${MIN_WIDTH} to 4096 pixels (frames are scaled down, never up)`, '600')
    .option('--checkpoint <step>', "record a checkpoint's network (and its online tree) instead of the saved one: a step the run kept, or 'last'")
    .option('--tree <file>', "a tree grown for this run's agent elsewhere (`qlens mimic --out`: its folder or its tree.json) instead of the run's own")
    .addHelpText('after', '\nExample:\n  qlens record --run agents/pretrained/CartPole-v1 --policy tree --out cartpole-tree.gif\n')
    .action(async (flags: RecordFlags) => {
      const policy = policyArg(flags.policy);
      const seed = positiveInt('seed', flags.seed, MAX_SEED, 0);
      const maxSteps = flags.maxSteps === undefined ? undefined : positiveInt('max-steps', flags.maxSteps, MAX_ROLLOUT_STEPS);
      const perSecond = positiveInt('fps', flags.fps, MAX_GIF_FPS);
      const maxWidth = positiveInt('width', flags.width, 4096, MIN_WIDTH);
      const out = outputPath(flags.out, basename(resolve(flags.run)), seed, policy);
      const checkpointAsked = flags.checkpoint === undefined ? undefined : checkpointArg(flags.checkpoint);
      // Before the network loads: a missing native binary is named at once, not after the episode.
      await loadCanvas();

      const loaded = await loadRunNetwork(flags.run, 'fused', { checkpoint: checkpointAsked });
      const checkpoint = checkpointAsked === undefined ? undefined : loaded.checkpoint!;
      // Acting needs the tree, so its absence (or a tree.json that does not load) is an error then
      // (loadRunTree says how to grow one); when the network acts the tree only captions its picks.
      const tree = policy === 'tree' ? loadRunTree(flags.run, flags.tree, checkpoint) : loadTreeIfReadable(flags.run, flags.tree, checkpoint, "recording the network's episode without the tree's picks");
      // A terminal sees the encoding move (a log gets nothing).
      const tty = process.stderr.isTTY === true;
      const onProgress = tty ? (done: number, total: number) => process.stderr.write(`\rencoding frame ${done} of ${total}`) : undefined;
      const { bytes, rollout, frames, width, height, noFonts } = await episodeGif(loaded, tree, { seed, maxSteps, policy, perSecond, maxWidth, onProgress });
      if (tty) process.stderr.write('\r\x1b[K');

      writeOutputFile(out, bytes);
      const who = policy === 'tree' ? 'the tree' : 'the network';
      const agreement = rollout.tree ? `; the ${policy === 'tree' ? 'network' : 'tree'} would have acted otherwise at ${rollout.tree.disagreements} of ${rollout.steps.length} steps` : '';
      const steps = rollout.steps.length;
      process.stdout.write(
        `wrote ${out} (${frames} frames, ${width}×${height}, ${(bytes.length / 1024).toFixed(0)} KiB, ${formatNumber(playedFps(perSecond))} frames/s)\n` +
          `  ${rollout.env.id}, seed ${seed}: ${who} (${policy === 'tree' ? leafCount(tree!.summary.leaves) : loaded.label}) played ${steps} step${steps === 1 ? '' : 's'}, return ${formatNumber(rollout.totalReward)}` +
          `${rollout.capped ? ` (stopped at the ${rollout.steps.length}-step cap)` : ''}${agreement}\n`,
      );
      if (noFonts) process.stderr.write('note: no fonts were found on this machine, so the captions are blank (install one, e.g. Debian fonts-dejavu-core)\n');
    });
}

/** Narrower, the 13 px caption under each frame no longer fits a step's action and the tree's pick. */
const MIN_WIDTH = 200;

/**
 * `--out`: a .gif file, or a folder to put the default name in (rl-zoo's record_video takes a
 * folder); anything else would be a GIF under another extension, so it is refused.
 */
function outputPath(out: string | undefined, runName: string, seed: number, policy: Policy): string {
  const name = downloadName(runName, `seed${seed}-${policy}`, 'gif');
  if (out === undefined) return name;
  if (isFolder(out) || /[/\\]$/.test(out)) return join(out, name);
  if (extname(out).toLowerCase() !== '.gif') throw new ConfigError('out', `Invalid --out: ${out} (qlens record writes an animated GIF: give a .gif file, or a folder to write ${name} in)`);
  return out;
}


function policyArg(raw: string): Policy {
  if ((POLICIES as readonly string[]).includes(raw)) return raw as Policy;
  throw new ConfigError('policy', `Invalid --policy: ${JSON.stringify(raw)} (allowed: ${POLICIES.join(', ')})`);
}
