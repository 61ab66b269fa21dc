import { describe, expect, it } from 'vitest';
import { listEnvs, make } from '../../../envs/index.ts';
import { formatEnvsTable } from '../../../src/cli/envs-table.ts';
import { outputWidth, wrapList } from '../../../src/cli/wrap-list.ts';

const registered = () =>
  listEnvs().map((id) => {
    const { spec } = make(id);
    return { id, observations: [...spec.featureNames], actions: [...spec.actionNames], maxEpisodeSteps: spec.maxEpisodeSteps ?? null, rewardThreshold: spec.rewardThreshold ?? null };
  });

/** The names listed under an env's row: its indented lines, wrapped ones included, read back into lists. */
function listed(text: string, id: string): { observations: string[]; actions: string[] } {
  const lines = text.split('\n');
  const block: string[] = [];
  for (const line of lines.slice(lines.findIndex((l) => l.startsWith(`${id} `)) + 1)) {
    if (!line.startsWith(' ')) break; // the next env's row
    block.push(line.trim());
  }
  const [, observations, actions] = /^observations: (.*) actions: (.*)$/.exec(block.join(' '))!;
  return { observations: observations!.split(', '), actions: actions!.split(', ') };
}

describe('qlens envs table', () => {
  it('fits 100 columns with every feature and action name, in order, under its env', () => {
    const envs = registered();
    const text = formatEnvsTable(envs, 100);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(text).toMatch(/^id +observations +actions +maxEpisodeSteps +rewardThreshold\n/);
    expect(text).toMatch(/\nFlappyBird-v0 +12 +2 +1000 +100\n/);
    for (const env of envs) expect(listed(text, env.id), env.id).toEqual({ observations: env.observations, actions: env.actions });
    // FlappyBird's twelve names wrap onto lines aligned under the first name.
    expect(text).toMatch(/\n {4}observations: last_pipe_x, [^\n]+,\n {18}\S/);
  });

  it('wraps to a narrower terminal too', () => {
    const text = formatEnvsTable(registered(), 60);
    for (const line of text.split('\n').filter((l) => l.startsWith(' '))) expect(line.length, line).toBeLessThanOrEqual(60);
  });
});

describe('wrapList', () => {
  it('breaks after a comma, never inside a name, and a name longer than the width stands alone', () => {
    expect(wrapList(['aa', 'bb', 'cc'], 10, '> ', '  ')).toEqual(['> aa, bb,', '  cc']);
    expect(wrapList(['a_very_long_name', 'b'], 8, '> ', '  ')).toEqual(['> a_very_long_name,', '  b']);
    expect(wrapList([], 10, '> ', '  ')).toEqual(['> ']);
  });

  it('lays out for the terminal’s width, or 100 columns without a terminal', () => {
    expect(outputWidth({ isTTY: true, columns: 132 })).toBe(132);
    expect(outputWidth({ isTTY: false, columns: 132 })).toBe(100);
    expect(outputWidth({})).toBe(100);
    expect(outputWidth({ isTTY: true, columns: 10 })).toBe(40);
  });
});
