/**
 * `qlens explain`: why the agent acts as it does in one state — the tree's split path, each
 * feature's contribution to every action's Q (summing exactly to the tree's Q) and the network's
 * own Q beside it.
 */
import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.ts';
import { explainState, formatExplanation } from '../../explain/index.ts';
import { loadRunNetwork } from '../../runs/load-network.ts';
import { loadRunTree } from '../../runs/load-tree.ts';

interface ExplainFlags {
  run: string;
  state: string;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('explain')
    .description('Explain the agent’s decision in one state: tree path, per-feature contributions, tree vs network Q')
    .requiredOption('--run <dir>', 'run directory or pretrained agent')
    .requiredOption('--state <values>', 'the observation, comma-separated in feature order (see `qlens envs`)')
    .option('--json', 'print the explanation as JSON')
    .addHelpText('after', '\nExample:\n  qlens explain --run agents/pretrained/CartPole-v1 --state "0.01,0.2,-0.03,-0.3"')
    .action(async (flags: ExplainFlags) => {
      const { network, config } = await loadRunNetwork(flags.run);
      const tree = loadRunTree(flags.run);
      const obs = parseState(flags.state, config.envSpec.featureNames);
      const e = explainState(tree, obs, { network, featureNames: config.envSpec.featureNames, actionNames: config.envSpec.actionNames });
      process.stdout.write(flags.json ? `${JSON.stringify(e)}\n` : `${formatExplanation(e)}\n`);
    });
}

export function parseState(raw: string, featureNames: readonly string[]): Float32Array {
  const parts = raw.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  const bad = parts.findIndex((p, i) => p === '' || !Number.isFinite(values[i]));
  if (parts.length !== featureNames.length || bad >= 0) {
    const why = parts.length !== featureNames.length ? `${parts.length} values` : `${JSON.stringify(parts[bad])} at position ${bad + 1}`;
    throw new ConfigError('state', `Invalid --state: ${why} (allowed: ${featureNames.length} finite numbers, comma-separated: ${featureNames.join(', ')})`);
  }
  return Float32Array.from(values);
}
