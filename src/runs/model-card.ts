/**
 * Model cards for pretrained agents (`agents/pretrained/<env>/model-card.json` + `MODEL_CARD.md`):
 * where the agent came from (preset, seed, steps, wall time, commit) and what it was measured to
 * do (greedy return over 100 fresh episodes; the tree's fidelity and its own greedy return).
 */
import { z } from 'zod';
import { SOLVE_EPISODES } from '../dqn/solve-rules.ts';
import { EXPERIENCE_FILE } from '../mimic/experience-recorder.ts';
import { joinAnd } from '../explain/format.ts';
import { RUN_FILES } from './run-files.ts';

export const MODEL_CARD_FILE = 'model-card.json';
export const MODEL_CARD_TEXT = 'MODEL_CARD.md';
/** One greedy episode of the agent as a GIF (`qlens publish` records it with `qlens record`'s code), and its seed. */
export const REPLAY_GIF = 'replay.gif';
export const REPLAY_SEED = 0;

const returnsSchema = z.object({
  episodes: z.number().int().positive(),
  seed: z.number().int().nonnegative(),
  meanReturn: z.number(),
  stdReturn: z.number(),
  minReturn: z.number(),
  maxReturn: z.number(),
});

export const modelCardSchema = z.object({
  format: z.literal('qlens-model-card'),
  version: z.literal(1),
  env: z.string(),
  preset: z.string(),
  seed: z.number().int(),
  steps: z.number().int(),
  wallSeconds: z.number(),
  engine: z.string(),
  /** The `qlens train` command that started the run (cards written before it existed lack it). */
  command: z.string().optional(),
  /**
   * `qlens train --resume <run> --steps <steps>` commands that continued it with another total, in order: ε's schedule
   * follows the total in force, so `command` with the last total would not reproduce the run. Absent: never resumed so.
   */
  resumes: z.array(z.object({ atStep: z.number().int(), steps: z.number().int(), finished: z.boolean() })).optional(),
  network: z.object({ hidden: z.array(z.number().int()), dueling: z.boolean() }),
  /** The qlens commit the run was trained with, as its config.json recorded it; null when it did not (runs from before it was recorded, or outside a qlens checkout). */
  commit: z.string().nullable(),
  /** The checkout had uncommitted changes to tracked files when training started (cards written before it existed lack it). */
  dirty: z.boolean().optional(),
  /** Resumes that trained on with other qlens code (config.json `resumedSources`): the steps from `atStep` on; `commit` null: not a qlens checkout. */
  resumedSources: z.array(z.object({ atStep: z.number().int(), commit: z.string().nullable(), dirty: z.boolean() })).optional(),
  createdAt: z.string(),
  /** Greedy evaluation of model.json over fresh episodes. */
  evaluation: returnsSchema,
  rewardThreshold: z.number().nullable(),
  /** Shortcuts for lists: `evaluation.meanReturn`, and Gymnasium's verdict (null: no threshold, or under 100 episodes). */
  meanReturn: z.number(),
  solved: z.boolean().nullable(),
  tree: z
    .object({
      leaves: z.number().int(),
      depth: z.number().int(),
      /** Measured on held-out states of separate greedy episodes of the network. */
      heldOutStates: z.number().int(),
      /** How many greedy episodes gave those states (cards written before it existed lack it). */
      heldOutEpisodes: z.number().int().positive().optional(),
      rmse: z.number(),
      agreement: z.number(),
      qRange: z.number(),
      /** The tree as a policy, same episodes as `evaluation`. */
      greedy: returnsSchema,
    })
    .nullable(),
  /** `agreement` repeated for lists. */
  fidelity: z.object({ agreement: z.number() }).nullable(),
  /** The files written to the agent folder, this card's two included (cards written before it existed lack it). */
  files: z.array(z.string()).optional(),
});
export type ModelCard = z.output<typeof modelCardSchema>;

/** The human-readable card. */
export function modelCardMarkdown(card: ModelCard): string {
  const e = card.evaluation;
  const lines = [
    `# ${card.env} — pretrained DQN agent`,
    '',
    // As a Hugging Face model card of an rl-zoo agent shows its replay video.
    ...((card.files ?? []).includes(REPLAY_GIF) ? [`![${card.env}: one greedy episode of this agent, seed ${REPLAY_SEED}, each step's action${card.tree ? " and the tree's pick" : ''} under it](${REPLAY_GIF})`, ''] : []),
    `Trained by \`${card.command ?? `qlens train --env ${card.env} --preset ${card.preset} --seed ${card.seed}`}\` (${card.engine} engine) ${commitText(card)}, ${card.createdAt.slice(0, 10)}${resumedText(card)}.${laterCodeText(card)}`,
    '',
    '| | |',
    '|---|---|',
    `| environment steps | ${card.steps} |`,
    `| wall time | ${card.wallSeconds.toFixed(1)} s |`,
    `| network | MLP ${card.network.hidden.join('-')}${card.network.dueling ? ', dueling' : ''} |`,
    `| greedy return, ${e.episodes} episodes (seed ${e.seed}) | ${e.meanReturn.toFixed(2)} ± ${e.stdReturn.toFixed(2)} (min ${e.minReturn}, max ${e.maxReturn}) |`,
    `| reward threshold | ${thresholdText(card)} |`,
  ];
  if (card.tree) {
    const t = card.tree;
    lines.push(
      `| LMUT tree | ${t.leaves} leaves, depth ${t.depth} |`,
      `| tree fidelity (${t.heldOutStates} held-out states) | agreement ${(100 * t.agreement).toFixed(1)} %, Q RMSE ${t.rmse.toPrecision(3)} (Q range ${t.qRange.toPrecision(3)}) |`,
      `| tree as a policy, same episodes | ${t.greedy.meanReturn.toFixed(2)} ± ${t.greedy.stdReturn.toFixed(2)} |`,
    );
  }
  lines.push('', provenance(card), '', `Files: ${filesLine(card.files ?? LEGACY_FILES)}.`, '');
  return lines.join('\n');
}

/**
 * The threshold and how the agent stands against it. Gymnasium's verdict (`solved`) needs a mean over
 * SOLVE_EPISODES episodes; a card measured on fewer still says plainly where the mean lies: below
 * the threshold is not solved on any reading, at or above it is a claim only 100 episodes can make.
 */
function thresholdText(card: ModelCard): string {
  const threshold = card.rewardThreshold;
  if (threshold === null) return '–';
  if (card.solved !== null) return `${threshold} (${card.solved ? 'solved' : 'not solved'})`;
  const { meanReturn, episodes } = card.evaluation;
  const mean = meanReturn.toFixed(2);
  if (meanReturn < threshold) return `${threshold} (not reached: the mean over ${episodes} episodes, ${mean}, is below it)`;
  return `${threshold} (the mean over ${episodes} episodes, ${mean}, reaches it; Gymnasium's verdict needs ${SOLVE_EPISODES} episodes)`;
}

/** The code that trained the agent, or plainly that it is not known (never the publisher's checkout instead). */
function commitText(card: ModelCard): string {
  if (card.commit === null) return 'at an unknown qlens commit (the run did not record one)';
  return `at commit \`${card.commit.slice(0, 12)}\`${card.dirty ? ' with uncommitted changes' : ''}`;
}

/** The code that trained the steps after a resume, where it was not the first one. */
function laterCodeText(card: ModelCard): string {
  const later = card.resumedSources ?? [];
  if (later.length === 0) return '';
  const parts = later.map((r) => `from step ${r.atStep} ${r.commit === null ? 'by qlens outside a git checkout (commit unknown)' : `at commit \`${r.commit.slice(0, 12)}\`${r.dirty ? ' with uncommitted changes' : ''}`}`);
  return ` Training went on with other code ${joinAnd(parts)}.`;
}

/**
 * How the run was continued with another total, and whether the commands reproduce it: a run
 * resumed after it finished is the same run its commands give, but one stopped part way and resumed
 * with another total changed ε's schedule at a step no command can stop at.
 */
function resumedText(card: ModelCard): string {
  const resumes = card.resumes ?? [];
  if (resumes.length === 0) return '';
  const steps = resumes.map((r) => `\`qlens train --resume <run> --steps ${r.steps}\` ${r.finished ? `once it had finished at step ${r.atStep}` : `after it was stopped at step ${r.atStep}`}`);
  const last = resumes.at(-1)!.steps;
  const verdict = resumes.every((r) => r.finished)
    ? `these commands, \`<run>\` being the folder the first one writes, reproduce it (\`--steps ${last}\` alone would not: ε decays over the total in force)`
    : `ε decays over the total in force, so its schedule changed where the run was stopped and no command reproduces this run exactly`;
  return `, then resumed to ${last} steps with ${joinAnd(steps)}: ${verdict}`;
}

/**
 * Where the card's figures come from. `qlens publish` measures them on its own seeded episodes, so
 * they differ slightly from `fidelity.json` and the dashboard, which use the run's held-out set.
 */
function provenance(card: ModelCard): string {
  const e = card.evaluation;
  const returns = `The figures above are measured by \`qlens publish\`: returns over ${e.episodes} greedy episodes from seed ${e.seed}`;
  if (!card.tree) return `${returns}; the dashboard's evaluations during training use other episodes, so their returns differ slightly.`;
  const episodes = card.tree.heldOutEpisodes === undefined ? 'separate greedy episodes' : `${card.tree.heldOutEpisodes} separate greedy episodes`;
  return (
    `${returns}, tree fidelity over the ${card.tree.heldOutStates} states of ${episodes} derived from the same seed; ` +
    `\`fidelity.json\` and the dashboard report the tree on the run's own held-out set, so their figures differ slightly.`
  );
}

/** What each shipped file is, in the order the card lists them. */
const FILE_NOTES: [string, string][] = [
  [RUN_FILES.model, `\`${RUN_FILES.model}\``],
  [RUN_FILES.weights, `\`${RUN_FILES.weights}\` (tfjs layout)`],
  [RUN_FILES.tree, `\`${RUN_FILES.tree}\` (LMUT of this network by Active Play, compact form)`],
  [RUN_FILES.fidelity, `\`${RUN_FILES.fidelity}\``],
  [RUN_FILES.config, `\`${RUN_FILES.config}\``],
  [RUN_FILES.metrics, `\`${RUN_FILES.metrics}\``],
  [RUN_FILES.summary, `\`${RUN_FILES.summary}\``],
  [EXPERIENCE_FILE, `\`${EXPERIENCE_FILE}\` (every state visited in training, for \`qlens mimic --from\`)`],
  [REPLAY_GIF, `\`${REPLAY_GIF}\` (one greedy episode of the network, as \`qlens record\` makes it)`],
  [MODEL_CARD_FILE, `\`${MODEL_CARD_FILE}\` (this card as data)`],
  [MODEL_CARD_TEXT, `\`${MODEL_CARD_TEXT}\``],
];

/** Every file an agent folder may hold (publish --force removes the ones a run does not ship). */
export const AGENT_FILES: readonly string[] = FILE_NOTES.map(([name]) => name);

/** Cards written before `files` existed described the full set of then (not themselves): fixed, whatever publish writes later. */
const LEGACY_FILES = [RUN_FILES.model, RUN_FILES.weights, RUN_FILES.tree, RUN_FILES.fidelity, RUN_FILES.config, RUN_FILES.metrics, RUN_FILES.summary, EXPERIENCE_FILE];

function filesLine(files: string[]): string {
  const known = FILE_NOTES.filter(([name]) => files.includes(name)).map(([, note]) => note);
  const other = files.filter((f) => !FILE_NOTES.some(([name]) => name === f)).map((f) => `\`${f}\``);
  return joinAnd([...known, ...other]);
}
