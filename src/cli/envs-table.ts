/**
 * `qlens envs` as a table that fits the terminal: one row of figures per environment, its feature and
 * action names on the indented lines below, wrapped at the width. (FlappyBird's twelve feature names
 * in one cell made every line 311 columns wide.)
 */
import { formatTable } from './table.ts';
import { wrapList } from './wrap-list.ts';

export interface EnvListing {
  id: string;
  observations: string[];
  actions: string[];
  maxEpisodeSteps: number | null;
  rewardThreshold: number | null;
}

const INDENT = '    ';

export function formatEnvsTable(envs: readonly EnvListing[], width: number): string {
  const rows = envs.map((e) => ({ ...e, observations: e.observations.length, actions: e.actions.length }));
  const [header, rule, ...lines] = formatTable(rows, ['id', 'observations', 'actions', 'maxEpisodeSteps', 'rewardThreshold']).split('\n');
  const out = [header!, rule!];
  envs.forEach((e, i) => out.push(lines[i]!, ...names('observations', e.observations, width), ...names('actions', e.actions, width)));
  return out.join('\n');
}

/** `    observations: a, b,` then the rest aligned under the first name. */
function names(label: string, list: readonly string[], width: number): string[] {
  const first = `${INDENT}${label}: `;
  return wrapList(list, width, first, ' '.repeat(first.length));
}
